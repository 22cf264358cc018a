"""The commands on a read-only mount and a full disk (a small tmpfs of their own; root only, else skipped)."""

from __future__ import annotations

import os
import shutil
import subprocess

from tests.cli.conftest import assert_refused, run_duizhao
from tests.store.test_filesystems import _fill, small_disk  # noqa: F401 - the fixture, shared


def _read_only(mount) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)


def test_exports_into_a_read_only_folder_are_refused(zoo, small_disk):  # noqa: F811 - the fixture
    _read_only(small_disk)
    try:
        for argv in (["export-anki", "-o", str(small_disk / "deck.apkg")],
                     ["annotations", "export", "--format", "md", "-o", str(small_disk)],
                     ["annotations", "export", "--format", "csv", "-o", str(small_disk / "notes.csv")]):
            assert "not writable" in assert_refused(run_duizhao(zoo, *argv, "--db", zoo["good_db"]))
        assert os.listdir(small_disk) == []
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)


def test_an_export_to_a_full_disk_is_one_line_and_leaves_no_part_file(zoo, small_disk):  # noqa: F811
    old = small_disk / "deck.apkg"
    old.write_bytes(b"the previous deck")
    filler = _fill(small_disk)
    err = assert_refused(run_duizhao(zoo, "export-anki", "-o", str(old), "--db", zoo["good_db"]))
    assert "No space left" in err
    assert sorted(os.listdir(small_disk)) == ["deck.apkg", filler.name]
    assert old.read_bytes() == b"the previous deck"


def test_a_read_only_database_is_read_but_not_exported_from(zoo, small_disk, tmp_path):  # noqa: F811
    db = small_disk / "duizhao.sqlite3"
    shutil.copy(zoo["good_db"], db)
    _read_only(small_disk)
    try:
        listing = run_duizhao(zoo, "annotations", "list", "--db", str(db))
        assert listing.returncode == 0 and "a note" in listing.stdout.decode()
        notice = listing.stderr.decode()
        assert notice.startswith("duizhao: ") and "read-only" in notice and len(notice.splitlines()) == 1
        deck = tmp_path / "deck.apkg"
        assert "can only be read" in assert_refused(run_duizhao(zoo, "export-anki", "-o", str(deck), "--db", str(db)))
        assert not deck.exists()
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
