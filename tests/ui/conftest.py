"""Fixtures for the window tests: a database file per test and the seed pair opened once per module."""

from __future__ import annotations

from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "seed"
SEED_ZH = SEED / "qiantang-zh.txt"
SEED_EN = SEED / "qiantang-en.txt"


@pytest.fixture
def db_path(tmp_path) -> Path:
    # A file, not ":memory:": the worker thread opens its own SQLite connection.
    return tmp_path / "ui.sqlite3"


@pytest.fixture
def make_window(qtbot, db_path):
    """Factory: a MainWindow on ``db_path`` (closed and its Library closed after the test)."""
    from reader.library import Library
    from reader.ui.compat import guard_none_refcount
    from reader.ui.main_window import MainWindow

    guard_none_refcount()
    made = []

    def make(path: Path | None = None, size=(1300, 800)) -> MainWindow:
        library = Library(str(path or db_path))
        window = MainWindow(library, restore=False, quiet=True)
        window.resize(*size)
        qtbot.addWidget(window)
        window.show()
        made.append((window, library))
        return window

    yield make
    for window, library in made:
        window.popup.hide()
        window.close()
        library.close()


def open_seed(qtbot, window, english: bool = True):
    """Open the seed pair in ``window`` and wait until it is shown."""
    paths = [str(SEED_ZH)] + ([str(SEED_EN)] if english else [])
    with qtbot.waitSignal(window.article_shown, timeout=60000):
        window.opening.open_paths(paths)
    qtbot.wait(10)
    return window.view


def hover_word(qtbot, window, word: str, after: str | None = None):
    """Hover the first ``word`` (after ``after``) of the article shown: ``(its start, popup_shown's args)``."""
    text = window.view.zh.text
    start = text.index(word, text.index(after) if after else 0)
    window.zh.scroll_to_sentence(window.zh.sentence_at(start))
    qtbot.wait(10)
    rect = window.zh.span_rect(start, start + 1)
    window.zh.current_word = None
    with qtbot.waitSignal(window.popup_shown, timeout=2000) as signal:
        window.zh.hover_at(rect.center())
    return start, signal.args
