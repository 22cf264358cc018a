"""Shared fixtures: the seed texts, from the copies in tests/fixtures (a fresh clone has nothing else)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "seed"


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    """The hand-made gold alignment of the seed pair."""
    return json.loads((SEED / "seed-gold-alignment.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_zh_body(seed_gold) -> str:
    """The Chinese article body of the seed (its sentences, without line breaks)."""
    return "".join(pair["zh"] for pair in seed_gold["pairs"])


@pytest.fixture
def isolated_env(tmp_path, monkeypatch):
    """A private database path for code that uses the default locations."""
    monkeypatch.setenv("DUIZHAO_DB", str(tmp_path / "duizhao.sqlite3"))
    return tmp_path
