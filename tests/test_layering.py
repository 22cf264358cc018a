"""The core never imports PySide6: every core module is imported in a fresh process."""

from __future__ import annotations

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
