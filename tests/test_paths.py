"""reader.paths: the user folders are platformdirs' folders (computed without importing it on Linux)."""

import sys

import platformdirs
import pytest

from reader import paths


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG short cut is Linux only")
@pytest.mark.parametrize("value", [None, "", "   ", "/tmp/xdg-here", "relative/dir"])
def test_user_folders_are_platformdirs_folders(monkeypatch, tmp_path, value):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("DUIZHAO_CACHE", raising=False)
    for variable in ("XDG_DATA_HOME", "XDG_CACHE_HOME"):
        if value is None:
            monkeypatch.delenv(variable, raising=False)
        else:
            monkeypatch.setenv(variable, value)
    assert paths.data_dir() == platformdirs.user_data_path("duizhao")
    assert paths.cache_dir() == platformdirs.user_cache_path("duizhao")


def test_environment_overrides(monkeypatch, tmp_path):
    monkeypatch.setenv("DUIZHAO_DB", str(tmp_path / "x.sqlite3"))
    monkeypatch.setenv("DUIZHAO_CACHE", str(tmp_path / "cache"))
    assert paths.default_db_path() == tmp_path / "x.sqlite3"
    assert paths.cache_dir() == tmp_path / "cache"
