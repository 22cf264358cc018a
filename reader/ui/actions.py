"""The window's commands: their shortcuts, the actions built from them and when each is enabled.

:data:`SHORTCUTS` is also the Keyboard shortcuts table (Help, and the README's,
checked by ``packaging/readme_shortcuts.py``).  The window keeps the one table
of which handler each command calls (``MainWindow._build_actions``); :func:`build_menus` lays
the actions out in the menu bar.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from reader.ui.display import HIGHLIGHT_NAMES

#: (action key, label, shortcut) for every command; also the Keyboard shortcuts table.
SHORTCUTS = (
    ("open", "Open…", "Ctrl+O"),
    ("library", "Library", "Ctrl+L"),
    ("add_english_file", "Add English version from file…", "Ctrl+E"),
    ("add_english_paste", "Add English version from pasted text…", "Ctrl+Shift+E"),
    ("paste_article", "New article from pasted text…", "Ctrl+Shift+V"),
    ("export_anki", "Export to Anki…", "Ctrl+Shift+A"),
    ("export_notes", "Export annotations…", "Ctrl+Shift+N"),
    ("quit", "Quit", "Ctrl+Q"),
    ("highlight", "Highlight the selection", "H"),
    ("note", "Note on the selection", "N"),
    ("save_word", "Save the hovered word", "S"),
    ("anki_add", "Add the hovered word or the selection to Anki", "A"),
    ("status_new", "Mark the hovered word new", "U"),
    ("status_learning", "Mark the hovered word learning", "L"),
    ("status_known", "Mark the hovered word known", "K"),
    ("status_ignored", "Ignore the hovered word (a name, not a word to learn)", "I"),
    ("mark_rest_known", "Mark the rest of this article known", "Ctrl+Shift+K"),
    ("undo", "Undo", "Ctrl+Z"),
    ("find", "Find in the article…", "Ctrl+F"),
    ("merge_pair", "Merge pair with the next", "Ctrl+M"),
    ("split_pair", "Split pair at the cursor", "Ctrl+Shift+M"),
    ("swap", "Swap sides", "Ctrl+Shift+S"),
    ("vertical", "Stack vertically", "Ctrl+Shift+L"),
    ("hide_english", "Hide English", "Ctrl+Shift+H"),
    ("traditional", "Traditional characters", "Ctrl+T"),
    ("ruby", "Pinyin above the characters", "Ctrl+P"),
    ("focus", "Focus: one sentence pair at a time", "F"),
    ("say", "Say the hovered word", "R"),
    ("read_sentence", "Read the sentence aloud", "Ctrl+R"),
    ("read_on", "Read aloud from the cursor", "Ctrl+Shift+R"),
    ("zoom_in", "Zoom in", "Ctrl+="),
    ("zoom_out", "Zoom out", "Ctrl+-"),
    ("zoom_reset", "Actual size", "Ctrl+0"),
    ("shortcuts", "Keyboard shortcuts", "F1"),
)
#: Keys handled inside the Chinese pane (listed in the shortcuts table).
PANE_KEYS = (
    ("1 – 5", "Highlight the selection in colour 1–5"),
    ("← / →", "Previous / next word (the popup follows)"),
    ("M", "Cycle to a shorter dictionary match"),
    ("Enter", "Pin the popup"),
    ("Esc", "Close the popup; stop reading aloud"),
)

#: Commands that need the window idle and an article shown.
_ON_ARTICLE = ("add_english_file", "add_english_paste", "merge_pair", "split_pair", "highlight", "note", "save_word",
               "status_new", "status_learning", "status_known", "status_ignored", "mark_rest_known")
#: Commands that need the window idle.
_WHEN_IDLE = ("open", "paste_article", "library", "export_anki", "export_notes")


def build_actions(window: QWidget, panes: Sequence[QWidget], handlers: Mapping[str, Callable[[], Any]],
                  toggles: Mapping[str, str], settings: Any, set_display: Callable[..., None],
                  highlight: Callable[[str | None], Any]) -> tuple[dict[str, QAction], list[QAction], list[QAction]]:
    """Every command as a QAction: ``(actions by key, the colour actions, the single-key pane actions)``.

    A key in ``toggles`` is a checkable display setting (its field of ``settings``); the others call
    ``handlers[key]``.  Single keys belong to the panes only (not while typing a note).
    """
    actions: dict[str, QAction] = {}
    pane_actions: list[QAction] = []
    for key, label, shortcut in SHORTCUTS:
        action = QAction(label, window)
        # setShortcuts([...]), not setShortcut(...): PySide resolves setShortcut's overloads
        # through Qt's enum namespace (see reader.ui.compat.LazyQt).
        action.setShortcuts([QKeySequence(shortcut)])
        if key in toggles:
            action.setCheckable(True)
            action.setChecked(getattr(settings, toggles[key]))
            action.toggled.connect(lambda on, field=toggles[key]: set_display(**{field: on}))
        else:
            action.triggered.connect(handlers[key])
        if len(shortcut) == 1:
            pane_actions.append(action)
            for pane in panes:
                pane.addAction(action)
        else:
            window.addAction(action)
        actions[key] = action
    actions["zoom_in"].setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
    color_actions = []
    for i, name in enumerate(HIGHLIGHT_NAMES, start=1):
        action = QAction(f"Highlight {name}", window)
        action.setShortcuts([QKeySequence(str(i))])
        pane_actions.append(action)
        action.triggered.connect(lambda _c=False, n=name: highlight(n))
        for pane in panes:
            pane.addAction(action)
        color_actions.append(action)
    return actions, color_actions, pane_actions


def update_enabled(actions: Mapping[str, QAction], color_actions: Sequence[QAction], *, idle: bool,
                   has_article: bool, can_undo: bool) -> None:
    """Enable what can run now: nothing that writes while a job runs; find works read-only."""
    for key in _ON_ARTICLE:
        actions[key].setEnabled(idle and has_article)
    for key in _WHEN_IDLE:
        actions[key].setEnabled(idle)
    actions["find"].setEnabled(has_article)  # read-only: fine while a job runs
    actions["focus"].setEnabled(has_article)
    for key in ("anki_add", "say", "read_sentence", "read_on"):  # Anki's calls run on a pool of their own
        actions[key].setEnabled(has_article)
    for action in color_actions:
        action.setEnabled(idle and has_article)
    actions["undo"].setEnabled(idle and can_undo)


def build_menus(window: Any) -> None:
    """The menu bar: File, Edit, View, Help (the actions come from :func:`build_actions`)."""
    bar = window.menuBar()
    a = window.actions
    file_menu = bar.addMenu("&File")
    file_menu.addAction(a["open"])
    window.recent_menu = file_menu.addMenu("Open &recent")
    file_menu.addAction(a["paste_article"])
    file_menu.addAction(a["library"])
    file_menu.addSeparator()
    file_menu.addAction(a["add_english_file"])
    file_menu.addAction(a["add_english_paste"])
    file_menu.addSeparator()
    file_menu.addAction(a["export_anki"])
    file_menu.addAction(a["export_notes"])
    _add(window, file_menu, "Anki settings…", lambda: window.anki.edit_settings(window), "anki_settings")
    file_menu.addSeparator()
    file_menu.addAction(a["quit"])
    window.opening._rebuild_recent()
    edit = bar.addMenu("&Edit")
    edit.addAction(a["undo"])
    edit.addAction(a["find"])
    edit.addSeparator()
    edit.addAction(a["highlight"])
    colors = edit.addMenu("Highlight colour")
    for action in window.color_actions:
        colors.addAction(action)
    edit.addAction(a["note"])
    edit.addAction(a["save_word"])
    edit.addAction(a["anki_add"])
    _add(window, edit, "Show the hovered word in Anki", lambda: window.anki.show_popup_word(), "anki_show")
    statuses = edit.addMenu("Word status")  # every word has one (reader.ui.learner)
    for key in ("status_new", "status_learning", "status_known", "status_ignored"):
        statuses.addAction(a[key])
    edit.addAction(a["mark_rest_known"])
    seed = QAction("Words I know…", window)  # HSK levels, frequent words, a list, Anki (reader.ui.seeding)
    seed.triggered.connect(lambda: window.learner.open_seed_dialog(window))
    edit.addAction(seed)
    window.actions["seed_known"] = seed
    edit.addSeparator()
    edit.addAction(a["merge_pair"])
    edit.addAction(a["split_pair"])
    view = bar.addMenu("&View")
    view.addAction(a["library"])
    view.addAction(window.dock.toggleViewAction())
    view.addSeparator()
    view.addAction(a["swap"])
    view.addAction(a["vertical"])
    view.addAction(a["hide_english"])
    rows = QAction("Pairs in rows", window)  # each pair starts on the same line in both panes (reader.ui.rows)
    rows.setCheckable(True)
    rows.setChecked(window.settings.aligned_rows)
    rows.toggled.connect(lambda on: window.set_display(aligned_rows=on))
    view.addAction(rows)
    window.actions["aligned_rows"] = rows
    view.addAction(a["focus"])
    read = view.addMenu("Read aloud")  # reader.ui.read_aloud
    for key in ("say", "read_sentence", "read_on"):
        read.addAction(a[key])
    _add(window, read, "Stop reading (Esc)", lambda: window.speech.stop(), "read_stop")
    view.addSeparator()
    window.tone_group = _choice_menu(window, view.addMenu("Tone colours"), {"off": "Off", "pinyin": "Pinyin only",
                                                                       "characters": "Pinyin and characters"},
                                        window.settings.tone_mode, "tone_mode")
    window.scheme_group = _choice_menu(window, view.addMenu("Tone colour scheme"),
                                          {"pleco": "Pleco-like", "zhongwen": "Zhongwen-like",
                                           "colorblind": "Colour-blind safe"},
                                          window.settings.tone_scheme, "tone_scheme")
    view.addAction(a["traditional"])
    view.addAction(a["ruby"])
    for field, label in (("ruby_hide_known", "Hide pinyin over known words"),
                         ("word_boundaries", "Show word boundaries"),
                         ("mark_unknown", "Mark words not yet known")):
        action = QAction(label, window)
        action.setCheckable(True)
        action.setChecked(getattr(window.settings, field))
        action.toggled.connect(lambda on, f=field: window.set_display(**{f: on}))
        view.addAction(action)
        window.actions[field] = action
    view.addSeparator()
    font_action = QAction("Chinese font…", window)
    font_action.triggered.connect(window.choose_font)
    view.addAction(font_action)
    view.addAction(a["zoom_in"])
    view.addAction(a["zoom_out"])
    view.addAction(a["zoom_reset"])
    window.theme_group = _choice_menu(window, view.addMenu("Theme"), {"system": "Follow the system", "light": "Light",
                                                                 "dark": "Dark"},
                                         window.settings.theme, "theme")
    help_menu = bar.addMenu("&Help")
    help_menu.addAction(a["shortcuts"])
    about = QAction("About Duizhao", window)
    about.triggered.connect(window.show_about)
    help_menu.addAction(about)


def _add(window: Any, menu: QMenu, label: str, handler: Callable[[], Any], key: str) -> QAction:
    """A menu entry without a shortcut, kept in ``window.actions[key]``."""
    action = QAction(label, window)
    action.triggered.connect(handler)
    menu.addAction(action)
    window.actions[key] = action
    return action


def _choice_menu(window: Any, menu: QMenu, choices: dict[str, str], current: str, field: str) -> QActionGroup:
    group = QActionGroup(window)
    group.setExclusive(True)
    for value, label in choices.items():
        action = QAction(label, window)
        action.setCheckable(True)
        action.setChecked(value == current)
        action.setData(value)
        action.triggered.connect(lambda _c=False, v=value: window.set_display(**{field: v}))
        group.addAction(action)
        menu.addAction(action)
    return group
