"""The README agrees with the code: shortcuts, commands, screenshots, set-up commands."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_shortcut_table_matches_the_window():
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        import readme_shortcuts
    finally:
        sys.path.remove(str(ROOT / "packaging"))
    generated = readme_shortcuts.table()
    assert "| Ctrl+O |" in generated  # the generator reads the real table
    assert readme_shortcuts.readme_table(README) == generated, \
        "README shortcuts are stale: run python packaging/readme_shortcuts.py --write"


def test_every_command_is_documented():
    from reader.cli import command_names

    names = command_names()
    assert {"gloss", "extract", "align"} <= names
    for name in names:
        assert f"`duizhao {name}" in README, name


def test_every_screenshot_is_shown_and_exists():
    shown = set(re.findall(r"\]\((docs/screenshots/[^)]+\.png)\)", README))
    on_disk = {f"docs/screenshots/{p.name}" for p in (ROOT / "docs" / "screenshots").glob("*.png")}
    assert shown and shown == on_disk


def test_relative_links_resolve():
    for target in re.findall(r"\]\((?!https?://)([^)#]+)\)", README):
        assert (ROOT / target).exists(), target


@pytest.mark.parametrize("target", ["run", "test"])
def test_the_two_setup_commands_are_make_targets(target):
    assert f"make {target} " in README
    result = subprocess.run(["make", "-n", "-C", str(ROOT), target], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_ci_runs_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", script, re.M)
    assert re.search(r"^make bundle-check$", script, re.M)
