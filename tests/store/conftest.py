"""Shared fixtures of the store tests."""

from pathlib import Path

import pytest

from reader.store.store import Store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED = FIXTURES / "seed"


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "data" / "duizhao.sqlite3"


@pytest.fixture
def store(db_path):
    s = Store(db_path)
    yield s
    s.close()


@pytest.fixture(scope="session")
def seed_zh() -> str:
    return (SEED / "qiantang-zh.txt").read_text(encoding="utf-8")
