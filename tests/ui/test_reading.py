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


def test_hover_sentence_lights_its_partner(qtbot, make_window):
    window = make_window()
    view = open_seed(qtbot, window)
    pair = next(p for p in view.pairs if p.zh and p.en)
    sentence = pair.zh[0]
    start, end = window.zh.sentence_spans[sentence]
    window.zh.scroll_to_sentence(sentence)
    qtbot.wait(10)
    window.zh.hover_at(window.zh.span_rect(start, start + 1).center())
    assert window.en.layer_spans("sentence") == [window.en.sentence_spans[i] for i in pair.en]
    assert window.zh.layer_spans("sentence") == [window.zh.sentence_spans[i] for i in pair.zh]


def test_hovering_english_lights_the_chinese_partner(qtbot, make_window):
    window = make_window()
    view = open_seed(qtbot, window)
    pair = next(p for p in view.pairs if p.zh and p.en)
    start, _ = window.en.sentence_spans[pair.en[0]]
    window.en.hover_at(window.en.span_rect(start, start + 1).center())
    assert window.zh.layer_spans("sentence") == [window.zh.sentence_spans[i] for i in pair.zh]
    assert not window.popup.isVisible()  # no word popup for English


def test_weak_pairs_are_marked_in_both_panes(qtbot, make_window):
    window = make_window()
    # An English text that does not translate the Chinese: the aligner has no confidence in it.
    with qtbot.waitSignal(window.article_shown, timeout=30000):
        window.opening.open_text("今天天气很好。我们去公园散步。他在银行工作。",
                         "The football match ended in a draw. Cooking pasta needs salt. Weather is nice today.",
                         "Mismatched")
    view = window.view
    assert window.windowTitle() == "Mismatched — Duizhao"
    weak = [p for p in view.pairs if p.confidence < 0.5 and p.zh and p.en]
    assert weak
    expected_zh = sorted(window.zh.sentence_spans[i] for p in weak for i in p.zh)
    expected_en = sorted(window.en.sentence_spans[i] for p in weak for i in p.en)
    assert sorted(window.zh.layer_spans("weak")) == expected_zh
    assert sorted(window.en.layer_spans("weak")) == expected_en


def test_merge_pair_is_kept(qtbot, make_window):
    window = make_window()
    view = open_seed(qtbot, window)
    before = len(view.pairs)
    window.reading._active_pair = 0
    window.reading.merge_pair()
    assert len(window.view.pairs) == before - 1
    assert len(window.library.article(view.id).pairs) == before - 1
