"""Where Duizhao finds its bundled resources and keeps user data."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "duizhao"


def resources_dir() -> Path:
    """The ``resources/`` folder, in a source checkout or a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def sample_files() -> tuple[Path, Path]:
    """The bundled sample article (Chinese) and its English version."""
    sample = resources_dir() / "sample"
    return sample / "qiantang-zh.txt", sample / "qiantang-en.txt"


def cache_dir() -> Path:
    """Per-user cache (the dictionary index lives here); ``DUIZHAO_CACHE`` overrides."""
    override = os.environ.get("DUIZHAO_CACHE")
    return Path(override) if override else _user_dir("XDG_CACHE_HOME", ".cache", "user_cache_dir")


def data_dir() -> Path:
    """Per-user data folder (the database lives here)."""
    return _user_dir("XDG_DATA_HOME", ".local/share", "user_data_dir")


def _user_dir(variable: str, default: str, platformdirs_name: str) -> Path:
    """The XDG folder on Linux as platformdirs gives it (without importing it: start-up), platformdirs elsewhere."""
    if sys.platform.startswith("linux"):
        value = os.environ.get(variable, "").strip()
        if not os.path.isabs(value):  # unset, empty or relative: the XDG default (the spec ignores relative paths)
            value = os.path.expanduser(f"~/{default}")
        return Path(value) / APP_NAME
    import platformdirs

    return Path(getattr(platformdirs, platformdirs_name)(APP_NAME))


def default_db_path() -> Path:
    """The database path: ``DUIZHAO_DB`` if set, else the user data folder."""
    override = os.environ.get("DUIZHAO_DB")
    return Path(override) if override else data_dir() / "duizhao.sqlite3"
