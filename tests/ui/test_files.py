"""Files given to the window: FIFOs, devices and folders get one line, never opened; names not UTF-8 open."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote_from_bytes

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from reader.ui.files import display_name, open_problem, path_from_url, recover_path
from tests.ui.conftest import SEED_ZH, open_seed

ROOT = Path(__file__).resolve().parents[2]
#: A name that is not UTF-8 (Latin-1 "é" and a stray byte), as old archives and other systems leave them.
RAW_NAME = b"caf\xe9 \xff\xe6\x96\xb0\xe9\x97\xbb.txt"


@pytest.fixture
def bad_paths(tmp_path):
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.html"
    folder.mkdir()
    return {"fifo": str(fifo), "zero": "/dev/zero", "null": "/dev/null", "folder": str(folder)}


def test_open_problem_names_what_the_file_is(bad_paths, tmp_path):
    assert "pipe (FIFO)" in open_problem(bad_paths["fifo"])
    assert "device" in open_problem(bad_paths["zero"]) and "device" in open_problem(bad_paths["null"])
    assert "folder" in open_problem(bad_paths["folder"])
    assert "no such file" in open_problem(str(tmp_path / "missing.html"))
    assert open_problem(str(SEED_ZH)) is None
    for problem in map(open_problem, bad_paths.values()):
        assert "\n" not in problem


def test_names_that_are_not_utf8_survive_urls_and_dialogs(tmp_path):
    raw = os.fsencode(tmp_path) + b"/" + RAW_NAME
    Path(os.fsdecode(raw)).write_text("新闻", encoding="utf-8")
    url = _file_url(raw)
    path = path_from_url(url)
    assert os.fsencode(path) == raw and os.path.isfile(path)
    # Qt's own decoding replaces the bad bytes; the file dialog's answer is mapped back to the real name.
    lossy = url.toLocalFile()
    assert "\ufffd" in lossy and not os.path.exists(lossy)
    assert os.fsencode(recover_path(lossy)) == raw
    shown = display_name(path)
    shown.encode("utf-8")  # showable: no lone surrogate
    assert shown.startswith("caf\ufffd")


def _file_url(raw: bytes) -> QUrl:
    """The file: URL of a path's bytes, as a file manager puts it in a drop (percent-encoded bytes)."""
    return QUrl.fromEncoded(b"file://" + quote_from_bytes(raw).encode("ascii"))


def _drop(window, paths) -> None:
    data = QMimeData()
    data.setUrls([_file_url(os.fsencode(p)) for p in paths])
    event = QDropEvent(QPointF(20, 20), Qt.CopyAction, data, Qt.LeftButton, Qt.NoModifier)
    window.dropEvent(event)


@pytest.mark.parametrize("kind", ["fifo", "zero", "null", "folder"])
@pytest.mark.parametrize("how", ["open", "drop", "english"])
def test_fifos_devices_and_folders_get_one_line_never_a_hang(make_window, qtbot, bad_paths, kind, how):
    window = make_window()
    if how == "english":
        open_seed(qtbot, window, english=False)
    failures = []
    window.open_failed.connect(failures.append)
    started = time.monotonic()
    if how == "open":
        window.opening.open_paths([bad_paths[kind]])  # File → Open, the command line and other launches
    elif how == "drop":
        _drop(window, [bad_paths[kind]])
    else:
        window.opening.add_english(path=bad_paths[kind])
    assert time.monotonic() - started < 5
    assert len(failures) == 1 and "\n" not in failures[0]
    assert Path(bad_paths[kind]).name in failures[0]
    assert window.busy is None  # nothing was started that could wait on the file


def test_a_file_whose_name_is_not_utf8_opens_from_a_drop(make_window, qtbot, tmp_path):
    raw = os.fsencode(tmp_path) + b"/" + RAW_NAME
    Path(os.fsdecode(raw)).write_bytes(SEED_ZH.read_bytes())
    window = make_window()
    with qtbot.waitSignal(window.article_shown, timeout=60000):
        _drop(window, [os.fsdecode(raw)])
    assert window.view.info.paths and os.fsencode(window.view.info.paths[0]) == raw
    window.windowTitle().encode("utf-8")  # what Qt shows holds no lone surrogate
    recent = window.recent_menu.actions()
    assert recent and recent[0].text().startswith("caf\ufffd")


def test_a_fifo_on_the_command_line_is_one_line_not_a_hang(tmp_path, bad_paths):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "reader", "--smoke-test", "--new-instance", "--db",
                          str(tmp_path / "db.sqlite3"), bad_paths["fifo"]],
                         capture_output=True, text=True, timeout=120, env=env, cwd=str(ROOT))
    assert time.monotonic() - started < 120
    assert run.returncode != 0
    errors = [line for line in run.stderr.splitlines() if line.startswith("duizhao: error:")]
    assert len(errors) == 1 and "pipe (FIFO)" in errors[0], run.stderr
    assert "Traceback" not in run.stderr
