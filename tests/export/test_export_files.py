"""reader.export.files: exports replace regular files only, whole or not at all."""

from __future__ import annotations

import os
import socket
import stat

import pytest

from reader.errors import ExportError
from reader.export.files import replace_atomically, write_text


def test_writes_a_new_file_with_the_usual_permissions(tmp_path):
    target = tmp_path / "notes.md"
    write_text(target, "钱塘\n")
    assert target.read_text(encoding="utf-8") == "钱塘\n"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    assert os.listdir(tmp_path) == ["notes.md"]


def test_replacing_keeps_the_files_mode_and_writes_through_a_link(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old")
    real.chmod(0o600)
    link = tmp_path / "link.csv"
    link.symlink_to(real.name)
    write_text(link, "new")
    assert link.is_symlink() and real.read_text() == "new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o600


@pytest.mark.parametrize("kind", ["fifo", "folder", "device", "socket"])
def test_refuses_what_is_not_a_regular_file(tmp_path, kind):
    target = tmp_path / "out"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
    elif kind == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(target))
    else:
        target = "/dev/null"
    before = sorted(os.listdir(tmp_path))
    with pytest.raises(ExportError, match="cannot write") as error:
        write_text(target, "x")
    assert "\n" not in str(error.value)
    assert sorted(os.listdir(tmp_path)) == before  # no temporary file left
    if kind == "device":
        assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "deck.apkg"
    target.write_bytes(b"old deck")

    def fail(tmp: str) -> None:
        with open(tmp, "wb") as handle:
            handle.write(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(ExportError, match="No space left"):
        replace_atomically(target, fail)
    assert target.read_bytes() == b"old deck"
    assert os.listdir(tmp_path) == ["deck.apkg"]


def test_missing_folder_and_broken_link_are_refused(tmp_path):
    with pytest.raises(ExportError, match="no folder"):
        write_text(tmp_path / "missing" / "x.md", "x")
    (tmp_path / "dangling").symlink_to("nowhere")
    with pytest.raises(ExportError, match="broken symbolic link"):
        write_text(tmp_path / "dangling", "x")
