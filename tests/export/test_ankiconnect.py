"""Cards into a running Anki: the AnkiConnect client against a real AnkiConnect-compatible server.

The server (tests/export/ankiconnect_server.py) runs AnkiConnect's actions on
a real ``anki`` collection on a free loopback port; after each test the
collection is opened again with ``anki`` and its notes and media are checked.
"""

from __future__ import annotations

import dataclasses
import socket
import threading

import pytest

from reader.errors import DuizhaoError
from reader.export import anki
from reader.export.anki import PassageNote, SentenceNote, WordNote
from reader.export.ankiconnect import (
    AnkiConnect,
    AnkiConnectError,
    AnkiNotRunning,
    AnkiSync,
    NotLoopback,
    loopback_url,
    note_types,
)

collection_mod = pytest.importorskip("anki.collection")
from tests.export.ankiconnect_server import AnkiConnectServer  # noqa: E402 - needs anki

pytestmark = pytest.mark.slow

WORD = WordNote(
    uid="word-uuid-1", simplified="钱塘江", traditional="錢塘江", pinyin_numbers="Qian2 tang2 Jiang1",
    senses=("Qiantang River",), sentence="八月十八，钱塘江大潮如期而至。", sentence_en="The tide arrived.",
    source_title="钱塘观潮", source_url="https://www.hangzhou.gov.cn/a.html", tags=("hangzhou.gov.cn",),
    notes="Famous *tidal bore* & <script>x</script>", modified=1_750_000_000,
)
SENTENCE = SentenceNote(uid="word-uuid-1", sentence=WORD.sentence, cloze_start=5, cloze_end=8,
                        english="The tide arrived.", tags=("hangzhou.gov.cn",))
PASSAGE = PassageNote(uid="ann-1", quote='潮头如一条白线 "quoted" \\ *', note="The **white line**",
                      translation="The tide head, like a white line.")
WAV = b"RIFF$\x00\x00\x00WAVEfmt " + bytes(range(256)) * 4  # any bytes: media is stored as given


@pytest.fixture
def server(tmp_path):
    with AnkiConnectServer(tmp_path / "collection.anki2") as srv:
        yield srv


def _reopen(server):
    """Close the server and open its collection with ``anki`` as the user's Anki would."""
    server.close()
    return collection_mod.Collection(server.collection_path)


def _notes_by_type(col):
    out = {}
    for nid in col.find_notes(""):
        note = col.get_note(nid)
        out.setdefault(note.note_type()["name"], []).append(note)
    return out


# -- the address ------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["http://10.0.0.1:8765", "http://192.0.2.7", "http://0.0.0.0:8765",
                                 "http://[2001:db8::1]:8765", "https://127.0.0.1:8765", "ftp://127.0.0.1"])
def test_only_loopback_addresses_are_accepted(url):
    with pytest.raises(NotLoopback) as err:
        AnkiConnect(url)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("url, host", [("http://127.0.0.1:8765", "127.0.0.1"), ("127.0.0.2:9000", "127.0.0.2"),
                                       ("http://[::1]:8765", "[::1]"), ("http://localhost:8765", None),
                                       ("http://[::ffff:127.0.0.1]:1", "::ffff:127.0.0.1"), ("", "127.0.0.1")])
def test_loopback_addresses_resolve_to_the_address_connected_to(url, host):
    connect, label = loopback_url(url)
    assert connect.startswith("http://")
    if host:
        assert host in connect
    assert label


def test_bad_port_is_one_line():
    with pytest.raises(NotLoopback, match="port"):
        AnkiConnect("http://127.0.0.1:99999")


def test_anki_not_running_is_one_clear_line():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = AnkiConnect(f"http://127.0.0.1:{port}", timeout=2)
    with pytest.raises(AnkiNotRunning) as err:
        client.version()
    message = str(err.value)
    assert "Anki is not running" in message and str(port) in message and "\n" not in message
    assert isinstance(err.value, DuizhaoError)


def test_silent_server_times_out():
    with socket.socket() as listener:  # accepts connections, never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        client = AnkiConnect(f"http://127.0.0.1:{listener.getsockname()[1]}", timeout=0.5)
        with pytest.raises(AnkiNotRunning, match="did not answer"):
            client.version()


def test_something_else_on_the_port_is_not_taken_for_anki():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)

        def answer():
            conn, _ = listener.accept()
            conn.recv(65536)
            conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello")
            conn.close()

        thread = threading.Thread(target=answer, daemon=True)
        thread.start()
        with pytest.raises(AnkiConnectError, match="does not answer like AnkiConnect"):
            AnkiConnect(f"http://127.0.0.1:{listener.getsockname()[1]}").version()
        thread.join(5)


def test_proxy_settings_are_never_used(server, monkeypatch):
    monkeypatch.setenv("http_proxy", "http://10.255.255.1:3128")
    monkeypatch.setenv("HTTP_PROXY", "http://10.255.255.1:3128")
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    assert AnkiConnect(server.url, timeout=3).version() == 6


# -- the protocol -----------------------------------------------------------------------------


def test_version_permission_and_api_key(tmp_path):
    with AnkiConnectServer(tmp_path / "c.anki2", api_key="s3cret") as srv:
        assert AnkiConnect(srv.url).request_permission()["requireApikey"] is True
        with pytest.raises(AnkiConnectError, match="valid api key"):
            AnkiConnect(srv.url).version()
        client = AnkiConnect(srv.url, key="s3cret")
        assert client.version() == 6
        assert "Default" in client.deck_names()
        assert srv.requests[-1]["key"] == "s3cret" and srv.requests[-1]["version"] == 6


def test_an_error_from_anki_is_one_line(server):
    with pytest.raises(AnkiConnectError) as err:
        AnkiConnect(server.url).model_field_names("No such note type")
    assert str(err.value) == "Anki refused modelFieldNames: model was not found: No such note type"


# -- Duizhao notes ----------------------------------------------------------------------------


def test_add_detect_update_and_media_end_to_end(server):
    client = AnkiConnect(server.url)
    sync = AnkiSync(client)
    notes = [WORD, SENTENCE, PASSAGE]
    assert sync.in_anki(notes) == [False, False, False]
    assert "Duizhao Word" not in client.model_names()  # checking creates nothing

    sounds = {WORD.uid: {"word": "duizhao-word-test.wav", "sentence": "duizhao-sentence-test.wav"}}
    media = {"duizhao-word-test.wav": WAV, "duizhao-sentence-test.wav": WAV[::-1]}
    first = sync.send(notes, media=media, sounds=sounds)
    assert (first.added, first.updated) == (3, 0)
    assert set(first.media) == set(media)
    assert sync.in_anki(notes) == [True, True, True]

    # The word edited in Duizhao: sending again updates the note, never adds a second one.
    edited = dataclasses.replace(WORD, senses=("Qiantang River", "Hangzhou's river"), notes="new note")
    second = sync.send([edited, SENTENCE, PASSAGE])
    assert (second.added, second.updated) == (0, 3)
    assert second.note_ids == first.note_ids

    assert sync.browse([first.note_ids[0]]) and server.browsed == [f"nid:{first.note_ids[0]}"]

    col = _reopen(server)
    try:
        by_type = _notes_by_type(col)
        assert sorted(by_type) == ["Duizhao Passage", "Duizhao Sentence", "Duizhao Word"]
        assert all(len(v) == 1 for v in by_type.values())
        word = by_type["Duizhao Word"][0]
        assert list(word.keys()) == list(note_types()["word"].fields)
        # The update replaced the fields exactly, keeping the audio sent the first time.
        assert word.fields == anki.note_fields(edited, sounds[WORD.uid])
        assert word.tags == ["hangzhou.gov.cn"]
        assert col.decks.name(word.cards()[0].did) == "Duizhao"
        assert "&lt;script&gt;" not in word["Notes"] and "new note" in word["Notes"]
        sentence = by_type["Duizhao Sentence"][0]
        assert sentence["Text"] == "八月十八，{{c1::钱塘江}}大潮如期而至。"
        assert by_type["Duizhao Passage"][0].fields == anki.note_fields(PASSAGE)
        # Note types as the .apkg export makes them: fields, templates, CSS, cloze.
        for wanted in note_types().values():
            model = col.models.by_name(wanted.name)
            assert [f["name"] for f in model["flds"]] == list(wanted.fields)
            assert [(t["name"], t["qfmt"], t["afmt"]) for t in model["tmpls"]] == [
                (t["Name"], t["Front"], t["Back"]) for t in wanted.templates]
            assert model["css"] == wanted.css
            assert (model["type"] == 1) == wanted.cloze
        # Media byte for byte in the collection's media folder.
        folder = col.media.dir()
        for name, data in media.items():
            with open(f"{folder}/{name}", "rb") as handle:
                assert handle.read() == data
    finally:
        col.close()


def test_sounds_reach_the_fields(server):
    sync = AnkiSync(AnkiConnect(server.url))
    result = sync.send([WORD, SENTENCE], media={"duizhao-word-a.wav": WAV, "duizhao-sentence-b.wav": WAV[:100]},
                       sounds={WORD.uid: {"word": "duizhao-word-a.wav", "sentence": "duizhao-sentence-b.wav"}})
    infos = AnkiConnect(server.url).notes_info(result.note_ids)
    assert infos[0]["fields"]["Pinyin"]["value"].endswith("[sound:duizhao-word-a.wav]")
    assert infos[0]["fields"]["Sentence"]["value"].endswith("[sound:duizhao-sentence-b.wav]")
    assert infos[1]["fields"]["Pinyin"]["value"].endswith("[sound:duizhao-sentence-b.wav]")
    assert "[sound:" not in infos[0]["fields"]["Simplified"]["value"]  # the first field stays the word


def test_an_older_add_on_without_error_details_still_gets_marks(server):
    server.act_canAddNotesWithErrorDetail = None  # as AnkiConnect before that action: "unsupported action"
    sync = AnkiSync(AnkiConnect(server.url))
    sync.send([WORD])
    assert sync.in_anki([WORD, dataclasses.replace(WORD, uid="w9", simplified="白线")]) == [True, False]


def test_duplicate_scopes(server):
    client = AnkiConnect(server.url)
    AnkiSync(client).send([WORD])
    in_other_deck = dataclasses.replace(WORD, uid="w2", deck="Duizhao::Elsewhere")
    assert AnkiSync(client, scope="notetype").in_anki([in_other_deck]) == [True]
    assert AnkiSync(client, scope="deck").in_anki([in_other_deck]) == [False]
    # Deck scope: the same word in another deck is a note of its own.
    result = AnkiSync(client, scope="deck").send([in_other_deck])
    assert (result.added, result.updated) == (1, 0)
    # Collection scope: a note of any type with the same first field counts.
    basic = client.model_field_names("Basic")
    client.add_note({"deckName": "Default", "modelName": "Basic", "fields": {basic[0]: "银行", basic[1]: "bank"}})
    bank = WordNote(uid="w3", simplified="银行")
    assert AnkiSync(client, scope="notetype").in_anki([bank]) == [False]
    assert AnkiSync(client, scope="collection").in_anki([bank]) == [True]
    skipped = AnkiSync(client, scope="collection").send([bank, dataclasses.replace(bank, uid="w4", simplified="潮")])
    assert (skipped.added, skipped.updated, skipped.skipped) == (1, 0, 1) and skipped.note_ids[0] == 0
    assert AnkiSync(client, scope="notetype").send([bank]).added == 1  # the note type scope adds it
    with pytest.raises(AnkiConnectError, match="scope"):
        AnkiSync(client, scope="everywhere")


def test_a_note_type_with_other_fields_is_left_alone(tmp_path):
    path = tmp_path / "c.anki2"
    col = collection_mod.Collection(str(path))
    mm = col.models
    model = mm.new("Duizhao Word")  # the user's edited copy: a field renamed, one added
    for name in ("Hanzi", "Pinyin", "Meaning", "My field"):
        mm.add_field(model, mm.new_field(name))
    template = mm.new_template("Card 1")
    template["qfmt"], template["afmt"] = "{{Hanzi}}", "{{Pinyin}}"
    mm.add_template(model, template)
    mm.add(model)
    user_note = col.new_note(mm.by_name("Duizhao Word"))
    user_note["Hanzi"] = "钱塘江"
    col.add_note(user_note, col.decks.id("Default"))
    col.close()
    with AnkiConnectServer(path) as srv:
        sync = AnkiSync(AnkiConnect(srv.url))
        assert sync.send([WORD]).note_types["word"] == "Duizhao Word v2"
        assert AnkiSync(AnkiConnect(srv.url)).send([WORD]).updated == 1  # found again in v2
        col = _reopen(srv)
    try:
        kept = col.models.by_name("Duizhao Word")
        assert [f["name"] for f in kept["flds"]] == ["Hanzi", "Pinyin", "Meaning", "My field"]
        assert col.get_note(user_note.id)["Hanzi"] == "钱塘江"
        v2 = _notes_by_type(col)["Duizhao Word v2"]
        assert len(v2) == 1 and v2[0].fields == anki.note_fields(WORD)
    finally:
        col.close()


def test_notes_from_an_apkg_import_are_updated_not_duplicated(tmp_path):
    apkg = tmp_path / "deck.apkg"
    anki.write_apkg([WORD, PASSAGE], apkg)
    path = tmp_path / "c.anki2"
    col = collection_mod.Collection(str(path))
    col.import_anki_package(collection_mod.ImportAnkiPackageRequest(
        package_path=str(apkg), options=collection_mod.ImportAnkiPackageOptions(with_scheduling=False)))
    col.close()
    edited = dataclasses.replace(WORD, senses=("the river at Hangzhou",))
    with AnkiConnectServer(path) as srv:
        sync = AnkiSync(AnkiConnect(srv.url))
        assert sync.in_anki([WORD, PASSAGE, SENTENCE]) == [True, True, False]
        result = sync.send([edited, PASSAGE, SENTENCE])
        assert (result.added, result.updated) == (1, 2)
        col = _reopen(srv)
    try:
        by_type = _notes_by_type(col)
        assert len(by_type["Duizhao Word"]) == 1 and len(by_type["Duizhao Passage"]) == 1
        word = by_type["Duizhao Word"][0]
        assert word.guid == anki.note_guid("word", WORD.uid)  # the imported note, kept
        assert "the river at Hangzhou" in word["Meaning"]
    finally:
        col.close()


def test_add_notes_rolls_back_on_error(server):
    client = AnkiConnect(server.url)
    sync = AnkiSync(client)
    name = sync.note_type_name("word")
    client.create_deck("Duizhao")
    good = {"deckName": "Duizhao", "modelName": name, "fields": {"Simplified": "潮"}}
    bad = {"deckName": "No such deck", "modelName": name, "fields": {"Simplified": "水"}}
    with pytest.raises(AnkiConnectError, match="deck was not found"):
        client.add_notes([good, bad])
    assert client.find_notes(f'"note:{name}"') == []
    assert len(client.add_notes([good])) == 1
    with pytest.raises(AnkiConnectError, match="duplicate"):
        client.add_note(good)


# -- from the library -------------------------------------------------------------------------

SEED = __import__("pathlib").Path(__file__).resolve().parent.parent / "fixtures" / "seed"


def test_library_words_and_highlights_go_live_with_audio(tmp_path, server):
    import shutil

    from reader.export.ankiconnect import send_items, word_in_anki
    from reader.library import Library

    if shutil.which("espeak-ng") is None:
        pytest.skip("eSpeak NG is not installed")
    library = Library(tmp_path / "library.sqlite3")
    try:
        view = library.open_article(SEED / "qiantang-zh.txt", english=SEED / "qiantang-en.txt")
        at = view.zh.text.index("隔离点")
        library.save_word(view.id, at, at + 3)
        sentence = view.zh.sentences[3]
        library.add_annotation(view.id, "zh", sentence.start, sentence.end, note="Why **two**?")
        annotations = library.annotations()
        partners = library.partner_texts(annotations)
        records = dict(words=library.words(), annotations=annotations,
                       articles={info.id: info for info in library.articles()},
                       translate=lambda a: partners[a.uuid])
        sync = AnkiSync(AnkiConnect(server.url))
        assert not word_in_anki(sync, "隔离点")
        first = send_items(sync, audio=True, **records)
        assert (first.added, first.updated) == (3, 0) and len(first.media) == 2
        assert word_in_anki(sync, "隔离点")
        again = send_items(AnkiSync(AnkiConnect(server.url)), **records)  # no audio this time
        assert (again.added, again.updated) == (0, 3)
    finally:
        library.close()
    col = _reopen(server)
    try:
        by_type = _notes_by_type(col)
        assert [len(by_type[name]) for name in ("Duizhao Word", "Duizhao Sentence", "Duizhao Passage")] == [1, 1, 1]
        word = by_type["Duizhao Word"][0]
        # An update without audio keeps the audio the note has (in the same fields).
        assert word["Pinyin"].endswith(".wav]") and word["Sentence"].endswith(".wav]")
        assert word["Pinyin"].count("[sound:") == 1
        for name in first.media:  # the audio files stay in Anki's media folder, real WAV
            with open(f"{col.media.dir()}/{name}", "rb") as handle:
                assert handle.read(4) == b"RIFF"
    finally:
        col.close()


def test_connection_from_the_library_setting(server):
    from reader.export.ankiconnect import sync_from_settings

    sync = sync_from_settings({"url": server.url, "scope": "deck", "timeout": "2"})
    assert sync.scope == "deck" and sync.client.timeout == 2 and sync.client.version() == 6
    assert sync_from_settings(None).client.label == "127.0.0.1:8765"
    with pytest.raises(NotLoopback):
        sync_from_settings({"url": "http://192.0.2.1:8765"})


def test_every_connection_goes_to_this_machine(server, monkeypatch):
    """Privacy: the live path opens sockets to loopback addresses only."""
    import ipaddress

    seen = []
    real_connect = socket.socket.connect

    def watched(sock, address):
        seen.append(address[0])
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", watched)
    AnkiSync(AnkiConnect(server.url)).send([WORD, SENTENCE, PASSAGE], media={"duizhao-x.wav": WAV},
                                           sounds={WORD.uid: {"word": "duizhao-x.wav"}})
    assert seen and all(ipaddress.ip_address(a).is_loopback for a in seen)


def test_only_the_ankiconnect_client_does_networking_in_the_core():
    """Privacy: no other core module imports a network client (the window's local socket is Qt's)."""
    import re
    from pathlib import Path

    import reader

    root = Path(reader.__file__).parent
    network = re.compile(r"^\s*(import|from)\s+(socket|urllib\.request|http\.client|requests|urllib3|httpx)\b", re.M)
    users = sorted(str(p.relative_to(root)) for p in root.rglob("*.py")
                   if not p.is_relative_to(root / "ui") and network.search(p.read_text(encoding="utf-8")))
    assert users == ["export/ankiconnect.py"]


# -- the window's settings and permission ------------------------------------------------------


def test_live_settings_round_trip_and_bad_values_fall_back():
    from reader.export.ankiconnect import LiveSettings

    settings = LiveSettings(url="http://127.0.0.1:9", key="k", deck="Mine", scope="deck", audio=True,
                            sentence=False, timeout=2.0, enabled=True)
    assert LiveSettings.from_json(settings.to_json()) == settings
    odd = LiveSettings.from_json({"scope": "everywhere", "timeout": "soon", "deck": "  ", "url": None})
    assert odd == LiveSettings()
    assert LiveSettings.from_json("not a mapping") == LiveSettings()
    assert LiveSettings.from_json({"timeout": 1e9}).timeout == 60.0


def test_connect_says_when_permission_is_denied(tmp_path):
    from reader.export.ankiconnect import PermissionRefused

    with AnkiConnectServer(tmp_path / "c.anki2", permission="denied") as srv:
        sync = AnkiSync(AnkiConnect(srv.url))
        with pytest.raises(PermissionRefused, match="permission was denied"):
            sync.connect()
        with pytest.raises(PermissionRefused):  # every action asks first, and is refused
            sync.in_anki([WORD])
        assert {r["action"] for r in srv.requests} == {"requestPermission"}


def test_connect_names_a_missing_or_wrong_api_key(tmp_path):
    from reader.export.ankiconnect import PermissionRefused

    with AnkiConnectServer(tmp_path / "c.anki2", api_key="s3cret") as srv:
        with pytest.raises(PermissionRefused, match="asks for an API key"):
            AnkiSync(AnkiConnect(srv.url)).connect()
        with pytest.raises(PermissionRefused, match="refused the API key"):
            AnkiSync(AnkiConnect(srv.url, key="wrong")).connect()
        sync = AnkiSync(AnkiConnect(srv.url, key="s3cret"))
        assert sync.connect() == f"AnkiConnect 6 at 127.0.0.1:{srv.port}"
        assert not sync.in_anki([WORD])[0]  # permitted: the real calls go through

