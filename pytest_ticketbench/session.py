"""TicketbenchSession: the per-process state of one ticketbench run.

Created in ``pytest_configure`` only when ``--ticketbench`` is given, kept in
``config.stash`` and registered as a plugin, so the hooks on it exist only for
ticketbench runs. It owns the loaded suite, the copilot and its replies, and (on the
controller, or the single process) the results that reports are written from.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from .copilots.base import CopilotError, CopilotFatal, Reply
from .settings import Settings
from .suite.load import CaseError, LoadedSuite, is_case_file, load_suite_dir
from .suite.manifest import verify
from .suite.model import Case, Ticket
from .suite.vocab import LANGUAGES, MOODS, RISKS

if TYPE_CHECKING:
    from .copilots.base import Copilot
    from .runner.fetch_process import FetchProcess
    from .runner.runner import Runner
    from .scoring.aggregate import CaseResult
    from .scoring.record import CaseRecord

SESSION_KEY = pytest.StashKey["TicketbenchSession"]()

COMPONENTS: tuple[str, ...] = (
    "pytest_ticketbench.graders.judge.service:JudgeComponent",
    "pytest_ticketbench.components.results:Results",
    "pytest_ticketbench.components.html:HtmlReport",
    "pytest_ticketbench.components.baselines:Baselines",
)
"""``module:Class`` of each part of a run with hooks of its own (reports, baselines, ...).

Each is made as ``Class(session)`` in ``configure`` and registered as a plugin under its
own name, so its hooks exist only for ticketbench runs and its state lives with it."""


def get_session(config: pytest.Config) -> TicketbenchSession:
    return config.stash[SESSION_KEY]


class TicketbenchSession:
    """State and hooks of a ticketbench run in one process (controller, worker or single)."""

    def __init__(self, config: pytest.Config, settings: Settings):
        self.config = config
        self.settings = settings
        self.is_worker = hasattr(config, "workerinput")
        self._child = self._start_fetch_process()  # first: it imports the SDK while the suite loads
        try:
            self.loaded: LoadedSuite = self._load()
        except BaseException:
            if self._child is not None:
                self._child.close()
            raise
        self.baseline_note: str | None = None
        """Said at the end of a --snapshot-update run: how many samples the baseline got and why."""
        self.settings = settings = self._baseline_samples(settings)
        self._runner: Runner | None = None
        self._replies: dict[tuple[str, int], Reply | CopilotError] = {}
        self._scheduled: list[Case] = []
        self.fatal: str | None = None
        from .reports.runinfo import now
        from .reports.runrecord import RunRecord

        self.run_record = RunRecord(started=now())
        """The controller's one list of case entries, and at the end the results document."""
        self._run_meta: dict[str, Any] | None = None
        self._by_id: dict[str, Case] | None = None
        self.worker_ledgers: list[Any] = []
        self._pending: set[tuple[str, int]] = set()
        """(case, sample) keys the background fetch will deliver; items wait on ``_landed``."""
        self._landed = threading.Condition()
        self._fetch_over = False
        self.fetch_note: str | None = None
        """Said at the end when the fetch child died and the rest was fetched here."""
        self.worker_stats: dict[str, int] = {}
        self.item_rubrics: dict[str, Any] | None = None
        """The rubrics the first graded item used (``ticketbench_result``), for the gate's re-asks."""
        from .reports.junit import secrets_of

        self._secrets = secrets_of(settings)

    # --- setup ----------------------------------------------------------------------

    def _start_fetch_process(self) -> FetchProcess | None:
        """Start the child that will fetch this process's replies, where one can (see
        ``runner.fetch_process``): a copilot whose adapter says it runs there, in a run whose items this process
        runs itself (not an xdist controller or worker, not collect-only or an estimate),
        and not a budget shared with the judge (the judge's spend is counted here)."""
        import os

        from .copilots.registry import runs_in_fetch_child
        from .runner.fetch_process import DISABLE_ENV, FetchProcess

        s, option = self.settings, self.config.option
        if (
            not runs_in_fetch_child(s)
            or self.is_worker
            or getattr(option, "numprocesses", None)
            or getattr(option, "collectonly", False)
            or s.estimate
            or (s.budget is not None and s.judge)
            or os.environ.get(DISABLE_ENV, "").lower() in ("1", "true", "yes")
        ):
            return None
        try:
            return FetchProcess()
        except OSError:  # no subprocess here: fetch on a thread instead
            return None

    def _baseline_samples(self, settings: Settings) -> Settings:
        """--snapshot-update records K_b samples per case (--ticketbench-baseline-repeat, else
        suite.yaml gate.baseline_repeat, else 10), so the gate learns each verdict's flakiness;
        a deterministic copilot needs one, and an explicit --ticketbench-repeat wins."""
        from dataclasses import replace

        from .baseline.gate import baseline_repeat

        if not getattr(self.config.option, "update_snapshots", False) or settings.repeat_given:
            return settings
        if settings.is_deterministic:
            self.baseline_note = (f"ticketbench: baseline recorded with 1 sample per case: copilot {settings.copilot} is deterministic, "
                                  "so more samples would repeat the same verdicts")
            return settings
        k_b, warning = baseline_repeat(self.loaded.suite.gate, cli=settings.baseline_repeat)
        self.baseline_note = f"ticketbench: baseline recorded with {k_b} samples per case" + (f" ({warning})" if warning else "")
        return replace(settings, repeat=k_b)

    def reasker(self, rubrics: Any = None) -> Any:
        """The gate's ``reask(case_id, attempt)``: one more sample of a screened case (sample
        index K + attempt, so a seeded copilot and the cache see a new sample), asked through
        this process's runner and graded with the run's rubrics; None when it got no reply."""
        from .graders.grade import grade
        from .scoring.aggregate import score_case

        cases = {c.id: c for c in self.loaded.cases.values()}
        graders = rubrics if rubrics is not None else self.rubrics_for_reasks()
        suite = self.loaded.suite

        def reask(case_id: str, attempt: int) -> dict[str, bool | None] | None:
            case = cases.get(case_id)
            if case is None or self.fatal:
                return None
            sample = self.settings.repeat + attempt
            try:
                got = self.runner.fetch([self.ticket(case)], samples=1, start=sample)
            except CopilotFatal:
                return None
            reply = got.get((case.id, sample))
            if not isinstance(reply, Reply):
                return None
            result = score_case(case, reply, grade(case, reply, graders), suite)
            return {v.rubric: v.passed for v in result.verdicts}

        return reask

    def rubrics_for_reasks(self) -> dict[str, Any]:
        """The rubrics the items graded with (kept from the first item this process graded),
        else, in an xdist controller that graded none, every registered rule rubric made
        from the suite (a conftest's ``ticketbench_rubrics`` override is not seen there)."""
        if self.item_rubrics is not None:
            return self.item_rubrics
        from .graders import rules  # noqa: F401  (registers the built-in rule rubrics)
        from .graders.base import registered

        named = {name: spec.make(self.loaded.suite) for name, spec in registered().items() if spec.kind == "rule"}
        judge = self.components.get("JudgeComponent")
        return dict(judge.rubrics(named)) if judge is not None and judge.enabled else named

    def _load(self) -> LoadedSuite:
        root = self.settings.suite_dir
        if not root.is_dir():
            raise pytest.UsageError(
                f"ticketbench: no suite {self.settings.version!r}: folder {root} does not exist "
                f"(the cases root is {self.settings.cases_root}; set it with --ticketbench-cases or ini ticketbench_cases)"
            )
        try:
            loaded = load_suite_dir(root)
        except CaseError as exc:
            raise pytest.UsageError(f"ticketbench: {exc.describe(self.config.rootpath)}") from None
        if not self.settings.allow_unfrozen:
            try:
                drift = verify(root)
            except ValueError as exc:  # includes the replay file's own errors
                raise pytest.UsageError(f"ticketbench: {exc}") from None
            if drift:
                raise pytest.UsageError("ticketbench: " + drift.describe(root))
        return loaded

    def configure(self) -> None:
        """Point collection at the suite (unless paths were given), register markers,
        and make the copilot now, so a bad copilot setting fails before any case runs."""
        config = self.config
        self.runner  # noqa: B018
        if config.args_source != pytest.Config.ArgsSource.ARGS:
            config.args[:] = [str(self.settings.suite_dir)]
        suite = self.loaded.suite
        for name, definition in suite.scenarios.items():
            config.addinivalue_line("markers", f"{name}: ticketbench scenario: {definition}")
        risks = {**RISKS, **suite.vocabularies.risks}  # a suite's own risk markers select with -m like the built-in ones
        for vocab, what in ((LANGUAGES, "language"), (MOODS, "mood"), (risks, "risk")):
            for name, meaning in vocab.items():
                config.addinivalue_line("markers", f"{name}: ticketbench {what}: {meaning}")
        self.components: dict[str, Any] = {}
        for spec in COMPONENTS:
            import importlib

            module_name, _, attr = spec.partition(":")
            component = getattr(importlib.import_module(module_name), attr)(self)
            self.components[attr] = component
            config.pluginmanager.register(component, f"ticketbench-{attr}")

        if not getattr(_freeze_heap_at_exit, "registered", False):
            import atexit

            atexit.register(_freeze_heap_at_exit)
            _freeze_heap_at_exit.registered = True  # type: ignore[attr-defined]

    def unconfigure(self) -> None:
        if self._child is not None:
            self._child.close()
        for component in getattr(self, "components", {}).values():
            self.config.pluginmanager.unregister(component)

    def header(self) -> list[str]:
        """Report-header lines: the suite, its freeze state, the split and the copilot."""
        from .suite.manifest import read_manifest

        s = self.settings
        manifest = read_manifest(s.suite_dir)
        frozen = f"frozen {manifest.get('frozen')}" if manifest else "not frozen"
        where = s.suite_dir.relative_to(s.root) if s.suite_dir.is_relative_to(s.root) else s.suite_dir
        return [
            f"ticketbench: suite {s.version} ({where}, {len(self.loaded.cases)} cases, {frozen}), split {s.split}",
            f"ticketbench: copilot {s.profile_name}, concurrency {s.concurrency}, cache {s.cache}"
            + (f", {s.repeat} samples per case" if s.repeat > 1 else ""),
        ]

    def owns(self, path: Path) -> bool:
        """Whether ``path`` is a case file of the suite being run."""
        return is_case_file(path, self.settings.suite_dir)

    def select(self, items: list[pytest.Item]) -> tuple[list[pytest.Item], list[pytest.Item]]:
        """Split the collected items into (kept, deselected) by --ticketbench-split."""
        from .collect import CASE_KEY

        split = self.settings.split
        kept: list[pytest.Item] = []
        dropped: list[pytest.Item] = []
        for item in items:
            case = item.stash.get(CASE_KEY, None)
            (dropped if case is not None and split != "all" and case.split != split else kept).append(item)
        return kept, dropped

    # --- replies --------------------------------------------------------------------

    @property
    def runner(self) -> Runner:
        if self._runner is None:
            self._runner = self._make_runner()
        return self._runner

    def _make_runner(self) -> Runner:
        from .copilots.registry import make_copilot
        from .runner.accounting import DEFAULT_PRICES, load_prices, price_for
        from .runner.cache import ResponseCache
        from .runner.runner import Runner

        s = self.settings
        try:
            copilot: Copilot = make_copilot(s)
            prices = dict(DEFAULT_PRICES)
            if s.prices:
                prices.update(load_prices(s.prices))
        except ValueError as exc:  # includes the replay file's own errors
            raise pytest.UsageError(f"ticketbench: {exc}") from None
        model = getattr(getattr(copilot, "config", None), "model", None)
        return Runner(
            copilot,
            concurrency=s.concurrency,
            rpm=s.rpm,
            retries=s.retries,
            cache=ResponseCache(s.cache_dir, s.cache) if s.cache != "off" and s.cache_dir else None,  # type: ignore[arg-type]
            price=price_for(model, prices) if model else None,
            budget=s.budget,
        )

    def ticket(self, case: Case) -> Ticket:
        return Ticket.from_case(case, self.loaded.suite)

    def prefetch(self, cases: list[Case], *, progress: Any = None) -> None:
        """Ask for every (case, sample) not yet answered, all at once; keeps what finished."""
        todo = [c for c in cases if any((c.id, k) not in self._replies for k in range(self.settings.repeat))]
        if not todo or self.fatal:
            return
        try:
            self._replies.update(self.runner.fetch([self.ticket(c) for c in todo], samples=self.settings.repeat, progress=progress))
        except CopilotFatal as exc:
            self.fatal = str(exc)
            raise

    def reply_for(self, case: Case, sample: int = 0) -> Reply:
        """The copilot's reply for ``case``; raises CopilotError when it gave none."""
        if self.fatal:
            raise CopilotFatal(f"not asked: the run stopped: {self.fatal}")
        key = (case.id, sample)
        if key in self._pending:
            with self._landed:
                self._landed.wait_for(lambda: key in self._replies or self._fetch_over)
            if self.fatal and (case.id, sample) not in self._replies:
                raise CopilotFatal(f"not asked: the run stopped: {self.fatal}")
        if (case.id, sample) not in self._replies:
            # A worker learns its cases from xdist's queue: ask for all of those at once.
            batch = self._worker_queue() if self.is_worker else []
            self.prefetch([case] + [c for c in batch if c.id != case.id])
        result = self._replies.get((case.id, sample)) or CopilotError(f"no reply for case {case.id!r}")
        if isinstance(result, CopilotError):
            raise result
        return result

    def landed(self) -> list[tuple[Case, Reply]]:
        """Replies that have arrived so far, with their cases (graders that batch, e.g. the judge)."""
        cases = {c.id: c for c in self._scheduled} or {c.id: c for c in self.loaded.cases.values()}
        return [(cases[cid], r) for (cid, _), r in list(self._replies.items()) if isinstance(r, Reply) and cid in cases]

    def _worker_queue(self) -> list[Case]:
        """Cases queued on this xdist worker (its items to run next), in order."""
        from .collect import CASE_KEY

        interactor = next((p for p in self.config.pluginmanager.get_plugins() if type(p).__name__ == "WorkerInteractor"), None)
        session = getattr(interactor, "session", None)
        if interactor is None or session is None:
            return []
        with interactor.torun.lock() as queue:
            indices = [i for i in queue if isinstance(i, int)]
        nxt = getattr(interactor, "nextitem_index", None)
        if isinstance(nxt, int):
            indices.insert(0, nxt)
        items = session.items
        return [items[i].stash[CASE_KEY] for i in indices if 0 <= i < len(items) and CASE_KEY in items[i].stash]

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session: pytest.Session) -> bool | None:
        """Before the items run, ask the copilot for every selected case (or just estimate)."""
        if self.is_worker or not self._scheduled:
            return None
        _freeze_heap()  # the suite and the items live to the end: later collections skip them
        if self.settings.estimate:
            self._print_estimate()
            return True
        self._fetch_in_background(self._scheduled)
        return None

    def _fetch_in_background(self, cases: list[Case]) -> None:
        """Ask for every reply on a background event loop, in item order, while the items
        run: an item waits only for its own reply, so grading overlaps the network wait."""
        repeat = self.settings.repeat
        self._pending = {(c.id, k) for c in cases for k in range(repeat)}
        self._fetch_line: str | None = None
        from .runner.fetch_process import ChildDied

        def landed(key: tuple[str, int], outcome: Reply | CopilotError) -> None:
            with self._landed:
                self._replies[key] = outcome
                self._landed.notify_all()

        def progress(line: str, final: bool) -> None:
            if final:
                self._fetch_line = line

        def run() -> None:
            # Items grade on the main thread while this loop waits on the network: a short
            # GIL switch interval lets a landed reply be handled without waiting out a 5 ms slice.
            interval = sys.getswitchinterval()
            sys.setswitchinterval(min(interval, 0.0005))
            todo = cases
            try:
                # Tickets are made as they are sent (child) or in one list the fetch holds.
                if self._child is not None and self.runner.portable() is not None:
                    try:
                        self._child.run(self.runner, map(self.ticket, todo), samples=repeat, on_result=landed, progress=progress)
                        return
                    except ChildDied as exc:  # infrastructure of ours: ask for the rest here
                        self.fetch_note = f"ticketbench: {exc}; the replies still missing were fetched in the pytest process"
                        todo = [c for c in todo if any((c.id, k) not in self._replies for k in range(repeat))]
                self.runner.fetch([self.ticket(c) for c in todo], samples=repeat, on_result=landed, progress=progress)
            except CopilotFatal as exc:
                self.fatal = str(exc)
            except BaseException as exc:  # noqa: BLE001  (never leave an item waiting forever)
                self.fatal = f"fetching replies failed: {type(exc).__name__}: {exc}"
            finally:
                sys.setswitchinterval(interval)
                with self._landed:
                    self._fetch_over = True
                    self._landed.notify_all()

        self._fetcher = threading.Thread(target=run, name="ticketbench-fetch", daemon=True)
        self._fetcher.start()

    def fetch_summary(self) -> str | None:
        """The fetch's final progress line (done/total, errors, elapsed, spend)."""
        fetcher = getattr(self, "_fetcher", None)
        if fetcher is not None:
            fetcher.join(timeout=5)
        return getattr(self, "_fetch_line", None)

    def _print_estimate(self) -> None:
        from .reports.terminal import write_estimate
        from .runner.accounting import estimate_cost

        runner = self.runner
        from .copilots.base import Prompted

        copilot = runner.copilot
        prompts = []
        for case in self._scheduled:
            msgs = copilot.messages(self.ticket(case)) if isinstance(copilot, Prompted) else self.ticket(case).messages()
            prompts += ["\n".join(m["content"] for m in msgs)] * self.settings.repeat
        est = estimate_cost(prompts, expected_completion_tokens=self.settings.max_tokens or 200, price=runner.price)
        reporter = self.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            write_estimate(reporter, est)

    def record(self, item: pytest.Item, case: Case, result: CaseResult) -> tuple[CaseRecord, dict[str, Any], str | None]:
        """The case's finished record, its results entry (serialised once), and the words
        of its baseline status when that fails the item."""
        from .scoring.record import record_case

        data = result.to_dict()  # the one serialisation of the graded result
        baselines = self.components.get("Baselines")
        status = baselines.status(data, passed=result.passed, gating=len(result.gating)) if baselines is not None else None
        fails = baselines.fails(status) if baselines is not None and status is not None else not result.passed
        text = None
        if self.config.get_verbosity() >= 2:  # -vv prints every case's story in the summary
            from .reports.text import render_case

            text = render_case(case, result, root=self.config.rootpath)
        record = record_case(result, self.replies_for(case), nodeid=item.nodeid, fails=fails, status=status,
                             turns=len(case.conversation), text=text)
        if text is not None:
            from .collect import TEXT_KEY

            item.stash[TEXT_KEY] = text
        words = None
        if status is not None and fails:
            words = status.status.replace("_", " ") + (f": {status.diff}" if status.diff else "")
        return record, record.to_dict(data), words

    def make_report(self, item: pytest.Item, when: str, report: pytest.TestReport) -> None:
        """Carry the case's finished entry on its call report, then let the JUnit sink
        read it: the entry is complete here, so the properties can never miss a field."""
        from .collect import CASE_KEY, ENTRY_KEY, RESULT_KEY, TEXT_KEY
        from .reports import junit

        if when == "call":
            entry = item.stash.get(ENTRY_KEY, None)
            if entry is not None:
                report.ticketbench = entry  # type: ignore[attr-defined]
                text = item.stash.get(TEXT_KEY, None)
                if text is not None:
                    report.ticketbench_text = text  # type: ignore[attr-defined]
                props = junit.properties(entry)
                item.user_properties.extend(props)
                report.user_properties.extend(props)
                if report.failed and isinstance(report.longrepr, str):
                    report.longrepr = junit.with_failure_line(report.longrepr, entry)
        elif when == "setup" and report.failed:
            case = item.stash.get(CASE_KEY, None)
            if case is not None:
                item.user_properties.extend(junit.error_properties(case))
            result = item.stash.get(RESULT_KEY, None)
            if result is not None:  # graded, then ERRORed (a gating judge's error): the rule verdicts stay in the results
                report.ticketbench = result.to_dict()  # type: ignore[attr-defined]
        if self._secrets and isinstance(report.longrepr, str):  # a copilot that echoes its key
            report.longrepr = junit.redact(report.longrepr, self._secrets)

    @pytest.hookimpl(trylast=True)
    def pytest_runtest_teardown(self, item: pytest.Item) -> None:
        """Drop the item's graded result: its report carries it as plain data from here on,
        and a run of 1000 cases kept ~8 MB of verdict objects for nothing."""
        from .collect import ENTRY_KEY, RESULT_KEY, TEXT_KEY

        stash = item.stash
        if RESULT_KEY in stash:
            del stash[RESULT_KEY]
        if ENTRY_KEY in stash:
            del stash[ENTRY_KEY]
        if TEXT_KEY in stash:
            del stash[TEXT_KEY]

    def replies_for(self, case: Case) -> list[Reply]:
        """Every sample's reply that ``case`` got (in sample order; errors left out)."""
        found = (self._replies.get((case.id, k)) for k in range(self.settings.repeat))
        return [r for r in found if isinstance(r, Reply)]

    def write_terminal_summary(self, reporter: Any) -> None:
        """Controller: the verdict grid, rubric rates, fetch line and accounting."""
        from .reports.terminal import write_accounting, write_summary

        record = self.run_record
        if self.is_worker or not (record.cases or record.errors):
            return
        reporter.write_sep("=", f"ticketbench {self.settings.version} · copilot {self.settings.profile_name}")
        graded = [c for c in record.cases if c.get("outcome") != "error"]
        write_summary(reporter.write_line, graded, errors=record.errors, verbose=self.config.get_verbosity(), texts=record.texts)
        fetched = self.fetch_summary()
        if fetched:
            reporter.write_line(fetched)
        if self.fetch_note:
            reporter.write_line(self.fetch_note, yellow=True)
        write_accounting(reporter.write_line, *self.accounting())

    def merge_worker(self, output: dict[str, Any]) -> None:
        """Controller: fold one worker's published accounting into this run's."""
        from .runner.accounting import Ledger
        from .runner.runner import merge_stats

        data = output.get("ticketbench")
        if not data:
            return
        self.worker_ledgers.append(Ledger.from_dict(data["ledger"]))
        merge_stats(self.worker_stats, data["stats"])

    def accounting(self) -> tuple[dict[str, Any], dict[str, int]]:
        """This run's ledger summary and runner stats, merged over xdist workers."""
        from .runner.accounting import Ledger
        from .runner.runner import merge_stats

        ledger = Ledger()
        stats: dict[str, int] = dict(self.worker_stats)
        if self._runner is not None:
            ledger.merge(self._runner.ledger)
            merge_stats(stats, self._runner.stats.to_dict())
        for other in self.worker_ledgers:
            ledger.merge(other)
        return ledger.summary(), stats

    # --- results (controller or single process) --------------------------------------

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Controller: append each finished case's entry to the run record (the one place
        entries are kept), then tell every ``pytest_ticketbench_case_record`` sink."""
        if self.is_worker:
            return
        data = getattr(report, "ticketbench", None)
        entry: dict[str, Any] | None = None
        if report.when == "call" and isinstance(data, dict):
            entry = data  # the case's finished record (scoring/record.py), made once where the item ran
            text = getattr(report, "ticketbench_text", None)
            self.run_record.add(entry, text=str(text) if text else None)
        elif report.failed and report.when in ("setup", "call"):
            from .reports.results import case_entry, error_entry, error_text

            if report.when == "setup":
                self.run_record.errors += 1
            error = error_text(report.longreprtext)
            if isinstance(data, dict):  # graded, then ERRORed (a gating judge's error): keep every verdict
                entry = case_entry(data, nodeid=report.nodeid, outcome="error", error=error)
            else:
                if self._by_id is None:
                    self._by_id = {c.id: c for c in self.loaded.cases.values()}
                case = self._by_id.get(report.nodeid.rsplit("::", 1)[-1])
                entry = error_entry(case, nodeid=report.nodeid, error=error)
            self.run_record.add(entry)
        if entry is not None:
            self.config.hook.pytest_ticketbench_case_record(config=self.config, entry=entry)

    # --- the end of the run (controller or single process) ---------------------------

    def run_metadata(self) -> dict[str, Any]:
        """The ``run`` block, made once through the generate/update hooks."""
        if self._run_meta is None:
            hook = self.config.hook
            run = hook.pytest_ticketbench_generate_run_metadata(config=self.config)
            hook.pytest_ticketbench_update_run_metadata(config=self.config, run=run)
            self._run_meta = run
        self._run_meta["suite"]["selected"] = self.run_record.selected
        return self._run_meta

    def pytest_ticketbench_generate_run_metadata(self, config: pytest.Config) -> dict[str, Any]:
        """The built-in run block: suite, copilot, versions (``reports/runinfo.py``)."""
        from .reports.runinfo import run_info

        return run_info(self, started=self.run_record.started)

    def pytest_ticketbench_update_run_metadata(self, config: pytest.Config, run: dict[str, Any]) -> None:
        """The judge's configuration, when one is on."""
        judge = self.components.get("JudgeComponent")
        run["judge"] = judge.describe() if judge is not None else None

    def accounting_block(self) -> dict[str, Any]:
        from .reports.results import accounting_block

        return accounting_block(*self.accounting())

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        """Workers publish their accounting. The controller finishes the run once: the
        document (aggregates, economics), then the gate, then every report sink."""
        if self.is_worker:
            if self._runner is not None:
                self.config.workeroutput["ticketbench"] = {  # type: ignore[attr-defined]
                    "ledger": self._runner.ledger.to_dict(),
                    "stats": self._runner.stats.to_dict(),
                }
            return
        if self.settings.estimate:
            return
        from .reports.runinfo import now

        record = self.run_record
        complete = exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED) and not (session.shouldstop or session.shouldfail)
        if record.selected is not None and len(record.cases) < record.selected:
            complete = False
        run = self.run_metadata()
        run["finished"] = now()
        results = self.components["Results"]
        doc = record.finish(run=run, accounting=self.accounting_block(), costs=results.costs, costs_source=results.costs_source,
                            complete=complete)
        hook = self.config.hook
        hook.pytest_ticketbench_update_results(config=self.config, document=doc)
        gate = self.components["Baselines"].finish(doc)
        if gate is not None:
            doc["gate"] = gate
            if gate["decision"] == "fail" and session.exitstatus == pytest.ExitCode.OK:
                session.exitstatus = pytest.ExitCode.TESTS_FAILED
        hook.pytest_ticketbench_run_finished(config=self.config, document=doc, complete=complete)
        if self.components["HtmlReport"].error is not None:
            session.exitstatus = pytest.ExitCode.USAGE_ERROR

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        """Note the cases that will run (after -k/-m/split deselection), to ask for them at once."""
        from .collect import CASE_KEY

        self._scheduled = [item.stash[CASE_KEY] for item in session.items if CASE_KEY in item.stash]
        self.run_record.selected = len(session.items)

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node: Any, ids: list[str]) -> None:
        """Note how many cases were selected (xdist: every worker collects them all)."""
        self.run_record.selected = len(ids)


def _freeze_heap() -> None:
    """Move every object alive now to the garbage collector's permanent generation.

    Called once the items are collected: the modules, the suite and the items then live
    to the end of the run, and every full collection during the run (and pytest's own at
    unconfigure) would walk them again for nothing. Measured on 500 cases: the run's full
    collections took 0.26 s before, 0.13 s after. What is frozen is never collected, so a
    cycle among these objects that dies later stays until exit; nothing here dies early.
    """
    import gc

    gc.freeze()


def _freeze_heap_at_exit() -> None:
    """Skip the interpreter's final garbage collections over a finished run's objects.

    A 1000-case run leaves ~200k tracked objects (items, reports, results); the full
    collections of interpreter finalization walk them all, ~0.2 s of pure exit time.
    pytest has already run its own collections (unraisable-exception checks) in
    unconfigure, and Python does not promise ``__del__`` of objects alive at exit, so
    moving them to the permanent generation changes nothing but the exit time.
    Registered in ``configure``, so it runs after the atexit handlers registered later
    (atexit is last-in, first-out) and before those registered earlier.
    """
    _freeze_heap()


class DeferXdist:
    """xdist's controller-side hook, registered only where pytest-xdist is installed."""

    def __init__(self, session: TicketbenchSession):
        self.session = session

    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        """Merge a finished worker's accounting into the run's."""
        self.session.merge_worker(getattr(node, "workeroutput", {}) or {})
