"""The hover controller (reader/ui/hover.py): lookups cached per article, the popup's matches, linked English."""

from __future__ import annotations

from tests.ui.conftest import hover_word, open_seed


def _counting_lookup(window, monkeypatch) -> list:
    """Count the dictionary lookups the hover asks the facade for (the real lookup still answers)."""
    calls: list = []
    library = window.library.unlocked
    real = library.lookup

    def lookup(text, pos=0):
        calls.append(text)
        return real(text, pos)

    monkeypatch.setattr(library, "lookup", lookup)
    return calls


def test_a_position_is_looked_up_once_per_article(qtbot, make_window, monkeypatch):
    window = make_window()
    view = open_seed(qtbot, window)
    calls = _counting_lookup(window, monkeypatch)
    at = view.zh.text.index("党支部")
    hover = window.hover
    first = hover._lookup(at)
    assert first and first[0].start == at and calls, "matches in article offsets, longest first"
    asked = len(calls)
    assert hover._lookup(at) == first and len(calls) == asked, "hovering back is answered from the cache"
    hover.reset()  # another article: its offsets mean other words
    hover._lookup(at)
    assert len(calls) == asked + 1


def test_show_word_fills_the_popup_and_lights_the_linked_english(qtbot, make_window):
    window = make_window()
    view = open_seed(qtbot, window)
    at = view.zh.text.index("支部")
    window.zh.scroll_to_sentence(window.zh.sentence_at(at))
    with qtbot.waitSignal(window.popup_shown, timeout=5000) as shown:
        window.hover.show_word(at, at + 2)
    start, end = shown.args
    content = window.popup.content
    assert (content.start, content.word) == (start, view.zh.text[start:end]) and content.matches
    assert window.zh.current_word is not None
    assert window.en.layer_spans("links"), "the English words that translate it are lit"
    window.hover.show_word(-1, -1)  # left every word
    assert window.en.layer_spans("links") == [] and window.hover._popup_span is None


def test_opening_another_article_forgets_the_cache(qtbot, make_window):
    window = make_window()
    view = open_seed(qtbot, window)
    window.hover._lookup(view.zh.text.index("党支部"))
    assert window.hover._lookups
    with qtbot.waitSignal(window.article_shown, timeout=60000):
        window.opening.open_text("我们去银行。", "We go to the bank.", "Bank")
    assert window.hover._lookups == {} and window.hover._word_links == {}


def test_the_characters_read_as_in_the_word(qtbot, make_window):
    """隔离: 离 is lí "to leave" there, not CC-CEDICT's first entry (chī, a mythical beast)."""
    window = make_window()
    view = open_seed(qtbot, window)
    at = view.zh.text.index("隔离")
    window.zh.scroll_to_sentence(window.zh.sentence_at(at))
    with qtbot.waitSignal(window.popup_shown, timeout=5000):
        window.hover.show_word(at, at + 2)
    breakdown = dict(window.popup.content.breakdown)
    assert breakdown["离"][0].pinyin_numbers == "li2" and breakdown["隔"][0].pinyin_numbers == "ge2"
    assert "to leave" in "; ".join(breakdown["离"][0].senses[:2])
    text = window.popup.label.text()
    assert "mythical beast" not in text


def test_hover_word_shows_pinyin_and_gloss(qtbot, make_window):
    window = make_window()
    open_seed(qtbot, window)
    start, (s, e) = hover_word(qtbot, window, "隔离", after="在钱塘区")
    assert (s, e) == (start, start + 2)
    assert window.popup.isVisible()
    shown = window.popup.label.text()
    assert "gé" in shown and "lí" in shown  # tone-marked pinyin, coloured per syllable
    assert "isolate" in shown or "separate" in shown
    assert window.zh.current_word == (start, start + 2) and window.zh.word_box is not None


def test_hover_popup_lists_every_match_longest_first_and_m_cycles(qtbot, make_window):
    from PySide6.QtCore import Qt

    window = make_window()
    open_seed(qtbot, window)
    start, _ = hover_word(qtbot, window, "临时党支部", after="在钱塘区")
    words = [m.word for m in window.popup.content.matches]
    assert words == sorted(words, key=len, reverse=True) and len(words) >= 2
    first = window.popup.content.current
    qtbot.keyClick(window.zh, Qt.Key_M)
    assert window.popup.content.current == (first + 1) % len(words)
    qtbot.keyClick(window.zh, Qt.Key_Return)
    assert window.popup.pinned


def test_hovered_word_lights_its_linked_english_words(qtbot, make_window):
    window = make_window()
    view = open_seed(qtbot, window)
    hover_word(qtbot, window, "临时", after="在钱塘区")
    lit = [view.en_text[s:e].lower() for s, e in window.en.layer_spans("links")]
    assert any("temporary" in word for word in lit), lit


def test_arrow_keys_move_the_popup_word_by_word(qtbot, make_window):
    from PySide6.QtCore import Qt

    window = make_window()
    view = open_seed(qtbot, window)
    start, _ = hover_word(qtbot, window, "隔离", after="在钱塘区")
    window.zh.setFocus()
    with qtbot.waitSignal(window.popup_shown):
        qtbot.keyClick(window.zh, Qt.Key_Right)
    after = window.popup.content
    following = window.zh.neighbour_word(start, 1)
    assert after.start == start + 2 == following.start  # 隔离 → 点 (集中隔离点)
    assert view.zh.text[after.start:after.start + len(following.text)] == following.text
    assert window.popup.isVisible()
    qtbot.keyClick(window.zh, Qt.Key_Escape)
    assert not window.popup.isVisible()
