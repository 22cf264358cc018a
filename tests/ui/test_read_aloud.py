"""Read aloud in the window: the sentence being read is lit (with its English partner), Esc stops.

Uses the real eSpeak NG (skipped with the reason when it or its Mandarin
voice is missing) on a real window's panes.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from reader.speech import SpeechUnavailable, find_voice
from tests.ui.conftest import open_seed

try:
    VOICE = find_voice()
except SpeechUnavailable as exc:  # pragma: no cover - machines without eSpeak NG
    VOICE = None
    REASON = str(exc)
else:
    REASON = ""

needs_voice = pytest.mark.skipif(VOICE is None, reason=f"no Mandarin voice: {REASON}")


def _reader(window):
    from reader.ui.read_aloud import ReadAloud

    reader = ReadAloud(window.zh, window.en, lambda: window.view, accent=window.accent, parent=window)
    seen: list = []
    messages: list[str] = []
    reader.reading_changed.connect(
        lambda index: seen.append((index, window.zh.layer_spans("reading"), window.en.layer_spans("reading"))))
    reader.message.connect(messages.append)
    return reader, seen, messages


def _partner_spans(window, index):
    view = window.view
    pair = view.pairs[view.pair_of_zh[index]]
    return [tuple(window.en.sentence_spans[i]) for i in pair.en]


@needs_voice
def test_each_sentence_is_lit_with_its_partner_while_it_is_read(qtbot, make_window):
    window = make_window()
    view = open_seed(qtbot, window)
    reader, seen, messages = _reader(window)
    first = len(view.zh_sentences) - 4
    with qtbot.waitSignal(reader.finished, timeout=60000):
        assert reader.read_from(first)
    read = [index for index, _, _ in seen]
    wanted = [i for i in range(first, len(view.zh_sentences))
              if view.zh.text[slice(*view.zh_sentences[i])].strip()]
    assert read == wanted, messages
    for index, zh_lit, en_lit in seen:
        assert zh_lit == [tuple(view.zh_sentences[index])]
        if index in view.pair_of_zh:
            assert en_lit == _partner_spans(window, index)
    assert window.zh.layer_spans("reading") == [] and window.en.layer_spans("reading") == []  # light gone at the end
    assert not reader.reading and messages == []


@needs_voice
def test_esc_stops_reading_at_once(qtbot, make_window):
    window = make_window()
    open_seed(qtbot, window)
    reader, seen, _ = _reader(window)
    index = window.zh.sentence_at(window.view.zh.text.index("双重身份"))
    assert reader.read_from(index)
    assert reader.reading and window.zh.layer_spans("reading") == [tuple(window.view.zh_sentences[index])]
    assert window.en.layer_spans("reading") == _partner_spans(window, index)
    with qtbot.waitSignal(reader.finished, timeout=5000):
        qtbot.keyClick(window.zh, Qt.Key_Escape)
    assert not reader.reading
    assert window.zh.layer_spans("reading") == [] and window.en.layer_spans("reading") == []
    qtbot.wait(400)  # several poll intervals: nothing else is read
    assert [i for i, _, _ in seen] == [index]


@needs_voice
def test_one_sentence_and_a_word(qtbot, make_window):
    window = make_window()
    view = open_seed(qtbot, window)
    reader, seen, _ = _reader(window)
    index = window.zh.sentence_at(view.zh.text.index("先锋"))
    with qtbot.waitSignal(reader.finished, timeout=30000):
        reader.read_sentence(index)
    assert [i for i, _, _ in seen] == [index]
    seen.clear()
    with qtbot.waitSignal(reader.finished, timeout=30000):
        assert reader.speak_word("先锋")
    assert [(i, zh) for i, zh, _ in seen] == [(-1, [])]  # a word lights no sentence


def test_no_mandarin_voice_is_one_clear_line(qtbot, make_window, monkeypatch, tmp_path):
    window = make_window()
    open_seed(qtbot, window)
    monkeypatch.setenv("DUIZHAO_ESPEAK", str(tmp_path / "no-such-espeak"))
    reader, seen, messages = _reader(window)
    assert not reader.read_sentence(0)
    assert not reader.reading and seen == []
    (message,) = messages
    assert "\n" not in message and "no Mandarin voice" in message and "install eSpeak NG" in message, message


def test_nothing_to_read_without_an_article(qtbot, make_window):
    window = make_window()
    reader, _, messages = _reader(window)
    assert not reader.read_from(0) and not reader.speak_word("")
    assert len(messages) == 2 and not reader.reading


@needs_voice
def test_the_window_wires_ctrl_r_and_esc(qtbot, make_window):
    window = make_window()
    view = open_seed(qtbot, window)
    lit: list = []
    window.speech.reading_changed.connect(lambda i: lit.append((i, window.zh.layer_spans("reading"))))
    start = view.zh.text.index("双重身份")
    window.zh.setTextCursor(window.zh.cursor_for_span(start, start))
    window.zh.setFocus()
    window.actions["read_on"].trigger()
    index = window.zh.sentence_at(start)
    assert lit[0] == (index, [tuple(view.zh_sentences[index])]) and window.speech.reading
    qtbot.keyClick(window.zh, Qt.Key_Escape)
    assert not window.speech.reading and window.zh.layer_spans("reading") == []
