"""The core never imports PySide6: every core module is imported in a fresh process."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import reader

ROOT = Path(reader.__file__).parent


def core_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages([str(ROOT)], prefix="reader."):
        if info.name.startswith("reader.ui") or info.name in ("reader.app", "reader.__main__"):
            continue
        names.append(info.name)
    return sorted(names)


def test_core_module_list_covers_every_layer():
    names = core_modules()
    for package in ("reader.text.", "reader.ingest", "reader.align", "reader.store", "reader.export", "reader.cli"):
        assert any(n.startswith(package) for n in names), package
    assert "reader.library" in names


def test_core_never_loads_pyside6():
    code = (
        "import importlib, sys\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(' '.join(bad))\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"core loaded Qt: {result.stdout} {result.stderr[-2000:]}"


def test_the_check_itself_detects_qt():
    """The subprocess check above can fail: importing the UI package does load Qt."""
    code = "import sys, PySide6.QtCore; sys.exit(0 if 'PySide6' in sys.modules else 1)"
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0


def imports_the_facade(source: str) -> bool:
    """True if Python ``source`` imports reader.library in any form (at any depth: lazy imports too)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        else:
            continue
        if any(t == "reader.library" or t.startswith("reader.library.") for t in targets):
            return True
    return False


def test_no_core_module_imports_the_facade():
    """reader.library sits on top of the core: the core's layers never import it (no import circles)."""
    offenders = []
    for name in core_modules():
        if name == "reader.library" or name.startswith("reader.cli"):
            continue  # the facade itself, and the command line that uses it
        path = ROOT.joinpath(*name.split(".")[1:])
        file = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
        if imports_the_facade(file.read_text(encoding="utf-8")):
            offenders.append(name)
    assert not offenders, f"core modules importing reader.library: {offenders}"


def test_the_facade_check_itself_finds_every_form():
    for source in ("from reader import library", "import reader.library as l",
                   "def f():\n    from reader.library import Library"):
        assert imports_the_facade(source), source
    assert not imports_the_facade("from reader import articles\nimport reader.store.peek")
