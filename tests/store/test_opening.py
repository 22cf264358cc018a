"""Opening a database file: what is refused and left alone, what is set aside, and when."""

import os
import sqlite3
import threading
from pathlib import Path

import pytest

from reader.errors import DamagedDatabase, NotADatabase, StoreError
from reader.store.opening import APPLICATION_ID
from reader.store.store import Store

V1 = Path(__file__).resolve().parent.parent / "fixtures" / "store" / "duizhao-v1.sql"

TEXT = "在钱塘区集中隔离点,有一群拥有“双重身份”的党员。他们是本次疫情中被隔离的人员。" * 4


def _make_v1(path):
    con = sqlite3.connect(path)
    con.executescript(V1.read_text(encoding="utf-8"))
    con.close()


def _snapshot(folder):
    """Every file in ``folder`` with its bytes: what 'left unchanged' is checked against."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _duizhao_db(path, notes=200):
    store = Store(path)
    article_id = store.insert_article(content_hash="h", normalizer_version="1", title="t", zh_text=TEXT)
    with store.write():
        for i in range(notes):
            store.add_annotation(article_id, "zh", TEXT, i % 50, i % 50 + 5, note="x" * 200)
    store.close()


def _foreign_sqlite(path):
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    con.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    con.commit()
    con.close()


def _damaged_foreign_sqlite(path):
    _foreign_sqlite(path)
    data = bytearray(path.read_bytes())
    data[100:] = b"\xee" * (len(data) - 100)  # the schema page itself
    path.write_bytes(bytes(data))


NOT_OURS = {
    "text": lambda p: p.write_text("my notes\n" * 50, encoding="utf-8"),
    "zeros": lambda p: p.write_bytes(b"\0" * 5000),
    "png": lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8),
    "sqlite-header-only": lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\x01" * 20),
    "foreign-sqlite": _foreign_sqlite,
    "damaged-foreign-sqlite": _damaged_foreign_sqlite,
}


@pytest.mark.parametrize("set_aside", [False, True], ids=["cli", "window"])
@pytest.mark.parametrize("make", list(NOT_OURS.values()), ids=list(NOT_OURS))
def test_a_file_that_is_not_a_duizhao_database_is_refused_and_left_alone(tmp_path, make, set_aside):
    path = tmp_path / "notes.txt"
    make(path)
    before = _snapshot(tmp_path)
    with pytest.raises(NotADatabase) as caught:
        Store(path, set_aside_damaged=set_aside)
    message = str(caught.value)
    assert "\n" not in message and str(path) in message and "left unchanged" in message
    assert _snapshot(tmp_path) == before  # no rename, no -wal/-shm, no new database


def test_read_only_opening_refuses_the_same_files(tmp_path):
    path = tmp_path / "notes.txt"
    NOT_OURS["text"](path)
    with pytest.raises(NotADatabase):
        Store(path, read_only=True)


def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    outcome = []

    def open_it():
        try:
            Store(fifo)
        except StoreError as exc:
            outcome.append(exc)

    worker = threading.Thread(target=open_it, daemon=True)
    worker.start()
    worker.join(10)
    assert not worker.is_alive(), "opening a FIFO as the database blocked"
    assert len(outcome) == 1 and isinstance(outcome[0], NotADatabase)


def _scribble(path):
    data = bytearray(path.read_bytes())
    for offset in range(2 * 4096, len(data) - 4096, 3 * 4096):
        data[offset + 100 : offset + 3000] = b"\xff" * 2900
    path.write_bytes(bytes(data))


DAMAGE = {
    "truncated": lambda p: p.write_bytes(p.read_bytes()[:1000]),
    "damaged-pages": _scribble,
    "schema-page": lambda p: p.write_bytes(p.read_bytes()[:100] + b"\xee" * (len(p.read_bytes()) - 100)),
}


@pytest.mark.parametrize("damage", list(DAMAGE.values()), ids=list(DAMAGE))
def test_a_damaged_duizhao_database_is_refused_unchanged_unless_set_aside_is_asked(tmp_path, damage):
    path = tmp_path / "duizhao.sqlite3"
    _duizhao_db(path)
    damage(path)
    before = _snapshot(tmp_path)
    for read_only in (False, True):
        with pytest.raises(DamagedDatabase) as caught:
            Store(path, read_only=read_only)
        message = str(caught.value)
        assert "\n" not in message and len(message) < 300
        assert str(path) in message and "sets it aside" in message and "nothing was changed" in message
        assert caught.value.path == str(path) and caught.value.reason
        assert _snapshot(tmp_path) == before
    store = Store(path, set_aside_damaged=True)
    try:
        assert len(store.notices) == 1
        notice = store.notices[0]
        assert "\n" not in notice and len(notice) < 300 and str(path) in notice
        aside = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
        assert [p.name for p in aside] == [aside[0].name] and aside[0].name in notice
        assert aside[0].read_bytes() == before["duizhao.sqlite3"]  # set aside as it was, not repaired
        assert store.article_infos() == [] and store.integrity_check() == "ok"
    finally:
        store.close()


def test_a_damaged_database_of_schema_1_without_our_id_is_still_recognised(tmp_path):
    path = tmp_path / "old.sqlite3"
    _make_v1(path)
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA application_id").fetchone()[0] == 0
    con.close()
    DAMAGE["damaged-pages"](path) if path.stat().st_size > 5 * 4096 else DAMAGE["schema-page"](path)
    with pytest.raises(DamagedDatabase):
        Store(path)


def test_every_database_opened_is_marked_as_ours(tmp_path):
    old = tmp_path / "old.sqlite3"
    _make_v1(old)
    for path in (old, tmp_path / "new.sqlite3"):
        Store(path).close()
        con = sqlite3.connect(path)
        assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        con.close()


def test_an_empty_sqlite_file_becomes_a_database(tmp_path):
    path = tmp_path / "empty.sqlite3"
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 0")
    con.execute("VACUUM")  # writes the header: a valid SQLite file with no tables
    con.close()
    assert path.read_bytes().startswith(b"SQLite format 3\x00")
    store = Store(path)
    try:
        assert store.notices == [] and store.article_infos() == []
    finally:
        store.close()


def test_a_database_open_in_another_connection_is_recognised(tmp_path):
    """Its schema, version and id may be only in the -wal file while the other connection is open."""
    path = tmp_path / "duizhao.sqlite3"
    first = Store(path)
    try:
        first.db.execute_sql("PRAGMA wal_autocheckpoint = 0")
        first.insert_article(content_hash="h", normalizer_version="1", title="t", zh_text=TEXT)
        assert path.read_bytes()[60:72] == bytes(12)  # the header has neither version nor id yet
        second = Store(path)
        try:
            assert second.notices == [] and [a.title for a in second.article_infos()] == ["t"]
        finally:
            second.close()
    finally:
        first.close()
