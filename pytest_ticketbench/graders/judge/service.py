"""The judge in a run: which rubrics, their calls in bulk, and their verdicts per reply.

``JudgeComponent`` is a session component (``session.COMPONENTS``). When the judge is off
(the default) it does nothing and offers no rubric. When it is on, each judge rubric is a
rubric object in ``ticketbench_rubrics``; the first item that asks for a judge verdict sends
one judge call per (reply, rubric) -- or per reply with ``judge: {batch: true}`` -- for
every reply that has landed and is not judged yet, all at once, through a second ``Runner``
(its own concurrency gate, retries and AIMD; the run's cache folder and ledger, as kind
``judge``). Later items find their verdicts done, or judge the next landed batch; under
xdist each worker judges the replies it fetched. Verdicts are kept by (case, sample).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from ..base import Verdict
from .verdict import error_verdict, unanswered_verdict

if TYPE_CHECKING:
    from ...copilots.base import Reply
    from ...runner.runner import Runner
    from ...session import TicketbenchSession
    from ...suite.model import Case
    from .client import JudgeClient, JudgeJob
    from .identity import JudgeIdentity
    from .spec import JudgeRubricSpec

RUBRICS_DIR = "rubrics"


class JudgeComponent:
    """The LLM judge of one process's run (controller, worker or single)."""

    def __init__(self, session: TicketbenchSession):
        self.session = session
        self.settings = session.settings
        self.suite = session.loaded.suite
        self.specs: dict[str, JudgeRubricSpec] = {}
        self._done: dict[tuple[str, int], dict[str, Verdict]] = {}
        self._lock = threading.Lock()
        self._runner: Runner | None = None
        self._rules: dict[str, Any] = {}
        """The rule rubric of each ``rule_then_judge`` rubric: only its unsure verdicts are judged."""
        self.fatal: str | None = None
        self.worker_stats: dict[str, int] = {}
        if self.settings.judge:
            self.specs = {s.name: s for s in self._load_specs()}
            self._runner = self._make_runner()

    @property
    def enabled(self) -> bool:
        return bool(self.specs)

    # --- setup -----------------------------------------------------------------------

    def folders(self) -> list[Path]:
        """Where judge rubric files are looked for: rubrics/ under the rootdir.

        Not inside the suite folder: every YAML file there is a case file to the loader."""
        return [self.settings.root / RUBRICS_DIR]

    def _load_specs(self) -> list[JudgeRubricSpec]:
        from ...suite.load import CaseError
        from .spec import find_rubrics

        asked = self.settings.judge or "all"
        names = tuple(n.strip() for n in asked.split(",") if n.strip()) if asked != "all" else tuple(self.suite.judge.rubrics)
        try:
            specs = find_rubrics(self.folders(), names or None)
        except CaseError as exc:
            raise pytest.UsageError(f"ticketbench: {exc.describe(self.settings.root)}") from None
        if not specs:
            raise pytest.UsageError(f"ticketbench: --ticketbench-judge is on but no judge rubric file was found in {', '.join(map(str, self.folders()))}")
        return specs

    def _make_runner(self) -> Runner:
        from ...copilots.openai import OpenAIConfig
        from ...runner.accounting import DEFAULT_PRICES, load_prices, price_for
        from ...runner.cache import ResponseCache
        from ...runner.runner import Runner
        from .client import JudgeClient, JudgeLedger

        s = self.settings
        prices = dict(DEFAULT_PRICES)
        try:
            if s.prices:
                prices.update(load_prices(s.prices))
            price = price_for(str(s.judge_model), prices)
            ledger = JudgeLedger(self.session.runner.ledger)
            config = OpenAIConfig(model=str(s.judge_model), base_url=s.judge_base_url, api_key_env=s.judge_api_key_env,
                                  temperature=0.0, max_tokens=self._max_tokens(),
                                  timeout_s=s.timeout)
            client: JudgeClient = JudgeClient(config, malformed_retries=self.suite.judge.malformed_retries, ledger=ledger, price=price)
        except ValueError as exc:
            raise pytest.UsageError(f"ticketbench: judge: {exc} (the judge's key comes from --ticketbench-judge-api-key-env)") from None
        cache = ResponseCache(s.cache_dir / "judge", s.cache) if s.cache != "off" and s.cache_dir else None  # type: ignore[arg-type]
        return Runner(client, concurrency=s.judge_concurrency or s.concurrency, retries=s.retries, cache=cache,
                      ledger=ledger, price=price, budget=s.budget)

    def _max_tokens(self) -> int | None:
        """The judge's completion limit: the largest rubric's, or their sum when one call grades them all."""
        limits = [sp.max_tokens or 0 for sp in self.specs.values()]
        limit = sum(limits) if self.suite.judge.batch else max(limits, default=0)
        return limit or None

    # --- rubrics ---------------------------------------------------------------------

    def gate_note(self, name: str) -> str | None:
        """Why judge rubric ``name`` does not gate (uncalibrated for this judge, or kappa below the floor), or None."""
        from .identity import gate_note

        judge = self.suite.judge
        return gate_note(self.suite.calibration.get(name), self.identity(self.specs[name]), floor=judge.kappa_floor,
                         gate_uncalibrated=judge.gate_uncalibrated)

    def identity(self, spec: JudgeRubricSpec) -> JudgeIdentity:
        """The judge of ``spec`` in this run, as a calibration records it."""
        from .identity import DIGEST_CHARS, JudgeIdentity, endpoint

        return JudgeIdentity(model=str(self.settings.judge_model), endpoint=endpoint(self.settings.judge_base_url), digest=spec.digest[:DIGEST_CHARS])

    def gates(self, spec: JudgeRubricSpec) -> bool:
        """Whether the judge's verdict on ``spec`` can fail a case: only then is its failure to answer an ERROR."""
        return self.gate_note(spec.name) is None and not (spec.mode == "both" and spec.both == "rule_gates")

    def rubrics(self, rules: Mapping[str, Any]) -> dict[str, Any]:
        """``rules`` (the rule rubrics by name) with the judge rubrics added or combined in."""
        from .rubric import BothRubric, JudgeRubric

        out = dict(rules)
        for name, spec in self.specs.items():
            judge = JudgeRubric(self, spec)
            if spec.mode == "both":
                if name not in rules:
                    raise pytest.UsageError(f"ticketbench: {spec.path}: mode 'both' needs a rule rubric named {name!r}; there is none (rubrics: {', '.join(sorted(rules))})")
                out[name] = BothRubric(rules[name], judge, spec.both)
                if spec.both == "rule_then_judge":
                    self._rules[name] = rules[name]
            else:
                out[name] = judge
        return out

    def params(self, spec: JudgeRubricSpec) -> dict[str, Any]:
        root = self.settings.root
        path = spec.path.relative_to(root) if spec.path.is_relative_to(root) else spec.path
        return {"file": path.as_posix(), "model": self.settings.judge_model, "digest": spec.digest[:12]}

    # --- verdicts --------------------------------------------------------------------

    def verdict(self, case: Case, reply: Reply, name: str) -> Verdict:
        """The judge's verdict on ``reply`` for rubric ``name``; judges every landed reply not judged yet."""
        key = (case.id, reply.sample)
        with self._lock:
            if key not in self._done:
                self._judge([(case, reply)] + [p for p in self.session.landed() if (p[0].id, p[1].sample) != key])
        return self._done[key].get(name) or error_verdict(name, "the judge was not asked for this rubric", params=self.params(self.specs[name]))

    def _judge(self, pairs: list[tuple[Case, Reply]]) -> None:
        from ...copilots.base import CopilotError, CopilotFatal
        from .verdict import parse_answer, to_verdict

        pairs = [(c, r) for c, r in pairs if (c.id, r.sample) not in self._done]
        jobs = [job for case, reply in pairs for job in self._jobs(case, reply)]
        outcomes: dict[tuple[str, int], Reply | CopilotError] = {}
        if self.fatal is None and jobs:
            assert self._runner is not None
            try:
                outcomes = self._runner.fetch(jobs)  # type: ignore[arg-type]  # a JudgeJob duck-types Ticket
            except CopilotFatal as exc:
                self.fatal = f"the judge stopped: {exc}"
        for case, reply in pairs:
            self._done.setdefault((case.id, reply.sample), {})  # template errors are in already
        for job in jobs:
            got = outcomes.get((job.case_id, 0)) or CopilotError(self.fatal or "the judge gave no answer")
            verdicts = self._done[(job.case.id, job.sample)]
            if isinstance(got, CopilotError):
                for spec in job.specs:
                    verdicts[spec.name] = self._failed(spec, f"judge ({self.settings.judge_model}): {got}")
                continue
            answers = parse_answer(got.text, job.names)  # the client only returns valid answers
            for spec in job.specs:
                verdicts[spec.name] = to_verdict(spec, answers[spec.name], job.reply_text, params=self.params(spec),
                                                 gate_note=self.gate_note(spec.name), cost_usd=got.cost_usd / len(job.specs))

    def _jobs(self, case: Case, reply: Reply) -> list[JudgeJob]:
        import jinja2

        from . import prompt
        from .client import JudgeJob

        specs = [s for s in self.specs.values() if self._needs_judge(s, case, reply)]
        if not specs:
            return []
        groups = [specs] if self.suite.judge.batch else [[s] for s in specs]
        jobs = []
        for group in groups:
            names = "+".join(s.name for s in group)
            try:
                sent = prompt.messages(group, case, reply.text, suite=self.suite)
            except (jinja2.TemplateError, TypeError, ValueError) as exc:  # a template error for this case: that rubric's verdict errors
                self._done.setdefault((case.id, reply.sample), {}).update(
                    {s.name: self._failed(s, f"the judge prompt of {s.template_path.name} could not be rendered: {type(exc).__name__}: {exc}") for s in group}
                )
                continue
            parts = prompt.key_parts(group, case, reply.text, suite=self.suite)
            jobs.append(JudgeJob(case_id=f"{case.id}#{reply.sample}#{names}", case=case, reply_text=reply.text, sample=reply.sample,
                                 specs=tuple(group), sent=tuple(sent), parts=parts))
        return jobs

    def _needs_judge(self, spec: JudgeRubricSpec, case: Case, reply: Reply) -> bool:
        """False for a ``rule_then_judge`` rubric whose rule is sure of this reply: the judge is not asked."""
        rule = self._rules.get(spec.name)
        if rule is None:
            return True
        from .rubric import rule_verdict

        try:
            return rule_verdict(rule, case, reply).unsure
        except Exception:  # noqa: BLE001  the same call raises again in grading, where it is reported as the rubric's crash
            return False

    def _failed(self, spec: JudgeRubricSpec, error: str) -> Verdict:
        """No verdict from the judge: an error where the judge gates; a note on the verdict where it does not."""
        if self.gates(spec):
            return error_verdict(spec.name, error, params=self.params(spec))
        return unanswered_verdict(spec.name, error, why=self.gate_note(spec.name) or "the rule decides (rule_gates)", params=self.params(spec))

    # --- reporting and xdist ---------------------------------------------------------

    def describe(self) -> dict[str, Any] | None:
        """The judge configuration for run metadata (results JSON ``run.judge``), or None when off."""
        if not self.enabled:
            return None
        from urllib.parse import urlsplit

        base = self.settings.judge_base_url
        return {
            "model": self.settings.judge_model,
            "base_url_host": urlsplit(base).netloc if base else "api.openai.com",
            "rubrics": {n: {"file": self.params(s)["file"], "digest": s.digest, "mode": s.mode, "pass_threshold": s.pass_threshold,
                            "gating": self.gate_note(n) is None, "gate_note": self.gate_note(n)} for n, s in self.specs.items()},
            "batch": self.suite.judge.batch,
            "kappa_floor": self.suite.judge.kappa_floor,
        }

    def stats(self) -> dict[str, int]:
        from ...runner.runner import merge_stats

        stats = dict(self.worker_stats)
        return merge_stats(stats, self._runner.stats.to_dict()) if self._runner is not None else stats

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        """Workers publish their judge request counts for the controller."""
        if self.session.is_worker and self._runner is not None:
            self.session.config.workeroutput["ticketbench_judge"] = self._runner.stats.to_dict()  # type: ignore[attr-defined]

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        """Controller: add a finished worker's judge request counts."""
        from ...runner.runner import merge_stats

        merge_stats(self.worker_stats, (getattr(node, "workeroutput", {}) or {}).get("ticketbench_judge") or {})

    @pytest.hookimpl(trylast=True)
    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        """The judge's line: model, rubrics (and which do not gate, and why), requests."""
        if not self.enabled or self.session.is_worker:
            return
        for line in self.summary_lines():
            terminalreporter.write_line(line)

    def summary_lines(self) -> list[str]:
        names = []
        for name in self.specs:
            note = self.gate_note(name)
            names.append(f"{name} ({note})" if note else name)
        s = self.stats()
        lines = [f"judge {self.settings.judge_model}: rubrics {', '.join(names)}"]
        if any(self.suite.calibration.get(n) is None for n in self.specs) and not self.suite.judge.gate_uncalibrated:
            lines.append("judge calibration: an uncalibrated rubric reports but does not gate; record one with `ticketbench calibrate FILE --suite DIR --record`")
        lines.append(f"judge requests: {s.get('requests', 0)} sent, {s.get('retries', 0)} retried, "
                     f"{s.get('cache_hits', 0)} cached, {s.get('errors', 0)} without verdict")
        if self.fatal:
            lines.append(self.fatal)
        return lines
