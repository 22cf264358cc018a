"""The first paint's read of the database (:mod:`reader.store.peek`): plain sqlite3, never the store."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reader.library import Library
from reader.store.peek import peek

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "fixtures" / "seed"
SEED_ZH, SEED_EN = SEED / "qiantang-zh.txt", SEED / "qiantang-en.txt"


@pytest.fixture
def stored(tmp_path):
    """A closed database holding the seed article (without English: quick) and a few settings."""
    db = tmp_path / "peek.sqlite3"
    with Library(str(db)) as library:
        view = library.open_article(SEED_ZH)
        library.set_setting("last_article", view.id)
        library.set_setting("display", {"zh_size": 20})
        return db, view.id, view.zh.text


def test_peek_reads_settings_and_the_article_by_path_id_or_last(stored):
    db, article_id, text = stored
    for kwargs in ({}, {"article_id": article_id}, {"path": SEED_ZH}):
        got = peek(db, **kwargs)
        assert got.settings["display"] == {"zh_size": 20} and got.settings["last_article"] == article_id
        assert got.article[0] == article_id and got.article[2] == text and got.article[1]
    assert peek(db, path=SEED_EN).article is None  # a path never opened
    assert peek(db, article_id=article_id + 1).article is None


def test_peek_never_creates_or_changes_a_file(tmp_path, stored):
    db, _id, _text = stored
    before = {p.name: p.read_bytes() for p in db.parent.iterdir()}
    peek(db)
    assert {p.name: p.read_bytes() for p in db.parent.iterdir()} == before
    missing = tmp_path / "none.sqlite3"
    assert peek(missing) is None and not missing.exists()


@pytest.mark.parametrize("content", [b"", b"hello, not a database" * 10, b"SQLite format 3\x00" + b"\x00" * 200])
def test_peek_of_an_unreadable_file_is_none(tmp_path, content):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(content)
    assert peek(bad) is None


def test_peek_does_not_import_the_store():
    code = ("import sys, reader.store.peek as p; p.peek('/nonexistent.db'); "
            "print('reader.store.store' in sys.modules, 'peewee' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.stdout.split() == ["False", "False"], done.stderr
