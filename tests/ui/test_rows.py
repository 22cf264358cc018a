"""The row-aligned layout: every pair of the seed starts on the same line in both panes."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtWidgets import QHBoxLayout, QWidget

from reader.ui.panes import ChinesePane, EnglishPane
from reader.ui.rows import RowAligner, line_top, row_breaks, row_layout, row_starts
from tests.ui.conftest import SEED_EN, SEED_ZH

#: How far apart (px) the two starts of a row may be.
TOLERANCE = 3


@dataclass(frozen=True)
class P:
    zh: tuple
    en: tuple


def test_row_starts_keep_pairs_with_both_sides_in_order():
    pairs = [P((0,), (0,)), P((1, 2), ()), P((3,), (1, 2)), P((), (3,)), P((4,), (1,)), P((5,), (4,))]
    assert row_starts(pairs, 6, 5) == [(0, 0), (3, 1), (5, 4)]  # (4, 1) goes back on the English side
    assert row_starts(pairs, 4, 5) == [(0, 0), (3, 1)]  # indices past the text are left out


def test_row_breaks_only_where_a_sentence_does_not_start_a_line():
    text = "一。二。\n三。四。"
    spans = [(0, 2), (2, 4), (5, 7), (7, 9)]
    assert row_breaks(text, spans, [0, 1, 2, 3]) == ((2, "\n"), (7, "\n"))
    assert row_breaks(text, spans, [3, 3, 9]) == ((7, "\n"),)


@pytest.fixture(scope="module")
def seed_view(tmp_path_factory):
    from reader.library import Library

    library = Library(str(tmp_path_factory.mktemp("rows") / "rows.sqlite3"))
    view = library.open_article(str(SEED_ZH), str(SEED_EN))
    yield view
    library.close()


def _panes(qtbot, width=1300, height=700):
    window = QWidget()
    qtbot.addWidget(window)
    layout = QHBoxLayout(window)
    zh, en = ChinesePane(window), EnglishPane(window)
    layout.addWidget(zh)
    layout.addWidget(en)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    return window, zh, en


def _render(zh, en, view, aligner, rows_on=True):
    layout = row_layout(view, rows_on)
    zh.set_article(view.zh, insertions=layout.zh_insertions)
    en.set_english(view.en_text, list(view.en_sentences), insertions=layout.en_insertions)
    aligner.set_rows(layout.rows)
    return layout.rows


def _check_on_screen(qtbot, zh, en, view):
    """For every pair with both sides: scrolled to it, its two first lines are within TOLERANCE px."""
    checked = 0
    for pair in view.pairs:
        if not pair.zh or not pair.en:
            continue
        zh.scroll_to_sentence(pair.zh[0], top_offset=20)
        qtbot.wait(1)
        a = zh.position_rect(zh.sentence_spans[pair.zh[0]][0]).top()
        b = en.position_rect(en.sentence_spans[pair.en[0]][0]).top()
        assert abs(a - b) <= TOLERANCE, (pair.index, a, b)
        checked += 1
    return checked


def test_every_pair_of_the_seed_starts_on_the_same_line(qtbot, seed_view):
    window, zh, en = _panes(qtbot)
    aligner = RowAligner(zh, en)
    rows = _render(zh, en, seed_view, aligner)
    assert len(rows) >= 20
    assert max(abs(d) for d in aligner.offsets()) <= TOLERANCE
    assert _check_on_screen(qtbot, zh, en, seed_view) == len(rows)
    # The two documents end together: the scroll bars have one range.
    assert abs(zh.verticalScrollBar().maximum() - en.verticalScrollBar().maximum()) <= TOLERANCE
    # Narrower: the text re-wraps, the rows are padded again.
    window.resize(900, 650)
    qtbot.waitUntil(lambda: max(abs(d) for d in aligner.offsets()) <= TOLERANCE, timeout=5000)
    assert _check_on_screen(qtbot, zh, en, seed_view) == len(rows)
    # Larger Chinese (zoom) and pinyin above the characters: padded again.
    font = zh.font()
    font.setPointSizeF(font.pointSizeF() * 1.3)
    zh.setFont(font)
    zh.apply_display(tone_mode="characters", tone_scheme="pleco", ruby=True, ruby_hide_known=False,
                     word_boundaries=True, mark_unknown=False, known=frozenset(), dark=False)
    qtbot.waitUntil(lambda: max(abs(d) for d in aligner.offsets()) <= TOLERANCE, timeout=5000)
    assert _check_on_screen(qtbot, zh, en, seed_view) == len(rows)


def test_rows_scroll_together_and_keep_the_offsets(qtbot, seed_view):
    window, zh, en = _panes(qtbot)
    aligner = RowAligner(zh, en)
    _render(zh, en, seed_view, aligner)
    zh.verticalScrollBar().setValue(zh.verticalScrollBar().maximum() // 2)
    assert en.verticalScrollBar().value() == zh.verticalScrollBar().value()
    en.verticalScrollBar().setValue(40)
    assert zh.verticalScrollBar().value() == 40
    # Offsets are the article's code points: a sentence's span maps to its own text, a hover to its character.
    text = seed_view.zh.text
    start = text.index("临时党支部", text.index("在钱塘区"))
    zh.scroll_to_sentence(zh.sentence_at(start))
    assert zh.offset_at(zh.span_rect(start, start + 1).center()) == start
    zh.setTextCursor(zh.cursor_for_span(start, start + 5))
    assert zh.selected_span() == (start, start + 5)
    assert zh.cursor_for_span(start, start + 5).selectedText() == "临时党支部"
    for i, (a, b) in enumerate(en.sentence_spans):
        assert en.cursor_for_span(a, b).selectedText().replace("\u2029", "\n") == seed_view.en_text[a:b], i


def test_free_flow_has_no_padding_and_scrolls_by_itself(qtbot, seed_view):
    window, zh, en = _panes(qtbot)
    aligner = RowAligner(zh, en)
    _render(zh, en, seed_view, aligner)
    assert zh.row_pads or en.row_pads or zh.row_lead or en.row_lead
    _render(zh, en, seed_view, aligner, rows_on=False)
    assert not aligner.active and not zh.row_pads and not en.row_pads and zh.row_lead == en.row_lead == 0
    assert zh.document().characterCount() - 1 == len(seed_view.zh.text)  # no display-only breaks
    zh.verticalScrollBar().setValue(60)
    assert en.verticalScrollBar().value() == 0
    # Free flow drifts: at least one pair's partner is lower down than its Chinese (what rows fix).
    drift = [line_top(en, en.sentence_spans[p.en[0]][0]) - line_top(zh, zh.sentence_spans[p.zh[0]][0])
             for p in seed_view.pairs if p.zh and p.en]
    assert max(abs(d) for d in drift) > 20


def test_an_article_with_too_many_rows_stays_free_flowing(qtbot, seed_view, monkeypatch):
    import reader.ui.rows as rows

    monkeypatch.setattr(rows, "MAX_ROWS", 5)
    layout = row_layout(seed_view, True)
    assert layout.rows == () and layout.zh_insertions == ()
    window, zh, en = _panes(qtbot)
    aligner = RowAligner(zh, en)
    aligner.set_rows(row_starts(seed_view.pairs, len(seed_view.zh.sentences), len(seed_view.en_sentences)))
    assert not aligner.active
