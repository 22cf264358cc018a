"""Audio on cards: word and sentence audio in an .apkg, imported by the real ``anki`` library."""

from __future__ import annotations

import re
import shutil

import pytest

from reader.errors import ExportError
from reader.export import anki
from reader.export.anki import SentenceNote, WordNote
from reader.export.anki_items import note_audio

collection_mod = pytest.importorskip("anki.collection")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="eSpeak NG is not installed")]

WORD = WordNote(uid="w-1", simplified="钱塘江", pinyin_numbers="Qian2 tang2 Jiang1", senses=("Qiantang River",),
                sentence="八月十八，钱塘江大潮如期而至。")
SENTENCE = SentenceNote(uid="w-1", sentence=WORD.sentence, cloze_start=5, cloze_end=8)
SOUND = re.compile(r"\[sound:([^\]]+)\]")


def test_apkg_carries_word_and_sentence_audio(tmp_path):
    from reader.speech import find_voice

    voice = find_voice()
    folder = tmp_path / "audio"
    folder.mkdir()
    media, sounds = note_audio([WORD, SENTENCE], folder, voice)
    assert len(media) == 2  # the word, and the sentence once for both notes
    assert set(sounds["w-1"]) == {"word", "sentence"}
    apkg = tmp_path / "deck.apkg"
    result = anki.write_apkg([WORD, SENTENCE], apkg, media=media, sounds=sounds)
    assert result.media == 2

    col = collection_mod.Collection(str(tmp_path / "collection.anki2"))
    try:
        col.import_anki_package(collection_mod.ImportAnkiPackageRequest(
            package_path=str(apkg), options=collection_mod.ImportAnkiPackageOptions(with_scheduling=False)))
        notes = {n.note_type()["name"]: n for n in (col.get_note(i) for i in col.find_notes(""))}
        word, sentence = notes["Duizhao Word"], notes["Duizhao Sentence"]
        assert SOUND.findall(word["Pinyin"]) == [sounds["w-1"]["word"]]
        assert SOUND.findall(word["Sentence"]) == [sounds["w-1"]["sentence"]]
        assert SOUND.findall(sentence["Pinyin"]) == [sounds["w-1"]["sentence"]]
        assert not SOUND.findall(word["Simplified"])  # the first field (duplicate key) stays the word
        for name, source in media.items():
            with open(f"{col.media.dir()}/{name}", "rb") as handle:
                assert handle.read() == source.read_bytes()  # byte for byte
            assert source.read_bytes()[:4] == b"RIFF"
        # The answer side plays them; the question side of the word card does not give the reading away.
        card = word.cards()[0]
        assert [tag.filename for tag in card.answer_av_tags()] == [sounds["w-1"]["word"], sounds["w-1"]["sentence"]]
        assert card.question_av_tags() == []
    finally:
        col.close()


def test_same_text_same_media_name():
    assert anki.media_name("word", "钱塘江", "v") == anki.media_name("word", "钱塘江", "v")
    assert anki.media_name("word", "钱塘江", "v") != anki.media_name("word", "钱塘江", "other voice")


def test_tsv_cannot_carry_audio(tmp_path):
    with pytest.raises(ExportError, match="apkg"):
        anki.write_notes([WORD], tmp_path / "x.tsv", tsv=True, media={"a.wav": tmp_path / "a.wav"})


def test_unsafe_media_names_are_refused():
    with pytest.raises(ExportError):
        anki.sound_tag("x].wav")
    with pytest.raises(ExportError):
        anki.note_fields(WORD, {"word": "../etc/passwd"})


SEED = __import__("pathlib").Path(__file__).resolve().parent.parent / "fixtures" / "seed"


def test_cli_export_anki_audio(tmp_path, capsys):
    from reader.cli import main
    from reader.library import Library

    db = tmp_path / "library.sqlite3"
    library = Library(db)
    try:
        view = library.open_article(SEED / "qiantang-zh.txt", english=SEED / "qiantang-en.txt")
        at = view.zh.text.index("隔离点")
        library.save_word(view.id, at, at + 3)
    finally:
        library.close()
    out = tmp_path / "words.apkg"
    assert main(["--db", str(db), "export-anki", "-o", str(out), "--audio"]) == 0
    assert "2 audio files" in capsys.readouterr().out
    col = collection_mod.Collection(str(tmp_path / "collection.anki2"))
    try:
        col.import_anki_package(collection_mod.ImportAnkiPackageRequest(
            package_path=str(out), options=collection_mod.ImportAnkiPackageOptions(with_scheduling=False)))
        word = next(n for n in (col.get_note(i) for i in col.find_notes("")) if n.note_type()["name"] == "Duizhao Word")
        (name,) = SOUND.findall(word["Pinyin"])
        with open(f"{col.media.dir()}/{name}", "rb") as handle:
            assert handle.read(4) == b"RIFF"
    finally:
        col.close()
    # A text file cannot carry audio: one line, exit 2, nothing written.
    assert main(["--db", str(db), "export-anki", "-o", str(tmp_path / "w.tsv"), "--audio"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("duizhao: error:") and "apkg" in err and "\n" not in err
    assert not (tmp_path / "w.tsv").exists()
