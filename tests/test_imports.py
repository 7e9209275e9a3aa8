"""The package's modules import one way: pages → ui → views/briefing → charts → fmt/i18n.

doisanh/briefing.py, charts.py and views.py once imported each other in a circle (charts took a
helper from views, views built the briefing's data, the briefing drew charts); a circle works
only while every arrow but one is a deferred import inside a function, and breaks the day one
moves to the top. The test reads every import of doisanh/*.py with ast — inside functions too —
and fails on any cycle.
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "doisanh"


def _imports(path: Path) -> set[str]:
    """The doisanh modules (top level of the package, e.g. 'charts') that `path` imports,
    anywhere in the file."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "doisanh" and len(parts) > 1 and (PACKAGE / f"{parts[1]}.py").exists():
                out.add(parts[1])
    out.discard(path.stem)
    return out


def graph() -> dict[str, set[str]]:
    return {p.stem: _imports(p) for p in sorted(PACKAGE.glob("*.py")) if p.stem != "__init__"}


def cycle(g: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of `g` as a path ['a', 'b', 'a'], or None."""
    state: dict[str, int] = {}           # 1 = on the current path, 2 = done

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in sorted(g.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [node, nxt] if nxt in path else [node, nxt]
            if nxt not in state and (found := visit(nxt, path + [node])):
                return found
        state[node] = 2
        return None

    for start in sorted(g):
        if start not in state and (found := visit(start, [])):
            return found
    return None


def test_cycle_finder_finds_a_circle():
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) in (["a", "b", "c", "a"],)
    assert cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_doisanh_modules_import_each_other_without_a_cycle():
    g = graph()
    assert {"charts", "views", "briefing"} <= set(g)
    assert cycle(g) is None, " → ".join(cycle(g))


def test_the_layers_run_one_way():
    """charts draws and knows nothing of views or the briefing; views does not build the
    briefing; the briefing takes its data and draws with charts."""
    g = graph()
    assert not g["charts"] & {"views", "briefing", "export"}, g["charts"]
    assert "briefing" not in g["views"], g["views"]
    assert "charts" in g["briefing"]
