"""The window's commands (reader/ui/actions.py): shortcuts, actions and when they are enabled."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from reader.ui.actions import PANE_KEYS, SHORTCUTS, build_actions, update_enabled
from reader.ui.display import HIGHLIGHT_NAMES, DisplaySettings


def _built(qtbot):
    window, pane = QWidget(), QWidget()
    qtbot.addWidget(window)
    qtbot.addWidget(pane)
    called, display = [], []
    handlers = {key: (lambda *_checked, k=key: called.append(k)) for key, _label, _keys in SHORTCUTS}
    toggles = {"ruby": "ruby"}
    actions, colours, single = build_actions(window, [pane], handlers, toggles, DisplaySettings(),
                                             lambda **c: display.append(c), lambda name: called.append(name))
    return window, pane, actions, colours, single, called, display


def test_every_command_is_an_action_with_its_shortcut(qtbot):
    window, pane, actions, colours, single, called, display = _built(qtbot)
    assert set(actions) == {key for key, _l, _k in SHORTCUTS} and len(colours) == len(HIGHLIGHT_NAMES)
    assert actions["open"].shortcut().toString() == "Ctrl+O" and actions["open"] in window.actions()
    assert actions["highlight"] in single and actions["highlight"] in pane.actions()  # single keys: panes only
    assert actions["highlight"] not in window.actions()
    actions["undo"].trigger()
    colours[1].trigger()
    actions["ruby"].trigger()  # a toggle sets its display field
    assert called == ["undo", HIGHLIGHT_NAMES[1]] and display == [{"ruby": True}]
    assert PANE_KEYS and all(len(row) == 2 for row in PANE_KEYS)


def test_enabled_state_follows_idle_article_and_undo(qtbot):
    _window, _pane, actions, colours, _single, _called, _display = _built(qtbot)
    update_enabled(actions, colours, idle=False, has_article=True, can_undo=True)
    assert not actions["highlight"].isEnabled() and not actions["open"].isEnabled()
    assert actions["find"].isEnabled() and not actions["undo"].isEnabled()  # find is read-only
    update_enabled(actions, colours, idle=True, has_article=False, can_undo=False)
    assert actions["open"].isEnabled() and not actions["merge_pair"].isEnabled()
    assert not actions["find"].isEnabled() and not colours[0].isEnabled() and not actions["undo"].isEnabled()
    update_enabled(actions, colours, idle=True, has_article=True, can_undo=True)
    assert all(a.isEnabled() for a in colours) and actions["undo"].isEnabled() and actions["save_word"].isEnabled()
