"""Start-up order: the first paint comes from a read-only peek, the Library is attached after it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.library import Library
from reader.store.peek import peek
from tests.ui.conftest import SEED_EN, SEED_ZH

ROOT = Path(__file__).resolve().parents[2]

#: Runs ``reader.app.main`` as a desktop launch does, watching the Chinese pane: at its first paint
#: with text it records what was shown and whether the store (peewee) was imported; then it waits for the
#: analysed article and quits.  Prints one JSON line.
CHILD = r"""
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
import os
import reader.app
import reader.ui.main_window as main_window
from reader.app import main

if os.environ.get("TEST_READ_WAIT"):  # 0: a new file's text comes after the window's first paint
    reader.app.READ_WAIT_S = float(os.environ["TEST_READ_WAIT"])

app = QApplication(["test"])
record = {}
#: The controllers' modules the window builds after its first paint (reader.ui.startup.LATE_CONTROLLERS).
LATE_MODULES = ("reader.ui.learner", "reader.learning", "reader.ui.anki_live", "reader.ui.read_aloud",
                "reader.speech", "reader.ui.focus", "reader.ui.dialogs")
real_init = main_window.MainWindow.__init__
keep = []

class Watch(QObject):
    def __init__(self, window):
        super().__init__()
        self.window = window

    def eventFilter(self, obj, event):
        doc = self.window.zh.document()
        if event.type() == QEvent.Paint and doc.characterCount() > 1:
            painted = record.setdefault("painted_lengths", [])
            if not painted or painted[-1] != doc.characterCount():
                painted.append(doc.characterCount())
        if event.type() == QEvent.Paint and doc.characterCount() > 1 and "first_text" not in record:
            record["first_text"] = doc.toPlainText()
            record["store_at_first_paint"] = "reader.store.store" in sys.modules
            record["ready_at_first_paint"] = self.window.library_ready
            record["view_at_first_paint"] = self.window.view is not None
            record["late_at_first_paint"] = sorted(m for m in LATE_MODULES if m in sys.modules)
        return False

def init(window, *args, **kwargs):
    real_init(window, *args, **kwargs)
    watch = Watch(window)
    keep.append(watch)
    window.zh.viewport().installEventFilter(watch)

    def shown(_id):
        record["shown_text"] = window.view.zh.text
        record["ready"] = window.library_ready
        record["actions_enabled"] = window.actions["highlight"].isEnabled()
        record["late_built"] = sorted(window._controllers)
        QTimer.singleShot(0, app.quit)

    window.article_shown.connect(shown)
    window.open_failed.connect(lambda m: (record.__setitem__("failed", m), app.quit()))

main_window.MainWindow.__init__ = init
QTimer.singleShot(120_000, app.quit)
main(["--new-instance", *sys.argv[1:]])
print("RECORD " + json.dumps(record, ensure_ascii=False))
"""


def _launch(*args: str, db: Path, read_wait: float | None = None) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    if read_wait is not None:
        env["TEST_READ_WAIT"] = str(read_wait)
    done = subprocess.run([sys.executable, "-c", CHILD, "--db", str(db), *args], capture_output=True, text=True,
                          env=env, timeout=180, cwd=ROOT)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RECORD ")]
    assert lines, done.stdout[-1000:] + done.stderr[-3000:]
    return json.loads(lines[-1][len("RECORD "):])


@pytest.mark.slow
def test_first_paint_precedes_the_store_and_the_window_works_after(tmp_path):
    db = tmp_path / "start.sqlite3"
    first = _launch(str(SEED_ZH), str(SEED_EN), db=db)
    assert "failed" not in first
    # A new file: its clean text (never the page's navigation) painted before the analysed article,
    # and before the Library (peewee, the store) was loaded.
    assert first["first_text"].strip() and not first["view_at_first_paint"]
    assert first["store_at_first_paint"] is False and first["ready_at_first_paint"] is False
    # The learner, Anki, read-aloud and focus controllers (and the dialogs) come after the first paint.
    assert first["late_at_first_paint"] == [] and first["late_built"] == ["anki", "focus", "learner", "speech"]
    assert first["first_text"].replace("\n", "").replace("\u2029", "") == \
        first["shown_text"].replace("\n", "")
    assert first["ready"] and first["actions_enabled"]

    for args in ((str(SEED_ZH), str(SEED_EN)), ()):  # reopened, then a restart (the last article)
        again = _launch(*args, db=db)
        assert "failed" not in again
        assert again["store_at_first_paint"] is False
        assert again["ready_at_first_paint"] is False
        assert again["late_at_first_paint"] == [] and len(again["late_built"]) == 4
        assert again["first_text"].replace("\u2029", "\n") == again["shown_text"]
        assert again["ready"] and again["actions_enabled"]


@pytest.mark.slow
@pytest.mark.parametrize("read_wait", [None, 0.0])  # read before the window's first paint, or after it
def test_first_open_of_a_page_paints_its_clean_text_before_the_store(tmp_path, read_wait):
    page = SEED_ZH.with_name("qiantang-zh.html")  # GB18030 bytes, navigation and copyright around the article
    first = _launch(str(page), db=tmp_path / "page.sqlite3", read_wait=read_wait)
    assert "failed" not in first
    assert first["store_at_first_paint"] is False and not first["view_at_first_paint"]
    assert "钱塘" in first["first_text"] and "杭州网首页" not in first["first_text"]  # no boilerplate flash
    assert first["first_text"].replace("\u2029", "\n") == first["shown_text"]
    assert first["ready"] and first["actions_enabled"]


@pytest.mark.slow
def test_first_open_of_a_long_text_file_paints_its_beginning_then_the_whole(tmp_path):
    from tests.conftest import long_seed_page

    path = long_seed_page(tmp_path, repeats=300)  # ~1 MB: longer to read than the window waits
    first = _launch(str(path), db=tmp_path / "long.sqlite3")
    assert "failed" not in first
    assert first["store_at_first_paint"] is False and not first["view_at_first_paint"]
    beginning = first["first_text"].replace("\u2029", "\n")
    whole = first["shown_text"]
    assert "钱塘" in beginning and "杭州网首页" not in beginning  # the article, never the page around it
    # The beginning, then the whole read painted (before the analysed article), which begins the same.
    assert 1000 < len(beginning) < len(whole) // 4
    assert whole.startswith(beginning.rsplit("\n", 1)[0])
    assert len(first["painted_lengths"]) >= 2 and first["painted_lengths"][0] < first["painted_lengths"][1]
    assert first["ready"] and first["actions_enabled"]


@pytest.mark.slow
@pytest.mark.parametrize("content", [b"", b"%PDF-1.7 not an article", b"only english words here, nothing else"])
def test_first_open_of_an_unreadable_file_fails_once_without_a_traceback(tmp_path, content):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "reader", "--smoke-test", "--db", str(tmp_path / "db.sqlite3"),
                           str(bad)], capture_output=True, text=True, env=env, timeout=180, cwd=ROOT)
    assert done.returncode == 1, done.stderr[-2000:]
    assert done.stderr.count("duizhao: error:") == 1 and "Traceback" not in done.stderr


@pytest.mark.slow
def test_a_database_that_cannot_be_opened_still_exits_2(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "reader", "--smoke-test", "--db", str(blocker / "db.sqlite3")],
                          capture_output=True, text=True, env=env, timeout=180, cwd=ROOT)
    assert done.returncode == 2
    assert "duizhao: error:" in done.stderr and "Traceback" not in done.stderr


# ---------------------------------------------------------------- the window before and after attaching


@pytest.fixture
def stored(tmp_path):
    """A closed database holding the seed article (without English: quick) and a few settings."""
    db = tmp_path / "peek.sqlite3"
    with Library(str(db)) as library:
        view = library.open_article(SEED_ZH)
        library.set_setting("last_article", view.id)
        library.set_setting("display", {"zh_size": 20})
        return db, view.id, view.zh.text


def _early_window(qtbot, db: Path):
    from reader.ui.main_window import MainWindow

    startup = peek(db)
    window = MainWindow(None, quiet=True, restore=False, db_path=str(db), startup=startup)
    window.resize(1300, 800)
    qtbot.addWidget(window)
    if startup is not None and startup.article is not None:
        window.startup.preview_stored(article_id=startup.article[0])
    window.show()
    return window


def test_window_before_the_library_shows_the_peeked_text_and_waits(qtbot, stored):
    db, article_id, text = stored
    window = _early_window(qtbot, db)
    try:
        assert not window.library_ready
        assert window.zh.text == text and window.view is None
        assert window.settings.zh_size == 20  # display settings from the peek
        assert not window.actions["open"].isEnabled() and not window.actions["export_anki"].isEnabled()
        window.set_display(zh_size=22)  # written once attached
        attached = []
        window.library_attached.connect(lambda: attached.append(True))
        window.attach_library()
        assert window.library_ready and attached == [True]
        assert window.actions["open"].isEnabled()
        assert window.library.get_setting("display")["zh_size"] == 22
        with qtbot.waitSignal(window.article_shown, timeout=60000):
            window.opening.open_article_id(article_id)
        assert window.view.id == article_id and window.view.zh.text == text
        window.attach_library()  # a second call changes nothing
    finally:
        window.close()
        if window.library_ready:
            window.library.unlocked.close()


def test_an_action_before_attaching_attaches_first(qtbot, tmp_path):
    db = tmp_path / "fresh.sqlite3"  # nothing to peek: a first start
    window = _early_window(qtbot, db)
    try:
        assert not window.library_ready and window.zh.text == ""
        with qtbot.waitSignal(window.article_shown, timeout=60000):
            window.opening.open_paths([str(SEED_ZH)])
        assert window.library_ready and window.view is not None
        assert window.library.articles()[0].id == window.view.id
    finally:
        window.close()
        if window.library_ready:
            window.library.unlocked.close()


def test_a_background_job_before_attaching_attaches_on_the_gui_thread(qtbot, tmp_path, stored):
    import threading

    db, _id, _text = stored
    window = _early_window(qtbot, db)
    attached_on = []
    window.library_attached.connect(lambda: attached_on.append(threading.get_ident()))
    try:
        window.exports.export_anki(str(tmp_path / "words.tsv"), this_article=False, tsv=True)
        assert attached_on == [threading.get_ident()]
        qtbot.waitUntil(lambda: window.busy is None, timeout=60000)
        assert window.library_ready
    finally:
        window.close()
        if window.library_ready:
            window.library.unlocked.close()


def test_before_attaching_only_the_startup_state_answers(qtbot, stored):
    """Nothing reaches the store before it is attached: the state object answers, or nobody does."""
    db, article_id, text = stored
    window = _early_window(qtbot, db)
    try:
        state = window.startup.state
        assert window.library.unlocked is None and not hasattr(window.library, "articles")
        assert window.stored_text(article_id)[2] == text  # the peeked article, by its id
        assert window.stored_text(path=str(SEED_ZH)) is None  # a path is answered once attached
        window._set_setting("welcome_shown", True)
        assert state.pending == {"welcome_shown": True} and window.setting("welcome_shown") is True
        window.attach_library()
        assert state.pending == {} and window.library.get_setting("welcome_shown") is True
        assert window.stored_text(path=str(SEED_ZH))[0] == article_id
    finally:
        window.close()
        if window.library_ready:
            window.library.unlocked.close()
