"""Seed lists: HSK levels, the most frequent words, a text/CSV file, an Anki collection or package."""

import pytest

from reader.errors import InputError
from reader.text import frequency, wordlists


def test_hsk_levels_accumulate_in_both_versions():
    one, three = wordlists.hsk_words(1), wordlists.hsk_words(3)
    assert "我们" in one and set(one) < set(three)
    assert "学习" in wordlists.hsk_words(1, "2.0")
    erhua = set(wordlists.hsk_words(1))
    assert {"一点儿", "一点", "哪儿", "哪", "女孩儿", "女孩", "女儿"} <= erhua  # erhua and its plain form
    assert "女" not in wordlists.hsk_words(1, "2.0")  # 女儿 (level 1 of 2.0) is no erhua: 女 is not added
    assert len(wordlists.hsk_words(6, "2.0")) > 4000
    assert wordlists.hsk_words(9) == wordlists.hsk_words(7)  # 7-9 is one band
    for bad in (0, 7):
        with pytest.raises(InputError, match="level must be 1 to 6"):
            wordlists.hsk_words(bad, "2.0")
    with pytest.raises(InputError, match="version"):
        wordlists.hsk_words(1, "4.0")


def test_the_most_frequent_words_and_their_ranks():
    assert wordlists.top_words(3) == ["的", "是", "在"]
    assert frequency.rank("的") == 1 and (frequency.rank("支部") or 0) > 1000
    assert frequency.rank("不是一个词语啊") is None
    assert len(wordlists.top_words(10000)) == 10000
    with pytest.raises(InputError, match="1 to 50,000"):
        wordlists.top_words(0)


def test_a_plain_list_one_word_a_line(tmp_path):
    path = tmp_path / "known.txt"
    path.write_text("# my words\n学习\n學習\n汉语 (hànyǔ)\n\nhello\n", encoding="utf-8")
    assert wordlists.read_word_file(path) == ["学习", "汉语"]  # traditional made simplified, duplicates once


def test_a_csv_by_header_name_or_column_number(tmp_path):
    path = tmp_path / "words.csv"
    path.write_text("pinyin,Hanzi,meaning\nxuéxí,学习,to study\nhànyǔ,汉语,Chinese\n", encoding="utf-8")
    assert wordlists.read_word_file(path) == ["学习", "汉语"]  # the column named Hanzi
    assert wordlists.read_word_file(path, "hanzi") == ["学习", "汉语"]
    assert wordlists.read_word_file(path, "2") == ["学习", "汉语"]
    with pytest.raises(InputError, match="no column named 'Word'.*pinyin, hanzi, meaning"):
        wordlists.read_word_file(path, "Word")
    with pytest.raises(InputError, match="no column 5"):
        wordlists.read_word_file(path, "5")


def test_a_tsv_without_header_in_gb18030(tmp_path):
    path = tmp_path / "words.tsv"
    path.write_bytes("学习\txuéxí\n喜欢\txǐhuan\n".encode("gb18030"))
    assert wordlists.read_word_file(path) == ["学习", "喜欢"]


def test_bad_files_are_refused_in_one_line(tmp_path):
    with pytest.raises(InputError, match="not a file"):
        wordlists.read_word_file(tmp_path)
    empty = tmp_path / "empty.txt"
    empty.write_text("hello\nworld\n", encoding="utf-8")
    with pytest.raises(InputError, match="no Chinese words"):
        wordlists.read_word_file(empty)
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\xff\xfe\x00\x81\x30" * 10)
    with pytest.raises(InputError):
        wordlists.read_word_file(binary)


collection_mod = pytest.importorskip("anki.collection")


def _collection(tmp_path, scheduled: bool):
    """A real Anki collection: three notes of a note type with a Hanzi field; two of them studied."""
    col = collection_mod.Collection(str(tmp_path / "made.anki2"))
    models = col.models
    model = models.new("Chinese")
    for name in ("Pinyin", "Hanzi", "Meaning"):
        models.add_field(model, models.new_field(name))
    template = models.new_template("Card 1")
    template["qfmt"], template["afmt"] = "{{Hanzi}}", "{{Meaning}}"
    models.add_template(model, template)
    models.add(model)
    model = models.by_name("Chinese")
    ids = {}
    for pinyin, hanzi, meaning in (("xuéxí", "<b>学习</b>", "to study"), ("xǐhuan", "喜歡", "to like"),
                                   ("hànyǔ", "汉语 [sound:hanyu.mp3]", "Chinese")):
        note = col.new_note(model)
        note["Pinyin"], note["Hanzi"], note["Meaning"] = pinyin, hanzi, meaning
        col.add_note(note, col.decks.id("Chinese"))
        ids[meaning] = note.cards()[0].id
    if scheduled:
        col.sched.set_due_date([ids["to study"]], "30!")  # interval 30 days: mature
        col.sched.set_due_date([ids["to like"]], "3!")  # reviewed, young
    return col


def test_an_anki_package_written_by_anki_is_read_by_field_name(tmp_path):
    col = _collection(tmp_path, scheduled=True)
    apkg = tmp_path / "chinese.apkg"
    col.export_anki_package(out_path=str(apkg), limit=collection_mod.DeckIdLimit(col.decks.id("Chinese")),
                            options=collection_mod.ExportAnkiPackageOptions(with_scheduling=True, with_media=False))
    col.close()
    assert wordlists.read_anki(apkg) == {"学习": "known", "喜欢": "learning"}  # the new card left out
    assert wordlists.read_anki(apkg, "hanzi") == {"学习": "known", "喜欢": "learning"}
    with pytest.raises(InputError, match="no note type has a field named 'Simplified'"):
        wordlists.read_anki(apkg, "Simplified")
    with pytest.raises(InputError, match="no studied Chinese words"):
        wordlists.read_anki(apkg, "Meaning")


def test_a_collection_file_is_read_from_a_copy(tmp_path):
    col = _collection(tmp_path, scheduled=True)
    col.close()
    path = tmp_path / "made.anki2"
    before = path.read_bytes()
    assert wordlists.read_anki(path, "Hanzi") == {"学习": "known", "喜欢": "learning"}
    assert path.read_bytes() == before


def test_a_shared_deck_without_reviews_gives_every_word(tmp_path):
    col = _collection(tmp_path, scheduled=False)
    apkg = tmp_path / "shared.apkg"
    col.export_anki_package(out_path=str(apkg), limit=collection_mod.DeckIdLimit(col.decks.id("Chinese")),
                            options=collection_mod.ExportAnkiPackageOptions(with_scheduling=False, with_media=False))
    col.close()
    assert wordlists.read_anki(apkg) == {"学习": "known", "喜欢": "known", "汉语": "known"}


def test_what_is_no_anki_file_is_refused_in_one_line(tmp_path):
    fake = tmp_path / "fake.apkg"
    fake.write_bytes(b"not a zip at all")
    with pytest.raises(InputError, match="cannot read it as an Anki file"):
        wordlists.read_anki(fake)
    other = tmp_path / "words.txt"
    other.write_text("学习\n", encoding="utf-8")
    with pytest.raises(InputError, match="not an Anki collection"):
        wordlists.read_anki(other)
