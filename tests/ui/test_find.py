"""Find in the article (reader/ui/find.py and the find bar)."""

from __future__ import annotations

from tests.ui.conftest import open_seed


def test_find_in_either_pane(qtbot, make_window):
    from PySide6.QtCore import Qt

    window = make_window()
    view = open_seed(qtbot, window)
    window.zh.setFocus()
    window.actions["find"].trigger()
    bar = window.find_bar
    assert bar.isVisible() and bar.current_side() == "zh"
    bar.edit.setText("隔离")  # (QTest cannot type CJK characters)
    text = view.zh.text
    expected = [(i, i + 2) for i in range(len(text)) if text.startswith("隔离", i)]
    assert window.zh.layer_spans("find") == expected and bar.count.text() == f"1 of {len(expected)}"
    assert window.zh.selected_span() == expected[0]
    qtbot.keyClick(bar.edit, Qt.Key_Return)
    assert window.zh.selected_span() == expected[1] and bar.count.text() == f"2 of {len(expected)}"
    qtbot.keyClick(bar.edit, Qt.Key_Return, Qt.ShiftModifier)
    qtbot.keyClick(bar.edit, Qt.Key_Return, Qt.ShiftModifier)
    assert window.zh.selected_span() == expected[-1]  # wraps around
    bar.side.setCurrentIndex(bar.side.findData("en"))  # English, case-insensitive
    bar.edit.setText("THEY ARE")
    en = view.en_text
    assert window.zh.layer_spans("find") == []
    found = [en[s:e] for s, e in window.en.layer_spans("find")]
    assert found == [en[i:i + 8] for i in range(len(en)) if en.lower().startswith("they are", i)]
    assert "They are" in found and "they are" in found
    bar.edit.setText("no such words")
    assert bar.count.text() == "no match" and window.en.layer_spans("find") == []
    qtbot.keyClick(bar.edit, Qt.Key_Escape)
    assert not bar.isVisible()


def test_find_matches_the_simplified_text_when_traditional_is_shown(qtbot, make_window):
    from reader.ui.findbar import find_all

    assert find_all(["臨時黨支部臨時", "临时党支部临时"], "临时") == [(0, 2), (5, 7)]
    assert find_all(["Ab ab AB"], "ab", ignore_case=True) == [(0, 2), (3, 5), (6, 8)]
    assert find_all(["aaaa"], "aa") == [(0, 2), (2, 4)]
    assert find_all(["x"], "") == []
    window = make_window()
    view = open_seed(qtbot, window)
    window.set_display(traditional=True)
    window.find()
    window.find_bar.edit.setText("党支部")
    assert len(window.zh.layer_spans("find")) == view.zh.text.count("党支部") > 0


def test_a_repaint_keeps_the_matches_and_the_current_one(qtbot, make_window):
    window = make_window()
    view = open_seed(qtbot, window)
    window.find()
    window.find_bar.edit.setText("隔离")
    window.finder.step(1)
    before = (window.zh.layer_spans("find"), window.finder.index)
    window.set_display(zh_size=window.settings.zh_size + 2)  # re-renders the panes
    assert (window.zh.layer_spans("find"), window.finder.index) == before and before[1] == 1
    window.finder.closed()
    assert window.zh.layer_spans("find") == [] and window.finder.spans == [] and view is window.view
