"""The article controller (reader/ui/reading.py): pairs, lighting, following the scroll, the reading position."""

from __future__ import annotations

from tests.ui.conftest import open_seed


def test_every_sentence_finds_its_pair_from_either_side(qtbot, make_window):
    window = make_window()
    view = open_seed(qtbot, window)
    reading = window.reading
    for index, pair in enumerate(view.pairs):
        for zh in pair.zh:
            assert reading._pair_for("zh", zh) is view.pairs[index]
        for en in pair.en:
            assert reading._pair_for("en", en) is view.pairs[index]
    assert reading._pair_for("zh", -1) is None


def test_lighting_a_pair_lights_both_sides_and_a_click_keeps_it(qtbot, make_window):
    window = make_window()
    view = open_seed(qtbot, window)
    pair = next(p for p in view.pairs if p.zh and p.en)
    reading = window.reading
    reading._sentence_clicked("zh", pair.zh[0])
    zh_lit = [tuple(window.zh.sentence_spans[i]) for i in pair.zh]
    en_lit = [tuple(window.en.sentence_spans[i]) for i in pair.en]
    assert window.zh.layer_spans("sentence") == zh_lit and window.en.layer_spans("sentence") == en_lit
    reading._sentence_hovered("zh", -1)  # the mouse left every sentence: the clicked pair stays lit
    assert window.en.layer_spans("sentence") == en_lit
    assert reading._current_pair() == view.pairs.index(pair)


def test_the_reading_position_is_saved_once_scrolling_stops(qtbot, make_window):
    window = make_window()
    view = open_seed(qtbot, window)
    bar = window.zh.verticalScrollBar()
    bar.setValue(bar.maximum() * 2 // 3)  # as the user scrolling (a program's scroll is not followed)
    top = window.zh.top_sentence()
    assert top > 0
    qtbot.waitUntil(lambda: window.library.article(view.id).info.position == top, timeout=5000)
