"""Anki live from the window, against a real AnkiConnect-compatible server over ``anki.collection``.

The server (tests/export/ankiconnect_server.py) runs on a free loopback port;
the controller (reader/ui/anki_live.py) is built on a real window's Library,
OpRunner and popup; afterwards the collection is opened with ``anki`` and
its notes are checked.  Every connection made during a test is recorded:
only loopback addresses may appear.
"""

from __future__ import annotations

import socket

import pytest

from reader.export.ankiconnect import SETTINGS_KEY, LiveSettings
from tests.ui.conftest import open_seed

collection_mod = pytest.importorskip("anki.collection")
from tests.export.ankiconnect_server import AnkiConnectServer  # noqa: E402 - needs anki

pytestmark = pytest.mark.slow


@pytest.fixture
def connections(monkeypatch):
    """Every address a socket connects to during the test (the privacy promise: loopback only)."""
    seen: list = []
    real = socket.socket.connect

    def connect(self, address):
        seen.append(address)
        return real(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    yield seen
    for address in seen:
        if isinstance(address, tuple):
            assert address[0] in ("127.0.0.1", "::1"), address


@pytest.fixture
def server(tmp_path):
    with AnkiConnectServer(tmp_path / "collection.anki2") as srv:
        yield srv


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _live(window, url: str, **settings):
    """The window's own controller, set to ``url``; and the messages it gives."""
    live = window.anki
    live.save_settings(LiveSettings(url=url, **settings))
    assert window.library.get_setting(SETTINGS_KEY) == LiveSettings(url=url, **settings).to_json()
    messages: list[str] = []
    live.message.connect(messages.append)
    return live, messages


def _wait(qtbot, live) -> None:
    qtbot.waitUntil(lambda: not live.busy, timeout=30000)


def _hover(qtbot, window, word: str) -> int:
    text = window.view.zh.text
    start = text.index(word)
    window.zh.scroll_to_sentence(window.zh.sentence_at(start))
    qtbot.wait(10)
    window.zh.current_word = None
    with qtbot.waitSignal(window.popup_shown, timeout=2000):
        window.zh.hover_at(window.zh.span_rect(start, start + 1).center())
    return start


def _notes(server):
    server.close()
    col = collection_mod.Collection(server.collection_path)
    try:
        out = {}
        for nid in col.find_notes(""):
            note = col.get_note(nid)
            out.setdefault(note.note_type()["name"], []).append((list(note.fields), col.decks.name(note.cards()[0].did)))
        return out
    finally:
        col.close()


def test_add_from_the_popup_then_the_mark_and_show_in_anki(qtbot, make_window, server, connections):
    window = make_window()
    open_seed(qtbot, window)
    live, messages = _live(window, server.url, deck="Duizhao::News")
    _hover(qtbot, window, "先锋")
    assert live.popup_word(window.popup.content) == "先锋"
    live.word_shown("先锋")  # not used yet: no question to Anki on hover
    assert live.popup.anki_state is None and not live.busy

    window.popup.anki_button.click()  # "Add to Anki"
    _wait(qtbot, live)
    assert messages[-1].startswith("Anki (Duizhao::News): 先锋: 2 added"), messages
    assert [w.simplified for w in window.library.words()] == ["先锋"]  # saved first: nothing can be lost
    assert window.popup.anki_state is True and "in Anki" in window.popup.anki_label.text()
    assert window.popup.anki_button.text() == "Show in Anki"

    # A fresh controller (a new session) asks Anki on hover: the mark comes from the collection.
    from reader.ui.anki_live import AnkiLive

    fresh = AnkiLive(window.library, window.ops, window.popup, parent=window)
    with qtbot.waitSignal(fresh.marked, timeout=10000) as marked:
        fresh.word_shown("先锋")
    assert marked.args == ["先锋", True]
    with qtbot.waitSignal(fresh.marked, timeout=10000) as marked:
        fresh.word_shown("隔离")
    assert marked.args == ["隔离", False]

    # Show in Anki: the browser is asked for exactly that note.
    with qtbot.waitSignal(fresh.browsed, timeout=10000) as browsed:
        fresh.show_word("先锋")
    (nid,) = browsed.args[0]
    assert server.browsed == [f"nid:{nid}"]
    notes = _notes(server)
    ((word_fields, deck),) = notes["Duizhao Word"]
    assert word_fields[0] == "先锋" and deck == "Duizhao::News"
    ((cloze_fields, _),) = notes["Duizhao Sentence"]
    assert "{{c1::先锋}}" in cloze_fields[0]


def test_mark_follows_the_chosen_duplicate_scope(qtbot, make_window, server, connections):
    window = make_window()
    open_seed(qtbot, window)
    live, _ = _live(window, server.url, deck="Alpha", enabled=True)
    start = _hover(qtbot, window, "先锋")
    live.add_word(window.view.id, start, start + 2, "先锋")
    _wait(qtbot, live)
    from reader.ui.anki_live import AnkiLive

    for scope, deck, expected in (("notetype", "Beta", True), ("deck", "Beta", False), ("deck", "Alpha", True),
                                  ("collection", "Beta", True)):
        window.library.set_setting(SETTINGS_KEY, LiveSettings(url=server.url, deck=deck, scope=scope,
                                                              enabled=True).to_json())
        other = AnkiLive(window.library, window.ops, window.popup, parent=window)
        with qtbot.waitSignal(other.marked, timeout=10000) as marked:
            other.word_shown("先锋")
        assert marked.args == ["先锋", expected], (scope, deck)


def test_selection_as_cloze_and_as_passage(qtbot, make_window, server, connections):
    window = make_window()
    view = open_seed(qtbot, window)
    live, messages = _live(window, server.url)
    text = view.zh.text
    start = text.index("双重身份")
    live.add_selection(view.id, "zh", start, start + 4, sentence_of=window.zh.sentence_at)
    _wait(qtbot, live)
    assert "1 added" in messages[-1], messages
    quote_start = text.index("他们是本次疫情")
    quote_end = text.index("先锋本色") + 4  # across a sentence end: a passage
    live.add_selection(view.id, "zh", quote_start, quote_end, sentence_of=window.zh.sentence_at)
    _wait(qtbot, live)
    assert "1 added" in messages[-1], messages
    (annotation,) = window.library.annotations(view.id)  # the passage is a highlight in Duizhao too
    assert annotation.quote == text[quote_start:quote_end]
    notes = _notes(server)
    ((cloze, _),) = notes["Duizhao Sentence"]
    assert "{{c1::双重身份}}" in cloze[0]
    ((passage, _),) = notes["Duizhao Passage"]
    assert "先锋本色" in passage[0]
    assert "Duizhao Word" not in notes  # a cloze selection makes no word card


def test_anki_not_running_is_one_line_and_nothing_is_lost(qtbot, make_window, connections):
    window = make_window()
    open_seed(qtbot, window)
    live, messages = _live(window, f"http://127.0.0.1:{_free_port()}")
    start = _hover(qtbot, window, "先锋")
    live.add_word(window.view.id, start, start + 2, "先锋")
    _wait(qtbot, live)
    message = messages[-1]
    assert "\n" not in message and "not running" in message and ".apkg" in message, message
    assert "先锋 is kept in Duizhao" in message
    assert [w.simplified for w in window.library.words()] == ["先锋"]
    assert window.popup.anki_state is None
    # The mark is quiet while Anki is away: hovering gives no message.
    count = len(messages)
    live.word_shown("隔离")
    qtbot.wait(MARK_WAIT)
    _wait(qtbot, live)
    assert len(messages) == count


MARK_WAIT = 400


def test_api_key_refused_then_accepted(qtbot, make_window, tmp_path, connections):
    window = make_window()
    view = open_seed(qtbot, window)
    with AnkiConnectServer(tmp_path / "keyed.anki2", api_key="s3cret") as keyed:
        live, messages = _live(window, keyed.url)
        start = view.zh.text.index("先锋")
        live.add_word(view.id, start, start + 2, "先锋")
        _wait(qtbot, live)
        assert "API key" in messages[-1] and ".apkg" in messages[-1], messages
        live.save_settings(LiveSettings(url=keyed.url, key="s3cret", enabled=True))
        live.add_word(view.id, start, start + 2, "先锋")
        _wait(qtbot, live)
        assert "2 added" in messages[-1], messages


def test_permission_denied_is_one_line_nothing_is_sent_and_asked_again(qtbot, make_window, tmp_path, connections):
    """The user clicked No in AnkiConnect's dialog: one line, no note, the word kept; allowed later, it goes."""
    window = make_window()
    view = open_seed(qtbot, window)
    with AnkiConnectServer(tmp_path / "denied.anki2", permission="denied") as srv:
        live, messages = _live(window, srv.url)
        start = view.zh.text.index("先锋")
        live.add_word(view.id, start, start + 2, "先锋")
        _wait(qtbot, live)
        message = messages[-1]
        assert "\n" not in message and "permission was denied" in message and ".apkg" in message, message
        assert [w.simplified for w in window.library.words()] == ["先锋"]
        actions = [r.get("action") for r in srv.requests]
        assert actions == ["requestPermission"], actions  # nothing else was sent
        srv.permission = "granted"  # the user allowed Duizhao in AnkiConnect
        live.add_word(view.id, start, start + 2, "先锋")
        _wait(qtbot, live)
        assert "added" in messages[-1], messages
        assert [r.get("action") for r in srv.requests].count("requestPermission") == 2
    assert any("先锋" in fields[0] for notes in _notes(srv).values() for fields, _deck in notes)


def test_an_address_off_this_machine_is_refused_without_connecting(qtbot, make_window, connections):
    window = make_window()
    view = open_seed(qtbot, window)
    live, messages = _live(window, "http://192.0.2.7:8765")
    start = view.zh.text.index("先锋")
    live.add_word(view.id, start, start + 2, "先锋")
    assert "not this machine" in messages[-1] and not live.busy
    assert connections == []


def test_settings_dialog_round_trip(qtbot, make_window, server, connections):
    from reader.ui.anki_live import AnkiSettingsDialog

    window = make_window()
    live, _ = _live(window, server.url, deck="Mine", scope="deck", audio=True)
    dialog = AnkiSettingsDialog(window, live.settings, live)
    qtbot.addWidget(dialog)
    assert dialog.values() == LiveSettings(url=server.url, deck="Mine", scope="deck", audio=True, enabled=True)
    dialog.scope.setCurrentIndex(2)
    dialog.key.setText("k")
    assert dialog.values().scope == "collection" and dialog.values().key == "k"
    dialog.key.setText("")
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Connected"), timeout=10000)
    assert "the deck Mine is made on the first card" in dialog.status.text()
    dialog.url.setText("http://10.1.2.3:8765")
    dialog._accept()
    assert "not this machine" in dialog.status.text() and dialog.result() != dialog.DialogCode.Accepted


def test_an_anki_that_does_not_answer_times_out_in_one_line(qtbot, make_window, connections):
    window = make_window()
    view = open_seed(qtbot, window)
    with socket.socket() as silent:  # accepts connections (the backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        live, messages = _live(window, f"http://127.0.0.1:{silent.getsockname()[1]}", timeout=0.5)
        start = view.zh.text.index("先锋")
        live.add_word(view.id, start, start + 2, "先锋")
        _wait(qtbot, live)
    message = messages[-1]
    assert "did not answer" in message and "0.5 s" in message and ".apkg" in message and "\n" not in message
    assert [w.simplified for w in window.library.words()] == ["先锋"]


def test_the_window_wires_a_and_the_popup_button(qtbot, make_window, server, connections):
    from PySide6.QtCore import Qt

    window = make_window()
    open_seed(qtbot, window)
    _, messages = _live(window, server.url)
    _hover(qtbot, window, "先锋")
    qtbot.keyClick(window.zh, Qt.Key_A)
    _wait(qtbot, window.anki)
    assert "先锋: 2 added" in messages[-1] and window.last_notice == messages[-1]
    assert window.popup.anki_state is True
    window.popup.anki_button.click()  # now "Show in Anki"
    _wait(qtbot, window.anki)
    assert server.browsed and server.browsed[-1].startswith("nid:")
    assert "anki_settings" in window.actions and "anki_show" in window.actions
