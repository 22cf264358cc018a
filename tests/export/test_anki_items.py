"""From library records to Anki note values (no database, no Anki)."""

from __future__ import annotations

import dataclasses

import pytest

from reader.export import anki
from reader.export.anki_items import (
    build_notes,
    epoch,
    export_items,
    find_word,
    modified_time,
    needs_export,
    word_reading,
)
from reader.store.records import Annotation, ArticleInfo, Word
from reader.text.dictionary import Entry

INFO = ArticleInfo(
    id=7, title="钱塘观潮", date=None, author=None, site="hangzhou.gov.cn", source_url="https://hangzhou.gov.cn/a",
    paths=(), encoding=None, added_at="2026-01-01T00:00:00+00:00", opened_at=None, annotation_count=1,
    word_count=1, known_ratio=None, has_english=True, position=0,
)
WORD = Word(
    id=3, simplified="银行", traditional="銀行", pinyin="yínháng", senses=("bank",), status="new",
    sentence="他去銀行取钱。", sentence_en="He went to the bank.", article_id=7, article_title="钱塘观潮",
    created_at="2026-01-01T00:00:00+00:00", updated_at="2026-01-01T00:00:10.500+00:00", uuid="w-uuid",
)
ANNOTATION = Annotation(
    uuid="a-uuid", article_id=7, side="zh", start=0, end=4, quote="钱塘江潮", note="*note*", color=None,
    tags=("tide watch",), status="exact", score=1.0, created_at="2026-01-01T00:00:00+00:00",
    updated_at="2026-01-01T00:01:00+00:00", deleted=False, anki_guid=None,
)


class FakeDictionary:
    def __init__(self, entries):
        self._entries = entries

    def entries(self, word):
        return [e for e in self._entries if e.simplified == word]

    def hsk_levels(self, word):
        return (3, 2) if word == "银行" else (None, None)


def _entry(numbers, marks, senses=("x",)):
    return Entry("银行", "銀行", numbers, marks, senses, (), (), None, None)


DICTIONARY = FakeDictionary([_entry("yin2 xing2", "yínxíng"), _entry("yin2 hang2", "yínháng", ("bank",))])


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("2026-01-01T00:00:10.500+00:00", 1767225610.5),
        ("2026-01-01T00:00:10", 1767225610.0),  # naive: the store writes UTC
        ("2026-01-01T00:00:10Z", 1767225610.0),
        (12.5, 12.5),
        (None, 0.0),
        ("not a time", 0.0),
    ],
)
def test_epoch(stamp, expected):
    assert epoch(stamp) == expected


def test_changed_items_move_forward_even_within_the_exported_second():
    assert needs_export(WORD)  # never exported
    exported = dataclasses.replace(WORD, exported_at="2026-01-01T00:00:10.700+00:00")
    assert not needs_export(exported)
    assert modified_time(exported) == epoch(WORD.updated_at)
    edited = dataclasses.replace(exported, updated_at="2026-01-01T00:00:10.900+00:00")
    assert needs_export(edited)
    assert int(modified_time(edited)) == int(epoch(exported.exported_at)) + 1
    later = dataclasses.replace(exported, updated_at="2026-01-01T00:05:00+00:00")
    assert modified_time(later) == epoch(later.updated_at)


def test_word_reading_prefers_the_stored_reading():
    assert word_reading(WORD, DICTIONARY) == ("yin2 hang2", 3, 2)
    unknown = dataclasses.replace(WORD, pinyin="")
    assert word_reading(unknown, DICTIONARY)[0] == "yin2 xing2"  # the first entry
    not_in_dictionary = dataclasses.replace(WORD, simplified="隔离点", pinyin="")
    assert word_reading(not_in_dictionary, DICTIONARY) == ("ge2 li2 dian3", None, None)


def test_find_word_tries_each_form():
    assert find_word("他去銀行取钱。", "银行", "銀行") == (2, 4)
    assert find_word("他去银行。", "银行", "銀行") == (2, 4)
    assert find_word("没有。", "银行", "") is None


def test_build_notes_maps_every_field():
    notes = build_notes(
        [WORD], [ANNOTATION], {7: INFO}, lambda ann: " The tide. ", deck_per_article=True, dictionary=DICTIONARY
    )
    word, sentence, passage = notes
    assert isinstance(word, anki.WordNote) and isinstance(sentence, anki.SentenceNote)
    assert (word.uid, word.pinyin_numbers, word.word_start) == ("w-uuid", "yin2 hang2", 2)
    assert word.hsk == anki.hsk_label(3, 2)
    assert (word.source_title, word.source_url) == ("钱塘观潮", "https://hangzhou.gov.cn/a")
    assert word.tags == ("hangzhou.gov.cn",)
    assert word.deck == sentence.deck == passage.deck == "Duizhao::钱塘观潮"
    assert (sentence.cloze_start, sentence.cloze_end, sentence.english) == (2, 4, "He went to the bank.")
    assert sentence.pinyin[-1] == "。" and any("hang2" in p for p in sentence.pinyin)
    assert (passage.uid, passage.translation, passage.note) == ("a-uuid", "The tide.", "*note*")
    assert passage.tags == ("tide watch", "hangzhou.gov.cn")
    assert passage.modified == epoch(ANNOTATION.updated_at)


def test_build_notes_edge_cases():
    orphan = dataclasses.replace(ANNOTATION, status="orphan", anki_guid="kept-guid")
    no_sentence = dataclasses.replace(WORD, sentence="", article_id=None)
    notes = build_notes([no_sentence], [orphan], {}, lambda ann: "never used", dictionary=DICTIONARY)
    assert [type(n).__name__ for n in notes] == ["WordNote", "PassageNote"]
    assert notes[0].deck == anki.DEFAULT_DECK and notes[0].tags == () and notes[0].source_title == ""
    assert notes[1].translation == "" and notes[1].guid == "kept-guid"
    only_sentences = build_notes([WORD], [], {}, str, include_words=False, dictionary=DICTIONARY)
    assert [type(n).__name__ for n in only_sentences] == ["SentenceNote"]


def test_export_items_filters_and_reports_what_it_wrote(tmp_path):
    exported = dataclasses.replace(
        WORD, exported_at="2026-02-01T00:00:00+00:00", sentence_exported_at="2026-02-01T00:00:00+00:00"
    )
    deleted = dataclasses.replace(ANNOTATION, uuid="gone", deleted=True)
    out = export_items(
        tmp_path / "out.tsv", words=[exported], annotations=[ANNOTATION, deleted], articles={7: INFO},
        translate=lambda ann: "", changed_only=True, tsv=True, dictionary=DICTIONARY,
    )
    assert (out.result.words, out.result.passages, out.result.tsv) == (0, 1, True)
    assert out.words == () and [a.uuid for a in out.annotations] == ["a-uuid"]
    nothing = export_items(
        tmp_path / "none.apkg", words=[exported], annotations=[], articles={}, translate=str,
        changed_only=True, dictionary=DICTIONARY,
    )
    assert not nothing.result.written and not (tmp_path / "none.apkg").exists()


def test_word_and_sentence_notes_are_tracked_separately(tmp_path):
    """Exporting only word notes leaves the sentence note "new" for a later --sentences --changed-only."""
    words_only = dataclasses.replace(WORD, exported_at="2026-02-01T00:00:00+00:00")
    out = export_items(
        tmp_path / "s.tsv", words=[words_only], annotations=[], articles={7: INFO}, translate=str,
        include_words=False, include_sentences=True, changed_only=True, tsv=True, dictionary=DICTIONARY,
    )
    assert (out.result.words, out.result.sentences) == (0, 1)
    assert out.words == () and [w.uuid for w in out.sentence_words] == ["w-uuid"]
    again = export_items(
        tmp_path / "w.tsv", words=[words_only], annotations=[], articles={7: INFO}, translate=str,
        include_words=True, include_sentences=False, changed_only=True, tsv=True, dictionary=DICTIONARY,
    )
    assert not again.result.written  # the word note itself is up to date
