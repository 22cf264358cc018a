"""Start-up: the window painted from what was peeked, then the Library attached once that is on screen.

:class:`StartupState` holds what the first paint needs before the store is
opened (the settings and the last article's text, from
:func:`reader.store.peek.peek`) and the settings written meanwhile; the
window asks it directly until :meth:`StartupController.attach_library`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer

from reader.errors import DuizhaoError
from reader.ui.worker import run_in_background

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow

APP_TITLE = "Duizhao"
PLACEHOLDER = ("Open a Chinese article with File → Open… (Ctrl+O), paste one (Ctrl+Shift+V), "
               "or drop a file here.")
#: How long after the database opens its search index's full check starts (off the GUI thread).
SEARCH_CHECK_DELAY_MS = 2000
#: The window's controllers the first paint does without (their imports cost ~35 ms): built after it at
#: start-up (MainWindow._build_late), or on first use (the window's properties of these names).
LATE_CONTROLLERS = ("learner", "anki", "speech", "focus")


@dataclass
class StartupState:
    """What the window knows before the Library is attached: peeked settings and article, settings written since."""

    settings: dict[str, Any] = field(default_factory=dict)
    article: tuple | None = None  # (id, title, zh_text, en_text) of the last article, peeked
    pending: dict[str, Any] = field(default_factory=dict)  # written once the Library is attached

    @classmethod
    def from_peek(cls, peek) -> StartupState:
        """From a :class:`reader.store.peek.Peek` (None: nothing peeked)."""
        if peek is None:
            return cls()
        return cls(dict(peek.settings), peek.article)

    def get_setting(self, key: str, default: Any = None) -> Any:
        return self.settings.get(key, default)

    def set_setting(self, key: str, value: Any) -> None:
        self.settings[key] = value
        self.pending[key] = value

    def article_text(self, article_id: int | None = None, *, path=None):
        """The peeked article's texts when asked for by its id; None otherwise (a path is answered once attached)."""
        article = self.article
        if article is None or path is not None or article_id != article[0]:
            return None
        return article


class StartupController(QObject):
    """First-paint choreography: previews before the store loads, work after the first paint."""

    def __init__(self, window: MainWindow, state: StartupState) -> None:
        super().__init__(window)
        self.w = window
        self.state = state
        self._after_paint: list[Callable[[], None]] = []
        self._paint_watch = False
        self._search_check = None

    def eventFilter(self, obj, event) -> bool:  # Qt override: the Chinese pane's first paint
        if self._paint_watch and event.type() == QEvent.Paint and obj is self.w.zh.viewport():
            self._paint_watch = False
            obj.removeEventFilter(self)
            # What waited for this paint runs after it has reached the screen; what is asked for
            # meanwhile (e.g. once a new file's text is set) waits for the next paint, not this one.
            painted, self._after_paint = self._after_paint, []
            QTimer.singleShot(0, lambda: self._run_after_paint(painted))
        return False

    def attach_library(self, library=None) -> None:
        """Open the Library (or take ``library``); no-op when attached.

        Raises DuizhaoError when the database cannot be opened.  Settings changed
        meanwhile are written, and what the start-up state could not answer is refreshed.
        """
        if self.w.library_ready:
            return
        if library is None:
            from reader.library import Library

            # the window may start anew (the CLI never); its search index's full check runs later (check_search_index)
            library = Library(self.w._db_path, set_aside_damaged=True, quick_check=True)
            # a new text is analysed by a child process: the segmenter and reading engine never load here
            library.analyse_apart = True
        self.w.library.attach(library)
        pending, self.state.pending = self.state.pending, {}
        for key, value in pending.items():
            self.w._set_setting(key, value)
        for notice in getattr(library, "notices", ()) or ():
            self.w.notice(str(notice))
        if self.w.read_only:  # the store says why in its notice; the title keeps saying it
            title = self.w.windowTitle()
            if title.endswith(APP_TITLE):
                self.w.setWindowTitle(title[: -len(APP_TITLE)] + self.w.app_title)
        if self.w.settings.ruby:  # known words (ruby_hide_known) were not available yet; marks are the learner's
            self.w._apply_display(refresh=self.w.view is not None)
        self.w._update_actions()
        self.w.library_attached.emit()
        # opening checked the search index within a time budget; the rest runs once the reader has the article
        QTimer.singleShot(SEARCH_CHECK_DELAY_MS, self.check_search_index)

    def check_search_index(self) -> None:
        """Finish the search index's check on a worker thread; a repair shows its notice."""
        library = self.w.library.unlocked
        if library is None or not hasattr(library, "check_search_index"):
            return
        locked = self.w.library

        def job(_report):
            with locked.lock:
                return library.check_search_index()

        def done(notices) -> None:
            for notice in notices or ():
                self.w.notice(str(notice))

        def failed(exc: BaseException) -> None:
            self.w.notice(str(exc) if isinstance(exc, DuizhaoError) else f"The search index could not be checked: {exc}")

        self._search_check = run_in_background(job, done, failed)

    def read_first(self, paths: list[str], then: Callable[[], None], reading=None, wait: float = 0.0) -> None:
        """Start-up with a new file: show its preview (clean text) before the Library (peewee, the store) loads.

        The files are read in the background (ingest only, :func:`reader.ingest.texts.read_texts`)
        and their clean text shown — never the raw page; ``then()`` runs once that text has
        painted, or at once when nothing could be read (the opening that follows reports
        the error, once).  :meth:`open_paths` of the same files takes what was read.
        ``reading``: that read already started (``result()`` blocks, ``first_look(seconds)``
        gives what is read within that time: the whole, a long file's beginning, or None);
        called before the window is shown with ``wait`` seconds, what was read by then is
        shown at once, in the window's first paint (a long file's beginning is then replaced
        by the whole once it is read).
        """
        from reader.ingest.texts import read_texts

        paths = [str(p) for p in paths if p][:2]
        if not paths or (self.w.ops.busy):
            QTimer.singleShot(0, then)
            return
        zh_path, en_path = paths[0], (paths[1] if len(paths) > 1 else None)
        look = reading.first_look(wait) if reading is not None and wait > 0 else None
        whole = look if look is not None and look.extracted is not None else None  # the whole of it
        if look is not None and whole is None and look.zh_text.strip():
            self.w.opening._show_preview(look.title or Path(zh_path).name, look.zh_text, look.en_text)
            if hasattr(reading, "resume"):
                self.after_first_paint(reading.resume)  # the whole is read once this has painted
        elif self.w.view is None:
            self.w.opening._show_opening(Path(zh_path).name)

        def done(read) -> None:
            if not read.zh_text.strip() or not self.w.opening._previewing or self.w.view is not None:
                QTimer.singleShot(0, then)  # nothing to show (open_article says why), or shown otherwise
                return
            self.w.opening._read_first = read
            self.w.zh.setPlaceholderText(PLACEHOLDER)
            # The whole text replaces a long file's beginning where the reader is (it begins the same).
            kept = [pane.verticalScrollBar().value() for pane in (self.w.zh, self.w.en)] if look is not None else None
            self.w.opening._show_preview(read.title or Path(zh_path).name, read.zh_text, read.en_text)
            if kept:
                for pane, value in zip((self.w.zh, self.w.en), kept):
                    pane.verticalScrollBar().setValue(value)
            self.after_first_paint(then)  # the text reaches the screen before the store is loaded

        def failed(_exc: BaseException) -> None:
            QTimer.singleShot(0, then)

        if whole is not None:
            done(whole)
            return
        job = (lambda _progress: reading.result()) if reading is not None else \
            (lambda _progress: read_texts(zh_path, en_path))
        self.w.ops.run_in_background("", job, done, failed, locked=False)  # ingest only: no store, no lock

    def preview_stored(self, article_id: int | None = None, path: str | None = None) -> bool:
        """Show a stored article's preview now (start-up); False when it is not in the library."""
        stored = self.w.stored_text(article_id, path=path)
        if stored is None:
            return False
        self.w.opening._show_preview(stored[1] or "Untitled", stored[2], stored[3])
        return True

    def after_first_paint(self, fn: Callable[[], None], fallback_ms: int = 1000) -> None:
        """Run ``fn`` once the Chinese pane has painted (or after ``fallback_ms`` if it never does)."""
        self._after_paint.append(fn)
        if not self._paint_watch:
            self._paint_watch = True
            self.w.zh.viewport().installEventFilter(self)
        QTimer.singleShot(fallback_ms, self._run_after_paint)

    def _run_after_paint(self, pending: list[Callable[[], None]] | None = None) -> None:
        if pending is None:  # the fallback: whatever is still waiting
            pending, self._after_paint = self._after_paint, []
        for fn in pending:
            fn()


def build_controller(w: MainWindow, name: str) -> Any:
    """The window's controller ``name`` (one of :data:`LATE_CONTROLLERS`), built and wired to the window."""
    if name == "learner":  # every word's status: marks in the text, status keys, seeding, the figures
        from reader.ui.learner import LearnerController

        learner = LearnerController(w.library, w.ops, w.zh, view=lambda: w.view,
                                    busy=lambda: w.ops.busy or not w.library_ready, notice=w.notice,
                                    word_span=lambda: w.hover._word_span(), run_job=w.run_job, parent=w)
        w.zh.word_mark = learner.word_mark
        learner.stats_changed.connect(w.zh.set_stats_line)  # the article header's figures
        return learner
    if name == "anki":  # cards into a running Anki; the popup is attached when it is built
        from reader.ui.anki_live import AnkiLive

        anki = AnkiLive(w.library, w.ops, parent=w, get_setting=w.setting, set_setting=w._set_setting)
        anki.article_id = lambda: w.view.id if w.view is not None else None
        anki.message.connect(w.notice)
        return anki
    if name == "speech":
        from reader.ui.read_aloud import ReadAloud

        speech = ReadAloud(w.zh, w.en, lambda: w.view, accent=w.accent, parent=w)
        speech.message.connect(w.notice)
        return speech
    if name == "focus":
        from reader.ui.focus import FocusController

        return FocusController(w)
    raise KeyError(name)
