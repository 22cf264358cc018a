"""Where Duizhao finds its bundled resources and keeps user data."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

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
    return Path(override) if override else Path(platformdirs.user_cache_dir(APP_NAME))


def data_dir() -> Path:
    """Per-user data folder (the database lives here)."""
    return Path(platformdirs.user_data_dir(APP_NAME))


def default_db_path() -> Path:
    """The database path: ``DUIZHAO_DB`` if set, else the user data folder."""
    override = os.environ.get("DUIZHAO_DB")
    return Path(override) if override else data_dir() / "duizhao.sqlite3"
