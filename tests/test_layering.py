"""The plain libraries stay plain: no pytest, no session, no collection; no cycle between packages.

Walks the source (every import statement, including those inside functions and under
``TYPE_CHECKING``), so a lazy import counts as much as a top-level one.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "pytest_ticketbench"
PLAIN = ("reports", "baseline", "graders", "scoring", "runner", "copilots", "suite")
PYTEST_SIDE = {"pytest", "_pytest", "pytest_ticketbench.session", "pytest_ticketbench.collect", "pytest_ticketbench.plugin",
               "pytest_ticketbench.fixtures", "pytest_ticketbench.components"}
NOT_YET = {"graders/judge/service.py"}
"""Known offenders, owned elsewhere: the judge's session component still imports pytest (issue 13)."""


def _imports(path: Path) -> set[str]:
    """Absolute names of every module ``path`` imports."""
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    package = module.rsplit(".", 1)[0] if path.name != "__init__.py" else module.removesuffix(".__init__")
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.add(name)
    return found


def _pytest_side(name: str) -> bool:
    return any(name == banned or name.startswith(banned + ".") for banned in PYTEST_SIDE)


def test_plain_libraries_import_neither_pytest_nor_the_session() -> None:
    offenders = {}
    for package in PLAIN:
        for path in sorted((PACKAGE / package).rglob("*.py")):
            bad = sorted(name for name in _imports(path) if _pytest_side(name))
            if bad:
                offenders[path.relative_to(PACKAGE).as_posix()] = bad
    assert set(offenders) == NOT_YET, offenders


def test_no_import_cycle_between_packages() -> None:
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE)
        if len(rel.parts) < 2:
            continue  # top-level modules (plugin, session, ...) sit above the packages
        src = rel.parts[0]
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] == "pytest_ticketbench" and len(parts) > 1 and parts[1] != src and (PACKAGE / parts[1]).is_dir():
                graph.setdefault(src, set()).add(parts[1])

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in graph.get(start, ()):
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    cycles = sorted(p for p in graph if reaches(p, p, {p}))
    assert not cycles, {p: sorted(graph[p]) for p in cycles}
