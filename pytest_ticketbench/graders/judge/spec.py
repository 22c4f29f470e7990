"""Judge rubric files: ``rubrics/<name>.yaml`` plus a Jinja2 template beside it.

A rubric file says what is graded, a 1-5 scale with an anchor per point, the pass
threshold, whether the rubric runs as a judge alone or together with the rule rubric of
the same name (and how the two combine), and the template of the judge prompt. Files are
read with the suite loader's helpers (safe YAML, type-checked fields, duplicate keys), so a
bad file is one error naming the file, the line and the field. Templates render in
jinja2's ``ImmutableSandboxedEnvironment`` with ``StrictUndefined``: a template cannot reach
Python internals or change what it is given, and a misspelt variable is an error, not an
empty string.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ...suite.load import CaseError, _dotted, _Invalid, _line, build, read_yaml
from ...suite.vocab import FailureTag

Mode = Literal["judge", "both"]
Combine = Literal["all_must_pass", "rule_gates", "rule_then_judge"]
SCALE = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class RubricFile:
    """The fields of a judge rubric file (validated by the suite loader's ``build``)."""

    description: str
    """What the rubric grades, in one or two sentences (shown to the judge)."""
    scale: Mapping[str, str]
    """Anchor description of each point 1..5."""
    template: str
    """The Jinja2 template of the judge prompt, a file name relative to the rubric file."""
    pass_threshold: int = 3
    """A judge score at or above this passes (1-5)."""
    mode: Mode = "judge"
    """judge: the judge alone; both: with the rule rubric of the same name."""
    both: Combine = "all_must_pass"
    """With mode both: all_must_pass (rule and judge must pass), rule_gates (the rule decides, the judge's score is
    reported) or rule_then_judge (the rule decides where it is sure; only verdicts it marks unsure go to the judge)."""
    name: str | None = None
    """The rubric's name; defaults to the file name, and must equal it when given."""
    tags: tuple[FailureTag, ...] = ()
    """Failure tags a failing verdict carries."""
    max_tokens: int | None = None
    """Completion limit for the judge's answer."""


@dataclass(frozen=True)
class JudgeRubricSpec:
    """A loaded judge rubric: the file's fields, its compiled template and its digest."""

    name: str
    description: str
    scale: Mapping[int, str]
    pass_threshold: int
    mode: Mode
    both: Combine
    tags: tuple[FailureTag, ...]
    max_tokens: int | None
    path: Path
    template_path: Path
    template: Any = field(repr=False, compare=False)
    """The compiled ``jinja2.Template``."""
    digest: str = ""
    """sha256 of the rubric file and every template it uses: part of the verdict cache key."""

    def describe(self) -> dict[str, Any]:
        """The rubric as template data (``rubric`` in the template)."""
        return {"name": self.name, "description": self.description, "scale": dict(self.scale), "pass_threshold": self.pass_threshold}


def environment(folder: Path) -> Any:
    """The sandboxed Jinja2 environment templates of ``folder`` render in."""
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    return ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(str(folder)), undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False
    )


def load_rubric(path: Path) -> JudgeRubricSpec:
    """Load one judge rubric file and compile its template; raise ``CaseError`` (file:line, field)."""
    data, node = read_yaml(path)
    if data is None:
        raise CaseError(path, "is empty; a judge rubric file holds one mapping (description, scale, template, ...)")
    try:
        raw: RubricFile = build(RubricFile, data)
        scale = _check(raw, path)
        if raw.mode == "judge" and isinstance(data, Mapping) and "both" in data:
            raise _Invalid(("both",), f"is {raw.both!r} but the rubric's mode is 'judge'; 'both' applies only with mode: both", at_key=True)
    except _Invalid as exc:
        raise CaseError(path, exc.message, line=_line(node, exc.trail, key=exc.at_key), field=_dotted(exc.trail)) from None
    template_path = path.parent / raw.template
    if not template_path.is_file():
        raise CaseError(path, f"template file {raw.template!r} not found beside the rubric file", line=_line(node, ("template",)), field="template")
    template, sources = _compile(template_path)
    digest = hashlib.sha256()
    for chunk in (path.read_bytes(), *sources):
        digest.update(hashlib.sha256(chunk).digest())
    return JudgeRubricSpec(
        name=raw.name or path.stem,
        description=raw.description.strip(),
        scale=scale,
        pass_threshold=raw.pass_threshold,
        mode=raw.mode,
        both=raw.both,
        tags=raw.tags,
        max_tokens=raw.max_tokens,
        path=path,
        template_path=template_path,
        template=template,
        digest=digest.hexdigest(),
    )


def _check(raw: RubricFile, path: Path) -> dict[int, str]:
    if raw.name is not None and raw.name != path.stem:
        raise _Invalid(("name",), f"is {raw.name!r} but the file is {path.name}; name the file {raw.name}{path.suffix} or drop 'name'")
    scale: dict[int, str] = {}
    for key, anchor in raw.scale.items():
        if not key.isdigit() or int(key) not in SCALE:
            raise _Invalid(("scale", key), "is not a point of the scale: the points are 1, 2, 3, 4 and 5", at_key=True)
        scale[int(key)] = anchor.strip()
    missing = [str(p) for p in SCALE if p not in scale]
    if missing:
        raise _Invalid(("scale",), f"has no anchor for point(s) {', '.join(missing)}; describe every point 1-5")
    if raw.pass_threshold not in SCALE:
        raise _Invalid(("pass_threshold",), f"is {raw.pass_threshold}; it must be a point of the scale (1-5)")
    return dict(sorted(scale.items()))


def _compile(template_path: Path) -> tuple[Any, list[bytes]]:
    """The compiled template and the bytes of it and every template it includes or extends."""
    import jinja2
    from jinja2 import meta

    env = environment(template_path.parent)
    sources: list[bytes] = []
    seen: set[str] = set()
    todo = [template_path.name]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        file = template_path.parent / name
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CaseError(file, f"cannot be read as UTF-8 text: {exc}") from None
        try:
            refs = meta.find_referenced_templates(env.parse(text, name=name, filename=str(file)))
        except jinja2.TemplateSyntaxError as exc:
            raise CaseError(file, f"is not a valid Jinja2 template: {exc.message}", line=exc.lineno) from None
        sources.append(text.encode("utf-8"))
        todo += [r for r in refs if r is not None]
    try:
        template = env.get_template(template_path.name)
    except jinja2.TemplateNotFound as exc:
        raise CaseError(template_path, f"includes {exc.name!r}, which is not in {template_path.parent}") from None
    _dry_render(template, template_path)
    return template, sources


def _dry_render(template: Any, template_path: Path) -> None:
    """Render once with a sample context, so a misspelt variable fails at load, naming its line."""
    import jinja2

    from .prompt import sample_context

    try:
        template.render(**sample_context())
    except jinja2.UndefinedError as exc:
        if "has no attribute" in str(exc) or "no element" in str(exc):
            return  # a key the sample case lacks (e.g. a fact): known only per case
        raise CaseError(template_path, f"uses an undefined variable: {exc.message}", line=_error_line(exc, template_path)) from None
    except jinja2.TemplateError as exc:
        raise CaseError(template_path, f"cannot be rendered: {exc}", line=_error_line(exc, template_path)) from None


def _error_line(exc: BaseException, template_path: Path) -> int | None:
    """The template line an error was raised at (jinja2 rewrites tracebacks to template lines)."""
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == str(template_path):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def find_rubrics(folders: list[Path], names: tuple[str, ...] | None) -> list[JudgeRubricSpec]:
    """The judge rubrics of ``folders`` (earlier folders win on a name), all or only ``names``.

    Files starting with ``_`` or ``.`` are not rubrics (shared template parts may live there).
    A name asked for but found nowhere is an error naming the folders searched.
    """
    found: dict[str, Path] = {}
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.glob("*.y*ml")):
                if not path.name.startswith(("_", ".")):
                    found.setdefault(path.stem, path)
    if names:
        missing = [n for n in names if n not in found]
        if missing:
            where = ", ".join(str(f) for f in folders)
            raise CaseError(folders[0], f"no judge rubric file for {', '.join(missing)} (searched {where}; found: {', '.join(sorted(found)) or 'none'})")
        chosen = [found[n] for n in names]
    else:
        chosen = [found[n] for n in sorted(found)]
    return [load_rubric(p) for p in chosen]
