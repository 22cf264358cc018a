"""Real file systems: a full disk, a read-only mount and a lock held by another process.

The disk is a 1 MiB tmpfs mounted for the test (root only: skipped, saying so,
where mounting is not permitted), filled to 100 % with a file of its own.
"""

import multiprocessing
import os
import sqlite3
import subprocess
import uuid

import pytest

from reader.errors import DatabaseLocked, DiskFull, ReadOnlyDatabase
from reader.store import store as store_module
from reader.store.store import Store

TEXT = "在钱塘区集中隔离点,有一群拥有“双重身份”的党员。他们是本次疫情中被隔离的人员。" * 4


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MiB file system of its own."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1M", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(folder):
    """Fill the file system to 100 %; returns the filler's path."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        for size in (65536, 4096, 512, 1):
            try:
                while True:
                    os.write(fd, b"x" * size)
            except OSError:
                pass
    finally:
        os.close(fd)
    assert os.statvfs(folder).f_bavail == 0
    return filler


def _database(path, notes=5):
    store = Store(path)
    article_id = store.insert_article(content_hash="h", normalizer_version="1", title="t", zh_text=TEXT)
    uuids = [store.add_annotation(article_id, "zh", TEXT, i, i + 4, note=f"note {i}").uuid for i in range(notes)]
    store.close()
    return article_id, uuids


def test_a_full_disk_opens_read_only_and_every_write_says_so(small_disk):
    path = small_disk / "duizhao.sqlite3"
    article_id, uuids = _database(path)
    filler = _fill(small_disk)
    store = Store(path)
    try:
        assert store.read_only
        assert len(store.notices) == 1 and "disk is full" in store.notices[0] and "read-only" in store.notices[0]
        assert [a.uuid for a in store.annotations()] == uuids  # reading works
        assert store.article_infos()[0].id == article_id
        store.update_article(article_id, opened_at="2026-01-01")  # bookkeeping only: skipped, no error
        for write in (lambda: store.add_annotation(article_id, "zh", TEXT, 0, 3, note="new"),
                      lambda: store.set_setting("theme", "dark"),
                      lambda: store.save_word("隔离")):
            with pytest.raises(DiskFull) as caught:
                write()
            assert "disk is full" in str(caught.value) and "\n" not in str(caught.value)
    finally:
        store.close()
    filler.unlink()
    store = Store(path)  # space again: writable, nothing lost
    try:
        assert not store.read_only and store.notices == []
        assert [a.uuid for a in store.annotations()] == uuids
        assert store.add_annotation(article_id, "zh", TEXT, 0, 3, note="after").note == "after"
        assert store.integrity_check() == "ok"
    finally:
        store.close()


def test_the_library_shows_an_article_on_a_full_disk(small_disk, tmp_path):
    from reader.library import Library

    path = small_disk / "duizhao.sqlite3"
    article_id, uuids = _database(path)
    known, new = tmp_path / "known.txt", tmp_path / "new.txt"
    known.write_text("钱塘区\n" + TEXT, encoding="utf-8")
    new.write_text("另一篇\n" + TEXT + "\n这是另一篇文章的结尾。", encoding="utf-8")  # another text
    with Library(path) as library:
        known_id = library.open_article(known).id
    _fill(small_disk)
    library = Library(path)
    try:
        assert library.read_only
        view = library.article(article_id)  # marks it opened, caches the alignment: skipped, not fatal
        assert view.id == article_id and view.info.title == "t"
        assert [a.uuid for a in library.annotations(article_id)] == uuids
        assert library.open_article(known).id == known_id  # a file already in the library opens too
        with pytest.raises(DiskFull):  # a new one cannot be stored: one clear line
            library.open_article(new)
    finally:
        library.close()


def test_the_disk_filling_while_writing_names_the_cause_and_loses_nothing(small_disk):
    path = small_disk / "duizhao.sqlite3"
    article_id, uuids = _database(path)
    store = Store(path)
    try:
        assert not store.read_only
        _fill(small_disk)
        acknowledged = list(uuids)
        with pytest.raises(DiskFull) as caught:
            for i in range(2000):
                acknowledged.append(store.add_annotation(article_id, "zh", TEXT, 0, 3, note=f"{i} " + "字" * 2000).uuid)
        message = str(caught.value)
        assert "disk is full" in message and "rollback" not in message and "\n" not in message
        assert [a.uuid for a in store.annotations()] == acknowledged
    finally:
        store.close()
    (small_disk / "filler").unlink()
    store = Store(path)
    try:
        assert {a.uuid for a in store.annotations()} == set(acknowledged)
        assert store.integrity_check() == "ok"
    finally:
        store.close()


def test_a_read_only_mount_opens_read_only(small_disk):
    path = small_disk / "duizhao.sqlite3"
    article_id, uuids = _database(path)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        store = Store(path)
        try:
            assert store.read_only and len(store.notices) == 1 and "read-only" in store.notices[0]
            assert [a.uuid for a in store.annotations()] == uuids
            assert [h.ref for h in store.search("note 3")] == [uuids[3]]
            with pytest.raises(ReadOnlyDatabase) as caught:
                store.add_annotation(article_id, "zh", TEXT, 0, 3)
            assert "read-only" in str(caught.value) and "\n" not in str(caught.value)
        finally:
            store.close()
        assert sorted(p.name for p in small_disk.iterdir()) == ["duizhao.sqlite3"]
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    store = Store(path)
    try:
        assert not store.read_only and store.add_annotation(article_id, "zh", TEXT, 0, 3).quote == TEXT[:3]
    finally:
        store.close()


def test_no_database_can_be_created_on_a_full_disk(small_disk):
    _fill(small_disk)
    with pytest.raises((DiskFull,)) as caught:
        Store(small_disk / "new.sqlite3")
    assert "disk is full" in str(caught.value) and "\n" not in str(caught.value)


def _hold_lock(path, ready, release):
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA locking_mode = EXCLUSIVE")
    con.execute("BEGIN EXCLUSIVE")
    con.execute("INSERT INTO setting (key, value) VALUES ('held', '1')")
    ready.set()
    release.wait(60)
    con.execute("ROLLBACK")
    con.close()


def test_a_lock_held_by_another_process_is_named(tmp_path, monkeypatch):
    path = tmp_path / "duizhao.sqlite3"
    _database(path, notes=1)
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 300)
    ctx = multiprocessing.get_context("spawn")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(str(path), ready, release))
    holder.start()
    try:
        assert ready.wait(60)
        with pytest.raises(DatabaseLocked) as caught:
            Store(path)
        message = str(caught.value)
        assert str(path) in message and "lock" in message and "\n" not in message
    finally:
        release.set()
        holder.join(60)
    store = Store(path)  # released: opens as usual
    assert len(store.annotations()) == 1 and store.get_setting("held") is None
    store.close()


def test_a_database_with_a_non_utf8_name_opens(tmp_path):
    folder = os.fsencode(tmp_path) + b"/caf\xe9-" + uuid.uuid4().hex.encode()
    os.mkdir(folder)
    path = os.fsdecode(folder + b"/\xff\xfe.sqlite3")
    article_id, uuids = _database(path)
    store = Store(path, read_only=True)
    try:
        assert [a.uuid for a in store.annotations()] == uuids
    finally:
        store.close()


@pytest.mark.parametrize("shm", [True, False], ids=["with-shm", "wal-copied-without-shm"])
def test_a_read_only_mount_says_when_the_latest_changes_cannot_be_read(small_disk, shm):
    path = small_disk / "duizhao.sqlite3"
    article_id, uuids = _database(path)
    pid = os.fork()
    if pid == 0:  # a Duizhao killed after saving: its note is only in the -wal file
        try:
            Store(path).add_annotation(article_id, "zh", TEXT, 0, 3, note="in the wal")
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    wal = small_disk / "duizhao.sqlite3-wal"
    assert wal.stat().st_size > 0
    if not shm:
        (small_disk / "duizhao.sqlite3-shm").unlink()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        store = Store(path)
        try:
            assert store.read_only and len(store.notices) == 1 and "read-only" in store.notices[0]
            notes = [a.note for a in store.annotations()]
            if shm:  # SQLite reads the -wal through the -shm index the killed one left
                assert "in the wal" in notes
            else:  # it cannot: the notice says what is not shown
                assert wal.name in store.notices[0] and len(notes) == len(uuids)
            with pytest.raises(ReadOnlyDatabase):
                store.set_setting("k", 1)
        finally:
            store.close()
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    store = Store(path)  # writable again: the note kept in the -wal is there
    try:
        assert "in the wal" in [a.note for a in store.annotations()]
    finally:
        store.close()


def test_the_first_paint_reads_a_full_disk_and_a_read_only_mount(small_disk):
    from reader.store.peek import peek

    path = small_disk / "duizhao.sqlite3"
    article_id, _ = _database(path)
    store = Store(path)
    store.set_setting("last_article", article_id)
    store.close()
    filler = _fill(small_disk)
    seen = peek(path)
    assert seen is not None and seen.settings["last_article"] == article_id and seen.article[0] == article_id
    filler.unlink()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        seen = peek(path)
        assert seen is not None and seen.article[0] == article_id
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
