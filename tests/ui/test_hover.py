"""The hover controller (reader/ui/hover.py): lookups cached per article, the popup's matches, linked English."""

from __future__ import annotations

from tests.ui.conftest import open_seed


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
