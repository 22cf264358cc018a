"""Reliability: killed writers, concurrent writers, damaged files, read-only and full disks."""

import os
import random
import select
import signal
import sqlite3
import time

import pytest

from reader.errors import StoreError
from reader.store.store import Store

TEXT = "在钱塘区集中隔离点,有一群拥有“双重身份”的党员。他们是本次疫情中被隔离的人员。" * 4


def _article(store: Store) -> int:
    return store.insert_article(content_hash="h", normalizer_version="1", title="t", zh_text=TEXT)


def _writer(path, article_id, fd, count=None):
    """Child process body: add annotations forever (or ``count``), acknowledging each uuid once committed."""
    try:
        store = Store(path)
        i = 0
        while count is None or i < count:
            start = i % (len(TEXT) - 6)
            ann = store.add_annotation(article_id, "zh", TEXT, start, start + 4, note=f"note {i}", tags=[f"t{i % 3}"])
            os.write(fd, (ann.uuid + "\n").encode())
            i += 1
        store.close()
    except BaseException:  # noqa: BLE001 - a child must never return into pytest
        os._exit(1)
    os._exit(0)


def _read_available(fd, buffer: bytearray, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            return
        chunk = os.read(fd, 65536)
        if not chunk:
            return
        buffer.extend(chunk)


def test_sigkill_never_loses_an_acknowledged_annotation(db_path):
    store = Store(db_path)
    article_id = _article(store)
    store.close()
    rng = random.Random(20)
    acknowledged: set[str] = set()
    kills = 0
    for _ in range(24):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            _writer(db_path, article_id, w)
        os.close(w)
        buffer = bytearray()
        _read_available(r, buffer, rng.uniform(0.02, 0.12))  # let it write for a random while
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        kills += 1
        _read_available(r, buffer, 0.5)  # everything it acknowledged before dying
        os.close(r)
        acknowledged |= {line for line in buffer.decode().splitlines() if len(line) == 36}
    assert kills >= 20
    assert len(acknowledged) > kills  # the children did get work done between kills
    con = sqlite3.connect(db_path)
    stored = {u for (u,) in con.execute("SELECT uuid FROM annotation")}
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    assert acknowledged <= stored, f"{len(acknowledged - stored)} acknowledged annotations lost"
    again = Store(db_path)  # and the store opens cleanly, without setting the file aside
    assert again.notices == [] and again.integrity_check() == "ok"
    again.close()


def test_two_processes_write_concurrently_without_losing_anything(db_path):
    store = Store(db_path)
    article_id = _article(store)
    store.close()
    children = []
    for _ in range(2):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            _writer(db_path, article_id, w, count=60)
        os.close(w)
        children.append((pid, r))
    acknowledged = set()
    for pid, r in children:
        buffer = bytearray()
        _read_available(r, buffer, 30)
        _, status = os.waitpid(pid, 0)
        os.close(r)
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
        acknowledged |= set(buffer.decode().split())
    assert len(acknowledged) == 120
    store = Store(db_path)
    assert {a.uuid for a in store.annotations()} == acknowledged
    store.close()


def test_a_writer_waits_for_another_then_reports_busy(store):
    article_id = _article(store)
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    store.db.execute_sql("PRAGMA busy_timeout = 200")
    with pytest.raises(StoreError, match="busy"):
        store.add_annotation(article_id, "zh", TEXT, 0, 3)
    other.execute("ROLLBACK")
    other.close()
    assert store.add_annotation(article_id, "zh", TEXT, 0, 3).quote == TEXT[:3]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda p: p.write_bytes(p.read_bytes()[:1000]), id="truncated"),
        pytest.param(lambda p: _scribble(p), id="damaged-pages"),
    ],
)
def test_damaged_database_is_set_aside_when_asked(db_path, damage):
    store = Store(db_path)
    article_id = _article(store)
    with store.write():  # one commit: fsync per note would make this test slow
        for i in range(200):
            store.add_annotation(article_id, "zh", TEXT, i % 50, i % 50 + 5, note="x" * 200)
    store.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    damage(db_path)
    fresh = Store(db_path, set_aside_damaged=True)
    try:
        assert len(fresh.notices) == 1 and "damaged" in fresh.notices[0]
        assert "\n" not in fresh.notices[0] and len(fresh.notices[0]) < 300  # one line, however bad the damage
        aside = [p for p in db_path.parent.iterdir() if ".corrupt-" in p.name and not p.name.endswith(("-wal", "-shm"))]
        assert len(aside) == 1 and aside[0].name in fresh.notices[0]
        assert fresh.article_infos() == [] and fresh.integrity_check() == "ok"
        new_id = _article(fresh)
        assert fresh.add_annotation(new_id, "zh", TEXT, 0, 2).quote == TEXT[:2]
    finally:
        fresh.close()


def _scribble(path):
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 4 * page
    for offset in range(2 * page, len(data) - page, 3 * page):  # zero the middle of some pages
        data[offset + 100 : offset + 3000] = b"\xff" * 2900
    path.write_bytes(bytes(data))


def test_library_shows_the_notice(db_path):
    from reader.library import Library

    store = Store(db_path)
    _article(store)
    store.close()
    _scribble_all(db_path)
    lib = Library(db_path, set_aside_damaged=True)
    try:
        assert len(lib.notices) == 1 and "set aside as duizhao.sqlite3.corrupt-" in lib.notices[0]
    finally:
        lib.close()


def _scribble_all(path):
    data = bytearray(path.read_bytes())
    data[4096:] = b"\xee" * (len(data) - 4096)  # every page after the header's
    path.write_bytes(bytes(data))


def test_read_only_database_refuses_writes_and_keeps_data(db_path):
    store = Store(db_path)
    article_id = _article(store)
    kept = store.add_annotation(article_id, "zh", TEXT, 0, 4, note="keep me")
    store.close()
    ro = Store(db_path, read_only=True)
    try:
        assert [a.uuid for a in ro.annotations()] == [kept.uuid]
        with pytest.raises(StoreError, match="read-only"):
            ro.add_annotation(article_id, "zh", TEXT, 5, 9)
        with pytest.raises(StoreError, match="read-only"):
            ro.set_setting("k", 1)
    finally:
        ro.close()
    store = Store(db_path)
    assert [a.note for a in store.annotations()] == ["keep me"]
    store.close()


def test_unusable_location_is_a_clear_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create the folder"):
        Store(blocker / "sub" / "db.sqlite3")
    with pytest.raises(StoreError, match="cannot open the database"):
        Store(tmp_path)  # a folder, not a file


def test_full_disk_is_a_clear_error_and_loses_nothing(store):
    article_id = _article(store)
    saved = [store.add_annotation(article_id, "zh", TEXT, i, i + 3, note=f"n{i}") for i in range(20)]
    pages = store.db.execute_sql("PRAGMA page_count").fetchone()[0]
    store.db.execute_sql(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StoreError, match="disk is full"):
        for _ in range(200):
            store.add_annotation(article_id, "zh", TEXT, 0, 3, note="big " * 2000)
    assert {a.uuid for a in saved} <= {a.uuid for a in store.annotations()}
    assert store.integrity_check() == "ok"
    store.db.execute_sql("PRAGMA max_page_count = 1073741823")
    assert store.add_annotation(article_id, "zh", TEXT, 0, 3).quote == TEXT[:3]
