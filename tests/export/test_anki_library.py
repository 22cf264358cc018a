"""Library.export_anki and ``duizhao export-anki`` end to end, imported by the real Anki."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reader.cli import main
from reader.export import anki, store_io
from reader.library import Library

collection_mod = pytest.importorskip("anki.collection")

pytestmark = pytest.mark.slow

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "seed"


@pytest.fixture
def clock(monkeypatch):
    """The store's clock, moving 10 s per reading: edits and exports never share a second."""
    start = datetime(2026, 1, 1, tzinfo=UTC)
    ticks = itertools.count()

    def fake_now() -> str:
        return (start + timedelta(seconds=10 * next(ticks))).isoformat(timespec="milliseconds")

    import reader.store.store as store_module

    monkeypatch.setattr(store_module, "now", fake_now)
    monkeypatch.setattr(store_io, "now", fake_now)
    return fake_now


@pytest.fixture
def seeded(tmp_path, clock):
    """A library with the seed pair, one saved word and one annotation."""
    library = Library(tmp_path / "library.sqlite3")
    view = library.open_article(SEED / "qiantang-zh.txt", english=SEED / "qiantang-en.txt")
    at = view.zh.text.index("隔离点")
    word = library.save_word(view.id, at, at + 3)
    sentence = view.zh.sentences[3]
    annotation = library.add_annotation(
        view.id, "zh", sentence.start, sentence.end, note="Why **two** branches? <script>x</script>",
        tags=("party", "to review"),
    )
    yield library, view, word, annotation
    library.close()


def _import(col, path):
    request = collection_mod.ImportAnkiPackageRequest(
        package_path=str(path), options=collection_mod.ImportAnkiPackageOptions(with_scheduling=False)
    )
    log = col.import_anki_package(request).log
    return len(log.new), len(log.updated), len(log.duplicate)


def _by_type(col):
    notes = [col.get_note(nid) for nid in col.find_notes("")]
    return {note.note_type()["name"]: note for note in notes}


def test_seed_article_word_and_note_arrive_in_anki(seeded, tmp_path):
    library, view, word, annotation = seeded
    result = library.export_anki(tmp_path / "out.apkg", deck_per_article=True)
    assert (result.words, result.sentences, result.passages, result.written) == (1, 1, 1, True)
    col = collection_mod.Collection(str(tmp_path / "anki.anki2"))
    try:
        assert _import(col, tmp_path / "out.apkg") == (3, 0, 0)
        notes = _by_type(col)
        w = notes["Duizhao Word"]
        assert w.guid == anki.note_guid("word", word.uuid)
        assert w["Simplified"] == "隔离点"
        assert w["Pinyin"] == (
            '<span class="tone2">gé</span><span class="tone2">lí</span><span class="tone3">diǎn</span>'
        )
        assert "<b>隔离点</b>" in w["Sentence"] and w["SentenceEnglish"] == anki.text_html(word.sentence_en)
        assert word.sentence_en.startswith("In hangzhou qiantang district")
        assert w["Source"] == anki.text_html(view.info.title)
        s = notes["Duizhao Sentence"]
        assert "{{c1::隔离点}}" in s["Text"] and 'class="tone2">gé</span>' in s["Pinyin"]
        p = notes["Duizhao Passage"]
        assert p.guid == anki.note_guid("passage", annotation.uuid)
        assert p["Quote"] == anki.text_html(annotation.quote) and p["Quote"].startswith("“我们3名隔离党员")
        assert p["Translation"] == anki.text_html(library.partner_text(annotation).strip())
        assert "xiasha street" in p["Translation"]
        assert "<strong>two</strong>" in p["Note"] and "&lt;script&gt;" in p["Note"]
        assert sorted(p.tags) == ["party", "to_review", "杭州网"]  # its tags, and the site the article names
        decks = {col.decks.name(card.did) for note in notes.values() for card in note.cards()}
        assert decks == {anki.deck_name(view.info.title)}
    finally:
        col.close()


def test_edits_update_the_notes_on_reimport_and_changed_only_skips_the_rest(seeded, tmp_path):
    library, view, word, annotation = seeded
    library.export_anki(tmp_path / "first.apkg")
    assert all(w.exported_at for w in library.words()) and all(a.exported_at for a in library.annotations())
    nothing = library.export_anki(tmp_path / "none.apkg", changed_only=True)
    assert not nothing.written and not (tmp_path / "none.apkg").exists()

    at = view.zh.text.index("隔离点")
    library.save_word(view.id, at, at + 3, senses=("quarantine site",))
    library.update_annotation(annotation.uuid, note="A better note.")
    changed = library.export_anki(tmp_path / "changed.apkg", changed_only=True)
    assert (changed.words, changed.sentences, changed.passages) == (1, 1, 1)
    full = library.export_anki(tmp_path / "full.apkg")
    assert full.total == 3

    col = collection_mod.Collection(str(tmp_path / "anki.anki2"))
    try:
        assert _import(col, tmp_path / "first.apkg") == (3, 0, 0)
        new, updated, duplicate = _import(col, tmp_path / "changed.apkg")
        assert (new, updated) == (0, 3) and duplicate == 0
        assert _import(col, tmp_path / "full.apkg") == (0, 0, 3)  # nothing newer: Anki keeps the notes
        notes = _by_type(col)
        assert col.note_count() == 3
        assert notes["Duizhao Word"]["Meaning"] == "quarantine site"
        assert notes["Duizhao Passage"]["Note"] == "<p>A better note.</p>"
    finally:
        col.close()


def test_deleted_annotations_are_not_exported(seeded, tmp_path):
    library, _view, _word, annotation = seeded
    library.delete_annotation(annotation.uuid)
    result = library.export_anki(tmp_path / "out.apkg", words=False, sentences=False)
    assert not result.written


def test_each_kind_of_note_remembers_its_own_export(seeded, tmp_path):
    library, _view, word, _annotation = seeded
    first = library.export_anki(tmp_path / "words.apkg", words=True, sentences=False, passages=False, changed_only=True)
    assert (first.words, first.sentences) == (1, 0)
    later = library.export_anki(tmp_path / "sentences.apkg", words=False, sentences=True, passages=False,
                                changed_only=True)
    assert (later.words, later.sentences) == (0, 1)  # its sentence note was never exported
    assert not library.export_anki(tmp_path / "none.apkg", passages=False, changed_only=True).written


def test_command_line_export(seeded, tmp_path, capsys):
    library, view, _word, _annotation = seeded
    db = library.path
    library.close()
    out = tmp_path / "deck.apkg"
    assert main(["export-anki", "--db", str(db), "-o", str(out), "--words"]) == 0
    assert "wrote 1 notes (1 words, 0 sentences, 0 passages)" in capsys.readouterr().out
    # --db before the command counts too; a .tsv name means TSV.
    assert main(["--db", str(db), "export-anki", "-o", str(tmp_path / "deck.tsv"), "--article", str(view.id)]) == 0
    assert "3 notes" in capsys.readouterr().out
    assert (tmp_path / "deck.tsv").read_text(encoding="utf-8").startswith("#separator:tab\n")
    assert main(["export-anki", "--db", str(db), "-o", str(tmp_path / "again.apkg"), "--changed-only"]) == 0
    assert "nothing new or changed to export" in capsys.readouterr().err
    assert main(["export-anki", "--db", str(db), "-o", str(tmp_path / "x.apkg"), "--article", "999"]) == 2
    assert capsys.readouterr().err == "duizhao: error: no article with id 999\n"
    assert main(["export-anki", "--db", str(db), "-o", str(tmp_path / "missing" / "x.apkg")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("duizhao: error: cannot write") and "Traceback" not in err


def test_a_changed_alignment_sends_the_passage_again_with_its_new_translation(seeded, tmp_path):
    """Merging or splitting pairs, or a new English version, changes what a passage note shows."""
    library, view, _word, annotation = seeded
    library.export_anki(tmp_path / "first.apkg", words=False, sentences=False)
    pair = view.pair_of_zh[3]  # the annotated sentence's pair
    old = library.partner_text(annotation)

    # A merge far from the annotation changes nothing it shows: nothing to send.
    far = max(view.pairs, key=lambda p: p.index).index - 1
    assert far > pair + 2
    library.merge_pair(view.id, far)
    assert library.partner_text(annotation) == old
    assert not library.export_anki(tmp_path / "none.apkg", words=False, sentences=False, changed_only=True).written

    # Merging its pair with the next brings the next pair's English into its translation.
    library.merge_pair(view.id, pair)
    merged = library.partner_text(annotation)
    assert merged != old and merged.startswith(old.strip())
    changed = library.export_anki(tmp_path / "merged.apkg", words=False, sentences=False, changed_only=True)
    assert (changed.passages, changed.written) == (1, True)

    # A new English version: the translation changes again.
    english = (SEED / "qiantang-en.txt").read_text(encoding="utf-8").replace("xiasha street", "Xiasha Street")
    library.add_english(view.id, text=english)
    assert "Xiasha Street" in library.partner_text(annotation)
    again = library.export_anki(tmp_path / "english.apkg", words=False, sentences=False, changed_only=True)
    assert (again.passages, again.written) == (1, True)

    col = collection_mod.Collection(str(tmp_path / "anki.anki2"))
    try:
        assert _import(col, tmp_path / "first.apkg") == (1, 0, 0)
        assert _import(col, tmp_path / "merged.apkg") == (0, 1, 0)
        assert _import(col, tmp_path / "english.apkg") == (0, 1, 0)
        passage = _by_type(col)["Duizhao Passage"]
        assert passage["Translation"] == anki.text_html(library.partner_text(annotation).strip())
        assert "Xiasha Street" in passage["Translation"]
    finally:
        col.close()


def test_a_passage_moved_by_a_changed_file_is_sent_again(tmp_path, clock):
    """The file changed on disk: the re-anchored quote is what the note must show."""
    zh = tmp_path / "article.txt"
    zh.write_text((SEED / "qiantang-zh.txt").read_text(encoding="utf-8"), encoding="utf-8")
    with Library(tmp_path / "library.sqlite3") as library:
        view = library.open_article(zh, english=SEED / "qiantang-en.txt")
        sentence = view.zh.sentences[3]
        annotation = library.add_annotation(view.id, "zh", sentence.start, sentence.end, note="n")
        other = view.zh.sentences[8]
        untouched = library.add_annotation(view.id, "zh", other.start, other.end, note="m")
        library.export_anki(tmp_path / "first.apkg", words=False, sentences=False)
        assert "3名" in annotation.quote
        zh.write_text(zh.read_text(encoding="utf-8").replace("我们3名隔离党员", "我们三名隔离党员"), encoding="utf-8")
        library.open_article(zh, english=SEED / "qiantang-en.txt")
        moved = {a.uuid: a for a in library.annotations()}
        assert "三名" in moved[annotation.uuid].quote and moved[untouched.uuid].quote == untouched.quote
        changed = library.export_anki(tmp_path / "changed.apkg", words=False, sentences=False, changed_only=True)
        assert (changed.passages, changed.written) == (1, True)  # only the moved one
