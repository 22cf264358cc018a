"""The structure's rules, checked on the source: module sizes, no attribute proxies, no import circles."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "reader"
UI_LIMIT = 800  # lines per module of reader/ui: one concern each
FACADE_LIMIT = 500


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def test_no_ui_module_is_a_god_object():
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in (ROOT / "ui").glob("*.py")}
    assert {n: s for n, s in sizes.items() if s > UI_LIMIT} == {}
    assert len((ROOT / "library.py").read_text(encoding="utf-8").splitlines()) <= FACADE_LIMIT


def test_no_attribute_proxy_outside_compat():
    """A class's ``__getattr__`` hides what its objects offer (one once opened the database behind any lookup).

    A package's PEP 562 ``__getattr__`` naming its lazily loaded names (``reader.align``) is not a proxy.
    """
    proxies = []
    for name, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for cls in ast.walk(tree):
            if isinstance(cls, ast.ClassDef):
                proxies += [f"{name}:{n.lineno}" for n in cls.body
                            if isinstance(n, ast.FunctionDef) and n.name == "__getattr__"]
    assert [p for p in proxies if not p.startswith("reader.ui.compat:")] == []


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The reader modules ``name`` imports when it is loaded (module level, not under TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def loaded(nodes):  # statements run at import: not function bodies, not TYPE_CHECKING blocks
        for node in nodes:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                yield from loaded(node.orelse)
                continue
            yield node
            yield from loaded(ast.iter_child_nodes(node))

    for sub in loaded(tree.body):
        if isinstance(sub, ast.Import):
            found |= {a.name for a in sub.names}
        elif isinstance(sub, ast.ImportFrom):
            base = sub.module or ""
            if sub.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - sub.level + 1] + ([base] if base else []))
            found.add(base)
            found |= {f"{base}.{a.name}" for a in sub.names}
    return {m for m in found if m in known and m != name}



def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Cycles of the import graph, leaving out a package's ``__init__`` importing its own submodules."""
    cycles, state, stack = [], {}, []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt.startswith(node + ".") or node.startswith(nxt + "."):
                continue  # a package and its own submodule
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return cycles


def test_no_import_circle():
    found = modules()
    graph = {name: _imports(name, path, set(found)) for name, path in found.items()}
    assert {"reader.articles", "reader.errors"} <= graph["reader.library"], "the scan finds imports"
    assert "reader.store.store" not in graph["reader.store.learner"], "imports inside functions run later"
    assert find_cycles(graph) == []


@pytest.mark.parametrize("graph, expected", [
    ({"a": {"b"}, "b": {"a"}}, 1),
    ({"a": {"b"}, "b": {"c"}, "c": set()}, 0),
    ({"p": {"p.x"}, "p.x": {"p"}}, 0),  # a package's __init__ and its submodule
])
def test_the_cycle_check_itself(graph, expected):
    assert len(find_cycles(graph)) == expected


def test_nothing_imported_with_the_window_builds_the_qt_namespace_before_the_first_paint():
    """``from PySide6.QtCore import Qt`` builds ~90 enum classes (~20 ms): modules loaded with the
    window use :data:`reader.ui.compat.Qt`, which waits for the first use (after the first paint)."""
    code = ("import sys, reader.ui.main_window; "
            "print('\\n'.join(m for m in sys.modules if m.startswith('reader.')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}).stdout.split()
    assert "reader.ui.main_window" in loaded and "reader.ui.panes" in loaded
    found = modules()
    eager = []
    for name in loaded:
        if name not in found or name == "reader.ui.compat":
            continue
        tree = ast.parse(found[name].read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.module == "PySide6.QtCore" \
                    and any(a.name == "Qt" for a in node.names):
                eager.append(name)
    assert eager == []


def test_test_files_have_unique_names():
    """pytest imports test files by their base name (the tests folders are not packages): two of one name clash."""
    names = [p.name for p in (Path(__file__).parent).rglob("test_*.py")]
    assert sorted({n for n in names if names.count(n) > 1}) == []
