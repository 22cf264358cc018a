"""Reader-window polish (issue #7): English paragraphs, popup placement, pinyin layout, weak pairs."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QTextCursor, QTextDocument

from reader.ui.popup import place_popup
from tests.ui.conftest import open_seed

# ---------------------------------------------------------------- 1. English paragraphs


def test_english_pane_reads_in_paragraphs_with_repaired_spaces(qtbot, make_window):
    window = make_window()
    window.set_display(aligned_rows=False)  # free flow: the English in the Chinese paragraphs (rows: one per pair)
    view = open_seed(qtbot, window)
    shown = window.en.toPlainText()
    assert "branch.They are the people" in view.en_text  # the stored text is left as it came
    assert "party branch.\nThey are the people" in shown  # 2nd Chinese paragraph → 2nd English paragraph
    assert window.en.document().blockCount() == len(view.zh.paragraphs)
    for start, _end in view.en_sentences[1:]:
        before = shown[window.en.offsets.to_utf16(start) - 1]
        assert before.isspace(), f"no gap before {view.en_text[start:start + 20]!r}"
    assert "They are active in the working group" in shown and "members. They are active" in shown


@pytest.mark.parametrize("from_break", [False, True])
def test_selecting_after_a_repaired_gap_highlights_exactly_that_text(qtbot, make_window, from_break):
    window = make_window()
    view = open_seed(qtbot, window)
    phrase = "They are the people"
    at = window.en.toPlainText().index(phrase)
    cursor = QTextCursor(window.en.document())
    cursor.setPosition(at - 1 if from_break else at)  # starting on the display-only break changes nothing
    cursor.setPosition(at + len(phrase), QTextCursor.KeepAnchor)
    window.en.setTextCursor(cursor)
    window.en.setFocus()
    annotation = window.notes.highlight_selection("green")
    stored = view.en_text.index(phrase)
    assert (annotation.side, annotation.start, annotation.end, annotation.quote) == (
        "en", stored, stored + len(phrase), phrase)
    assert window.library.annotations(view.id)[0].quote == phrase
    assert window.en.layer_spans("annotations") == [(stored, stored + len(phrase))]
    (selection,) = window.en._layers["annotations"]
    assert selection.cursor.selectedText() == phrase  # the highlight covers exactly the phrase on screen


def test_selection_across_a_repaired_space_stores_the_original_text(qtbot, make_window):
    window = make_window()
    window.set_display(aligned_rows=False)  # the repaired space inside a paragraph (rows break there)
    view = open_seed(qtbot, window)
    shown = window.en.toPlainText()
    at = shown.index("members. They are active")
    window.en.setTextCursor(window.en.cursor_for_span(0, 0))
    cursor = QTextCursor(window.en.document())
    cursor.setPosition(at)
    cursor.setPosition(at + len("members. They"), QTextCursor.KeepAnchor)
    window.en.setTextCursor(cursor)
    assert window.en.selected_span() is not None
    start, end = window.en.selected_span()
    assert view.en_text[start:end] == "members.They"


def test_hover_and_lighting_still_follow_the_english_sentences(qtbot, make_window):
    window = make_window()
    view = open_seed(qtbot, window)
    pair = view.pairs[view.pair_of_en[1]]  # "They are the people…", after the display-only break
    start, end = view.en_sentences[1]
    point = window.en.span_rect(start, start + 4).center()
    assert window.en.offset_at(point) in range(start, start + 4)
    window.en.hover_at(point)
    assert window.en.layer_spans("sentence") == [view.en_sentences[i] for i in pair.en]
    assert window.zh.layer_spans("sentence") == [window.zh.sentence_spans[i] for i in pair.zh]
    (lit,) = window.en._layers["sentence"]
    assert lit.cursor.selectedText() == view.en_text[start:end]


# ---------------------------------------------------------------- 2. popup placement

SCREEN = QRect(0, 0, 1000, 800)
POPUP = QSize(300, 250)


@pytest.mark.parametrize("anchor, avoid, prefer, expect", [
    # room below the word, inside the Chinese pane
    (QRect(100, 100, 40, 20), [QRect(520, 0, 480, 400)], QRect(0, 0, 500, 800), "below"),
    # near the bottom of the screen: flips above
    (QRect(100, 700, 40, 20), [QRect(520, 500, 480, 300)], QRect(0, 0, 500, 800), "above"),
    # a word at the right edge of the Chinese pane: kept inside the pane, not over the English
    (QRect(460, 100, 40, 20), [QRect(520, 0, 480, 800)], QRect(0, 0, 500, 800), "below"),
    # swapped sides: the Chinese pane is on the right, the partner on the left
    (QRect(520, 300, 40, 20), [QRect(0, 280, 480, 200)], QRect(500, 0, 500, 800), "below"),
    # narrow Chinese pane: must overflow, and goes where the partner is not
    (QRect(20, 100, 40, 20), [QRect(220, 120, 780, 200)], QRect(0, 0, 200, 800), None),
])
def test_place_popup_avoids_the_word_and_the_partner(anchor, avoid, prefer, expect):
    point = place_popup(POPUP, anchor, SCREEN, avoid, prefer)
    rect = QRect(point, POPUP)
    assert SCREEN.contains(rect)
    assert not rect.intersects(anchor)
    assert not any(rect.intersects(r) for r in avoid)
    if expect == "below":
        assert rect.top() > anchor.bottom()
    elif expect == "above":
        assert rect.bottom() < anchor.top()
    if prefer.width() >= POPUP.width():
        assert prefer.contains(QRect(rect.left(), prefer.top(), rect.width(), 1))


def test_place_popup_without_a_free_spot_overlaps_the_least_and_never_the_word():
    anchor = QRect(400, 390, 40, 20)
    avoid = [QRect(0, 0, 1000, 380), QRect(0, 420, 1000, 380)]
    rect = QRect(place_popup(POPUP, anchor, SCREEN, avoid), POPUP)
    assert SCREEN.contains(rect) and not rect.intersects(anchor)


def _global_rect(pane, rect: QRect) -> QRect:
    viewport = pane.viewport()
    rect = rect.intersected(viewport.rect())
    return QRect(viewport.mapToGlobal(rect.topLeft()), rect.size())


@pytest.mark.parametrize("swap", [False, True])
def test_popup_never_covers_the_word_or_its_partner_sentence(qtbot, make_window, swap):
    window = make_window(size=(790, 480))  # the offscreen screen is 800×800: room for the popup around the window
    window.dock.hide()
    window.move(0, 0)
    # Free flow: in rows the partner fills the same band beside the word, and a window this small leaves the
    # popup no spot clear of both (it then overlaps the least).
    window.set_display(aligned_rows=False)
    view = open_seed(qtbot, window)
    if swap:
        window.set_display(swap_sides=True)
    qtbot.wait(20)
    zh = window.zh
    tokens = [t for i in range(4) for t in zh.sentence_tokens(i) if t.kind == "han"]
    checked = 0
    for token in tokens[::3]:
        zh.scroll_to_sentence(zh.sentence_at(token.start), only_if_hidden=True)
        zh.current_word = None
        with qtbot.waitSignal(window.popup_shown, timeout=2000):
            zh.hover_at(zh.span_rect(token.start, token.start + 1).center())
        popup = window.popup.frameGeometry()
        word = _global_rect(zh, zh.span_rect(token.start, token.end))
        pair = view.pairs[view.pair_of_zh[zh.sentence_at(token.start)]]
        partners = [_global_rect(window.en, window.en.sentence_rect(i)) for i in pair.en]
        assert not popup.intersects(word), token.text
        assert not any(popup.intersects(p) for p in partners if not p.isEmpty()), token.text
        checked += 1
    assert checked >= 5


def _hover_word(qtbot, window, text: str):
    zh = window.zh
    token = next(t for i in range(len(zh.sentence_spans)) for t in zh.sentence_tokens(i) if t.text == text)
    zh.scroll_to_sentence(zh.sentence_at(token.start), only_if_hidden=True)
    zh.current_word = None
    with qtbot.waitSignal(window.popup_shown, timeout=2000):
        zh.hover_at(zh.span_rect(token.start, token.start + 1).center())
    return token


@pytest.mark.parametrize("size, shortened", [((790, 480), True), ((1300, 850), False)])
def test_a_card_too_tall_for_the_room_is_shortened_not_placed_over_the_text(qtbot, make_window, size, shortened):
    """共产党员: four characters and three dictionary words make a card taller than a small window leaves."""
    window = make_window(size=size)
    window.dock.hide()
    window.move(0, 0)
    window.set_display(aligned_rows=False)
    view = open_seed(qtbot, window)
    qtbot.wait(20)
    token = _hover_word(qtbot, window, "共产党员")
    popup = window.popup
    text = popup.label.text()
    assert (popup._compact > 0) is shortened
    assert "共产党员" in text and "Communist Party member" in text and "in the English" in text
    assert ("CHARACTERS" in text) is not shortened  # the full breakdown, or its one-line form
    assert "产" in text.split("Communist Party member", 1)[1]
    frame = popup.frameGeometry()
    zh = window.zh
    assert not frame.intersects(_global_rect(zh, zh.span_rect(token.start, token.end)))
    pair = view.pairs[view.pair_of_zh[zh.sentence_at(token.start)]]
    assert not any(frame.intersects(_global_rect(window.en, window.en.sentence_rect(i))) for i in pair.en)
    # the next word starts again from the full card
    _hover_word(qtbot, window, "隔离")
    assert popup._compact == 0 or not shortened


def test_each_shorter_card_keeps_the_word_its_reading_and_first_sense(qtbot, make_window):
    from dataclasses import replace

    from reader.ui.popup import COMPACT_LEVELS, popup_html

    window = make_window(size=(1300, 850))
    open_seed(qtbot, window)
    _hover_word(qtbot, window, "共产党员")
    content = window.popup.content
    assert len(content.matches) >= 3
    doc = QTextDocument()

    def plain(html: str) -> str:
        doc.setHtml(html)
        return doc.toPlainText()

    cards = [plain(popup_html(content, compact=level)) for level in range(len(COMPACT_LEVELS))]
    assert all(len(b) < len(a) for a, b in zip(cards, cards[1:])), "each level is shorter"
    for card in cards:
        assert card.startswith("共产党员") and "Gòngchǎndǎngyuán" in card.replace(" ", "")
        assert "Communist Party member" in card
    for card in cards[1:]:  # the other dictionary words are still named, and M reaches them
        assert "also 共产党 · 共产 (M)" in card
    assert "CHARACTERS" in cards[0] and "CHARACTERS" not in cards[2] and "党 dǎng" in cards[2]
    assert "党" not in cards[3].split("(M)")[-1]
    # without a match the card is the same at every level
    bare = replace(content, current=-1)
    assert len({popup_html(bare, compact=level) for level in range(len(COMPACT_LEVELS))}) == 1


# ---------------------------------------------------------------- 3. pinyin above the characters


@pytest.mark.parametrize("zoom", [0, 2])
def test_pinyin_is_centred_never_overlaps_and_stays_inside(qtbot, make_window, zoom):
    window = make_window(size=(1000, 700))
    open_seed(qtbot, window)
    window.set_display(ruby=True, ruby_hide_known=False)
    for _ in range(zoom):
        window.zoom(1)
    qtbot.wait(20)
    zh = window.zh
    zh.verticalScrollBar().setValue(0)
    width = zh.viewport().width()
    placements = [p for block, _ in zh.visible_blocks() for p in zh.ruby_placements(block)]
    assert len(placements) > 20
    lines: dict[float, list] = {}
    for p in placements:
        lines.setdefault(p.line_top, []).append(p)
    first_top = min(lines)
    for p in lines[first_top]:
        ascent = zh._ruby_metrics(p.size)[1].ascent()
        assert p.baseline - ascent >= 0, "the first line's pinyin is not clipped at the top"
    centred = 0
    geometry = {t.start: (left, right) for block, _ in zh.visible_blocks()
                for t, left, right, _top, _bottom in zh._token_geometry(block)}
    base = zh._ruby_font().pointSizeF()
    for items in lines.values():
        items.sort(key=lambda p: p.x)
        for a, b in zip(items, items[1:]):
            assert a.x + a.width + 2 <= b.x + 0.01, f"{a.token.text} / {b.token.text} pinyin overlap"
        for p in items:
            assert p.x >= 0 and p.x + p.width <= width + 0.01, p.token.text
            assert p.size >= base * zh.RUBY_MIN_SCALE - 0.3
            left, right = geometry[p.token.start]
            if left <= p.x + p.width / 2 <= right:
                centred += 1
    assert centred >= 0.8 * len(placements), "the pinyin sits over its own word"


# ---------------------------------------------------------------- 4. weak pairs


def test_weak_pair_explains_itself(qtbot, make_window):
    window = make_window()
    with qtbot.waitSignal(window.article_shown, timeout=30000):
        window.opening.open_text("今天天气很好。我们去公园散步。他在银行工作。",
                         "The football match ended in a draw. Cooking pasta needs salt. Weather is nice today.",
                         "Mismatched")
    view = window.view
    weak = next(p for p in view.pairs if p.confidence < 0.5 and p.zh and p.en)
    start, _ = window.zh.sentence_spans[weak.zh[0]]
    window.zh.hover_at(window.zh.span_rect(start, start + 1).center())
    tip = window.zh.viewport().toolTip()
    assert tip.startswith(f"Alignment unsure (confidence {weak.confidence:.2f})") and "merge or split" in tip
    assert "wavy underline" in window.statusBar().currentMessage()
    assert window.library.get_setting("weak_hint_shown") is True
    en_start, _ = window.en.sentence_spans[weak.en[0]]
    window.en.hover_at(window.en.span_rect(en_start, en_start + 1).center())
    assert window.en.viewport().toolTip().startswith("Alignment unsure")
    window.zh.hover_at(QPoint(-5, -5))
    assert window.zh.viewport().toolTip() == ""


def test_weak_note_appears_only_the_first_time(qtbot, make_window):
    window = make_window()
    window._set_setting("weak_hint_shown", True)
    again = make_window()
    assert again.reading._weak_hint_shown


# ---------------------------------------------------------------- 8. opening files


def test_more_than_two_files_open_the_first_two_and_the_window_says_so(qtbot, make_window, tmp_path):
    from tests.ui.conftest import SEED_EN, SEED_ZH

    window = make_window()
    extra = tmp_path / "third.txt"
    extra.write_text("第三个文件。", encoding="utf-8")
    with qtbot.waitSignal(window.article_shown, timeout=60000):
        window.opening.open_paths([str(SEED_ZH), str(SEED_EN), str(extra)])
    assert window.view.info.has_english
    assert "third.txt" in window.statusBar().currentMessage() and "not opened" in window.last_notice


@pytest.mark.parametrize("answer", [True, False])
def test_an_english_only_page_is_offered_as_the_english_version(qtbot, make_window, answer, tmp_path):
    from tests.ui.conftest import SEED, SEED_ZH

    window = make_window()
    alone = tmp_path / "article.txt"  # away from its English sibling, which would be paired automatically
    alone.write_bytes(SEED_ZH.read_bytes())
    with qtbot.waitSignal(window.article_shown, timeout=60000):
        window.opening.open_paths([str(alone)])
    article_id = window.view.id
    assert not window.view.info.has_english
    window.english_answer = answer
    failures = []
    window.open_failed.connect(failures.append)
    window.opening.open_paths([str(SEED / "qiantang-en.html")])
    assert window.view is not None and window.view.id == article_id  # the article stays while the page is read
    if answer:
        with qtbot.waitSignal(window.article_shown, timeout=60000):
            pass
        assert window.view.id == article_id and window.view.info.has_english and window.view.en_text
    else:
        qtbot.waitUntil(lambda: window.busy is None, timeout=60000)
        assert not window.view.info.has_english and "no Chinese text" in window.statusBar().currentMessage()
    assert not failures


def test_open_filter_and_anki_deck_choice(qtbot, make_window):
    from reader.ui.opening import OPEN_FILTER

    assert "*.xhtml" in OPEN_FILTER
    window = make_window()
    window.exports.export_anki_dialog()  # quiet: builds the dialog without running it
    dialog = window.exports.anki_dialog
    assert dialog.options()["deck_per_article"] is False
    dialog.deck.setCurrentIndex(dialog.deck.findData(True))
    assert dialog.options()["deck_per_article"] is True
    assert "Duizhao::" in dialog.deck.currentText()


def test_popup_card_stays_compact_and_m_still_reaches_every_match(qtbot, make_window):
    from PySide6.QtCore import Qt

    window = make_window()
    view = open_seed(qtbot, window)
    start = view.zh.text.index("共产党员")
    window.zh.scroll_to_sentence(window.zh.sentence_at(start))
    window.zh.current_word = None
    with qtbot.waitSignal(window.popup_shown, timeout=2000):
        window.zh.hover_at(window.zh.span_rect(start, start + 1).center())
    content = window.popup.content
    words = [m.word for m in content.matches]
    assert words[0] == "共产党员" and "共" in words
    shown = window.popup.label.text()
    assert "CHARACTERS" in shown and window.popup.height() < 600
    seen = {window.popup.content.current}
    for _ in range(len(words)):
        qtbot.keyClick(window.zh, Qt.Key_M)
        seen.add(window.popup.content.current)
    assert seen == set(range(len(words)))
