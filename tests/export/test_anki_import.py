"""Exports imported by the real Anki (the ``anki`` package from PyPI)."""

from __future__ import annotations

import dataclasses
import re

import pytest

from reader.export import anki
from reader.export.anki import PassageNote, SentenceNote, WordNote

collection_mod = pytest.importorskip("anki.collection")

pytestmark = pytest.mark.slow

# Anki's messages for template problems ("Found '{{X}}', but there is no field called 'X'", ...).
_TEMPLATE_ERROR = re.compile(r"no field called|unknown field|\{\{|\}\}|template has a problem", re.I)


def _open_collection(tmp_path, name="collection.anki2"):
    return collection_mod.Collection(str(tmp_path / name))


def _import_apkg(col, path):
    request = collection_mod.ImportAnkiPackageRequest(
        package_path=str(path),
        options=collection_mod.ImportAnkiPackageOptions(with_scheduling=False),  # defaults: update if newer
    )
    return col.import_anki_package(request).log


def _import_tsv(col, path):
    metadata = col.get_csv_metadata(str(path), None)
    return col.import_csv(collection_mod.ImportCsvRequest(path=str(path), metadata=metadata)).log


def _counts(log):
    return len(log.new), len(log.updated), len(log.duplicate)


def _notes(col):
    """guid -> note for every note in ``col``."""
    return {note.guid: note for note in (col.get_note(nid) for nid in col.find_notes(""))}


WORD = WordNote(
    uid="word-uuid-1",
    simplified="钱塘江",
    traditional="錢塘江",
    pinyin_numbers="Qian2 tang2 Jiang1",
    senses=("Qiantang River",),
    hsk="",
    sentence="八月十八，钱塘江大潮如期而至。",
    sentence_en="On the 18th day of the eighth month, the Qiantang River tide arrived as expected.",
    source_title="钱塘观潮 <杭州>",
    source_url="https://www.hangzhou.gov.cn/art/2024/9/20/art_1.html",
    notes="Famous *tidal bore*. <script>alert('x')</script>",
    tags=("hangzhou.gov.cn",),
    modified=1_750_000_000,
)
SENTENCE = SentenceNote(
    uid="word-uuid-1",
    sentence=WORD.sentence,
    cloze_start=5,
    cloze_end=8,
    english=WORD.sentence_en,
    pinyin=("Ba1 yue4", "shi2 ba1", "，", "Qian2 tang2 Jiang1", "da4 chao2", "ru2 qi1", "er2", "zhi4", "。"),
    source_title=WORD.source_title,
    source_url=WORD.source_url,
    tags=("hangzhou.gov.cn",),
    modified=1_750_000_000,
)
PASSAGE = PassageNote(
    uid="annotation-uuid-1",
    quote="潮头如一条白线，\n由远而近。",
    note="The **white line** image — compare 白线 with 银线.\n\n- tide\n- <b>raw</b>",
    translation="The tide head, like a white line, came from afar.",
    source_title="钱塘观潮",
    source_url="https://www.hangzhou.gov.cn/art/2024/9/20/art_1.html",
    tags=("imagery", "to review"),
    deck=anki.deck_name("钱塘观潮"),
    modified=1_750_000_500,
)
NOTES = [WORD, SENTENCE, PASSAGE]


def test_every_field_arrives_in_anki_as_written(tmp_path):
    anki.write_apkg(NOTES, tmp_path / "out.apkg")
    col = _open_collection(tmp_path)
    try:
        assert _counts(_import_apkg(col, tmp_path / "out.apkg")) == (3, 0, 0)
        notes = _notes(col)
        for item in NOTES:
            kind = type(item).__name__.removesuffix("Note").lower()
            note = notes[anki.note_guid(kind, item.uid)]
            assert note.note_type()["name"] == f"Duizhao {kind.capitalize()}"
            assert list(note.fields) == anki.note_fields(item)
            assert note.mod == item.modified
            assert sorted(note.tags) == sorted(anki._tags(item.tags))
            assert {col.decks.name(card.did) for card in note.cards()} == {item.deck}
        word = notes[anki.note_guid("word", WORD.uid)]
        # Chinese text survives byte for byte; markup in notes arrives as text.
        assert word["Simplified"].encode("utf-8") == "钱塘江".encode()
        assert word["Traditional"] == "錢塘江"
        assert word["Pinyin"] == (
            '<span class="tone2">Qián</span><span class="tone2">táng</span> <span class="tone1">Jiāng</span>'
        )
        assert "&lt;script&gt;" in word["Notes"] and "<script" not in word["Notes"]
        assert word["Source"].startswith('<a href="https://www.hangzhou.gov.cn/')
        assert "钱塘观潮 &lt;杭州&gt;" in word["Source"]
        passage = notes[anki.note_guid("passage", PASSAGE.uid)]
        assert sorted(passage.tags) == ["imagery", "to_review"]
        assert "<strong>white line</strong>" in passage["Note"] and "&lt;b&gt;raw&lt;/b&gt;" in passage["Note"]
    finally:
        col.close()


def test_every_template_renders_without_missing_fields(tmp_path):
    anki.write_apkg(NOTES, tmp_path / "out.apkg")
    col = _open_collection(tmp_path)
    try:
        _import_apkg(col, tmp_path / "out.apkg")
        rendered = {}
        for note in _notes(col).values():
            for card in note.cards():
                question, answer = card.question(), card.answer()
                for side in (question, answer):
                    body = side.split("</style>", 1)[-1]
                    assert not _TEMPLATE_ERROR.search(body), body
                    assert "<script" not in body
                rendered[note.note_type()["name"]] = (question, answer)
        assert set(rendered) == {"Duizhao Word", "Duizhao Sentence", "Duizhao Passage"}
        word_q, word_a = rendered["Duizhao Word"]
        assert "钱塘江" in word_q and "Qiantang River" not in word_q
        assert "Qiantang River" in word_a and "ㄑㄧㄢˊ" in word_a and "八月十八，<b>钱塘江</b>大潮" in word_a
        assert ".tone1" in word_q and ".nightMode" in word_q and "Noto Sans CJK SC" in word_q
        sentence_q, sentence_a = rendered["Duizhao Sentence"]
        visible_q = re.sub(r"<[^>]*>", "", sentence_q.split("</style>", 1)[-1])
        assert "钱塘江" not in visible_q and "[...]" in visible_q
        assert 'class="cloze"' in sentence_a and "钱塘江" in sentence_a
        qiantang = '<span class="tone2">Qián</span><span class="tone2">táng</span> <span class="tone1">Jiāng</span>'
        assert qiantang in sentence_a
        passage_q, passage_a = rendered["Duizhao Passage"]
        assert "潮头如一条白线，<br>由远而近。" in passage_q and "came from afar" in passage_a
    finally:
        col.close()


def test_reexport_after_edits_updates_notes_without_duplicates(tmp_path):
    anki.write_apkg(NOTES, tmp_path / "first.apkg")
    col = _open_collection(tmp_path)
    try:
        _import_apkg(col, tmp_path / "first.apkg")
        # Re-importing the same file changes nothing (Anki counts the notes as duplicates).
        assert _counts(_import_apkg(col, tmp_path / "first.apkg")) == (0, 0, 3)

        edited_word = dataclasses.replace(
            WORD, simplified="钱塘", senses=("Qiantang (old name of Hangzhou)",), modified=1_760_000_000
        )
        edited_passage = dataclasses.replace(
            PASSAGE, note="Now *with* a better note.", tags=("imagery",), modified=1_760_000_000
        )
        anki.write_apkg([edited_word, SENTENCE, edited_passage], tmp_path / "second.apkg")
        new, updated, duplicate = _counts(_import_apkg(col, tmp_path / "second.apkg"))
        assert (new, updated, duplicate) == (0, 2, 1)

        notes = _notes(col)
        assert len(notes) == 3 and col.note_count() == 3
        word = notes[anki.note_guid("word", WORD.uid)]
        assert word["Simplified"] == "钱塘" and word["Meaning"] == "Qiantang (old name of Hangzhou)"
        passage = notes[anki.note_guid("passage", PASSAGE.uid)]
        assert passage["Note"] == "<p>Now <em>with</em> a better note.</p>"
        assert passage.tags == ["imagery"]

        # An older export never overwrites a newer note (the user's edits in Anki win).
        anki.write_apkg(NOTES, tmp_path / "stale.apkg")
        assert _counts(_import_apkg(col, tmp_path / "stale.apkg")) == (0, 0, 3)
        assert _notes(col)[anki.note_guid("word", WORD.uid)]["Simplified"] == "钱塘"
    finally:
        col.close()


def test_tsv_updates_the_notes_an_apkg_created(tmp_path):
    anki.write_apkg(NOTES, tmp_path / "first.apkg")
    edited = dataclasses.replace(WORD, sentence_en="Edited by hand.\tWith a tab", modified=1_760_000_000)
    anki.write_tsv([edited, SENTENCE, PASSAGE], tmp_path / "second.tsv")
    col = _open_collection(tmp_path)
    try:
        _import_apkg(col, tmp_path / "first.apkg")
        new, updated, _ = _counts(_import_tsv(col, tmp_path / "second.tsv"))
        assert new == 0 and updated >= 1
        notes = _notes(col)
        assert len(notes) == 3
        word = notes[anki.note_guid("word", WORD.uid)]
        assert word["SentenceEnglish"] == "Edited by hand.&#9;With a tab"
        assert list(word.fields)[:6] == anki.word_fields(edited)[:6]
        passage = notes[anki.note_guid("passage", PASSAGE.uid)]
        assert passage["Quote"] == "潮头如一条白线，<br>由远而近。"
        assert {col.decks.name(card.did) for card in passage.cards()} == {"Duizhao::钱塘观潮"}
    finally:
        col.close()


def test_the_template_check_catches_a_missing_field(tmp_path):
    """The check above is real: a template naming a field that does not exist is reported."""
    import genanki

    broken = genanki.Model(
        1607392399,
        "Broken",
        fields=[{"name": "Front"}],
        templates=[{"name": "Card", "qfmt": "{{Front}}", "afmt": "{{Front}} {{Meaning}}"}],
    )
    deck = genanki.Deck(anki.deck_id("Broken"), "Broken")
    deck.add_note(genanki.Note(model=broken, fields=["水"], guid="broken-1"))
    genanki.Package(deck).write_to_file(str(tmp_path / "broken.apkg"))
    col = _open_collection(tmp_path)
    try:
        _import_apkg(col, tmp_path / "broken.apkg")
        (card,) = [card for note in _notes(col).values() for card in note.cards()]
        for side in (card.question(), card.answer()):  # Anki reports it on both sides
            assert _TEMPLATE_ERROR.search(side.split("</style>", 1)[-1])
    finally:
        col.close()


def test_newer_templates_reach_anki_with_the_next_changed_note(tmp_path, monkeypatch):
    def notetype_mod(col):  # from the database: the Python side caches note types
        return col.db.scalar("SELECT mtime_secs FROM notetypes WHERE id = ?", anki.templates.WORD_MODEL_ID)

    anki.write_apkg([WORD], tmp_path / "v1.apkg")
    col = _open_collection(tmp_path)
    try:
        _import_apkg(col, tmp_path / "v1.apkg")
        assert notetype_mod(col) == anki.templates.TEMPLATES_MOD
        # A later release with new templates (and a bumped TEMPLATES_MOD).
        monkeypatch.setattr(anki.templates, "TEMPLATES_MOD", anki.templates.TEMPLATES_MOD + 86_400)
        model = anki.templates.word_model()
        model.templates[0]["qfmt"] = '<div class="v2">{{Simplified}}</div>'
        monkeypatch.setitem(anki._MODELS, "word", model)
        anki.write_apkg([dataclasses.replace(WORD, modified=WORD.modified + 60)], tmp_path / "v2.apkg")
        assert _counts(_import_apkg(col, tmp_path / "v2.apkg")) == (0, 1, 0)
        assert notetype_mod(col) == anki.templates.TEMPLATES_MOD
        (card,) = _notes(col)[anki.note_guid("word", WORD.uid)].cards()
        assert '<div class="v2">钱塘江</div>' in card.question()
    finally:
        col.close()
