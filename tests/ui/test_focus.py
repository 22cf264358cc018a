"""Focus mode: one pair at a time, keys to reveal the English, step, pinyin and leave."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont

from reader.ui.compat import Qt
from reader.ui.focus import FocusView, PairSlice
from tests.ui.conftest import SEED_EN, SEED_ZH


@pytest.fixture(scope="module")
def seed_view(tmp_path_factory):
    from reader.library import Library

    library = Library(str(tmp_path_factory.mktemp("focus") / "focus.sqlite3"))
    view = library.open_article(str(SEED_ZH), str(SEED_EN))
    yield view
    library.close()


@pytest.fixture
def focus(qtbot, seed_view):
    view = FocusView()
    qtbot.addWidget(view)
    view.apply_fonts(QFont("Noto Sans CJK SC", 17), QFont("Sans", 12))
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    view.set_article(seed_view, 0)
    view.setFocus()
    return view


def _with_chinese(seed_view):
    return [i for i, p in enumerate(seed_view.pairs) if p.zh]


def test_a_slice_is_addressed_from_zero_like_the_article(seed_view):
    pair = next(p for p in seed_view.pairs if len(p.zh) >= 1 and p.en)
    piece = PairSlice.of(seed_view.zh, pair.zh)
    first = seed_view.zh.sentences[pair.zh[0]]
    assert piece.text == seed_view.zh.text[first.start:seed_view.zh.sentences[pair.zh[-1]].end]
    for sentence in piece.sentences:
        for token in sentence.tokens:
            assert piece.text[token.start:token.end] == token.text
    word = next(t for s in piece.sentences for t in s.tokens if t.kind == "han" and len(t.text) > 1)
    assert piece.gloss(word.start, word.end)  # pinyin and senses from the article's dictionary


def test_keys_reveal_step_and_toggle_pinyin(qtbot, focus, seed_view):
    order = _with_chinese(seed_view)
    assert focus.pair_index == order[0] and not focus.revealed and not focus.en.isVisible()
    pair = seed_view.pairs[order[0]]
    start, end = seed_view.zh.sentences[pair.zh[0]].start, seed_view.zh.sentences[pair.zh[-1]].end
    assert focus.zh.document().toPlainText() == seed_view.zh.text[start:end]
    assert focus.zh.font().pointSizeF() > 17 * 1.5  # the Chinese large
    qtbot.keyClick(focus, Qt.Key_Space)
    assert focus.revealed and focus.en.isVisible()
    a, b = seed_view.en_sentences[pair.en[0]][0], seed_view.en_sentences[pair.en[-1]][1]
    assert focus.en.document().toPlainText() == seed_view.en_text[a:b]
    qtbot.keyClick(focus, Qt.Key_Return)
    assert not focus.revealed
    qtbot.keyClick(focus, Qt.Key_Right)
    assert focus.pair_index == order[1] and not focus.revealed  # a new pair starts hidden
    qtbot.keyClick(focus, Qt.Key_J)
    qtbot.keyClick(focus, Qt.Key_J)
    assert focus.pair_index == order[3]
    qtbot.keyClick(focus, Qt.Key_K)
    qtbot.keyClick(focus, Qt.Key_Left)
    assert focus.pair_index == order[1]
    for _ in range(3):
        qtbot.keyClick(focus, Qt.Key_Left)
    assert focus.pair_index == order[0]  # nothing before the first pair
    assert not focus.zh.ruby
    qtbot.keyClick(focus, Qt.Key_P)
    assert focus.zh.ruby
    focus.show_pair(order[-1])
    qtbot.keyClick(focus, Qt.Key_Right)
    assert focus.pair_index == order[-1] and focus.counter.text() == f"{len(order)} / {len(order)}"


def test_esc_leaves_with_the_pair_shown_last(qtbot, focus, seed_view):
    order = _with_chinese(seed_view)
    focus.show_pair(order[5])
    qtbot.keyClick(focus, Qt.Key_Down)
    with qtbot.waitSignal(focus.closed) as signal:
        qtbot.keyClick(focus, Qt.Key_Escape)
    assert signal.args == [order[6]]


def test_hovering_a_word_in_focus_mode_gives_its_span_in_the_pair(qtbot, focus):
    piece = focus.slice
    word = next(t for s in piece.sentences for t in s.tokens if t.kind == "han")
    with qtbot.waitSignal(focus.zh.word_hovered) as signal:
        focus.zh.hover_at(focus.zh.span_rect(word.start, word.start + 1).center())
    assert signal.args == [word.start, word.end]
