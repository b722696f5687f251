"""The package's modules import each other without circles (lazy imports inside functions and
TYPE_CHECKING blocks included): data flows one way, config -> fetch -> sources -> analyze ->
dedup/decide -> store -> alerts -> cycle/service -> cli."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "monitor"


def _graph() -> dict[str, set[str]]:
    modules: dict[str, Path] = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            for target in targets:
                # a package's own __init__ re-exporting its modules is not a circle
                if target in modules and target != name and not name.startswith(target + "."):
                    graph[name].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    found: list[list[str]] = []
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> None:
        for nxt in sorted(graph[node]):
            if nxt in path:
                found.append([*path[path.index(nxt) :], nxt])
            elif nxt not in done:
                visit(nxt, [*path, nxt])
        done.add(node)

    for start in sorted(graph):
        if start not in done:
            visit(start, [start])
    return found


def test_no_import_circles() -> None:
    graph = _graph()
    assert graph.get("monitor.cycle"), "the graph was not read"
    assert _cycles(graph) == []


def test_the_circle_finder_finds_a_circle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]


def test_metrics_does_not_import_the_cycle() -> None:
    assert not {m for m in _graph()["monitor.metrics"] if m.startswith("monitor.cycle")}


def _rebound(source: str) -> list[str]:
    """Module-level names bound more than once (constants, functions, classes)."""
    seen: dict[str, int] = {}
    for node in ast.parse(source).body:
        names: list[str] = []
        if isinstance(node, ast.Assign):
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            names = [node.target.id] if isinstance(node.target, ast.Name) else []
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names = [node.name]
        for name in names:
            seen[name] = seen.get(name, 0) + 1
    return sorted(name for name, count in seen.items() if count > 1)


def test_no_module_binds_a_name_twice() -> None:
    # a second `_STANDING_RE` further down the classifier's pipeline silently replaced the
    # first for every function that used it (found 2026-12-07): each rule keeps its own name
    rebound = {
        str(path.relative_to(PACKAGE.parent)): names
        for path in sorted(PACKAGE.rglob("*.py"))
        if (names := _rebound(path.read_text(encoding="utf-8")))
    }
    assert rebound == {}


def test_the_rebinding_finder_finds_one() -> None:
    assert _rebound("A = 1\ndef f():\n    A = 2\nB = 3\nA = 4\n") == ["A"]
