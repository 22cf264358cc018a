"""The facade end to end on the seed article: ingest, analysis, alignment, store."""

import shutil
import sqlite3
from pathlib import Path

import pytest

import reader.align
from reader.errors import InputError
from reader.library import Annotation, ArticleView, Library, Pair, Word

SEED = Path(__file__).resolve().parent / "fixtures" / "seed"
ZH, EN = SEED / "qiantang-zh.txt", SEED / "qiantang-en.txt"


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    """A database holding the seed article (made once; each test gets a copy)."""
    folder = tmp_path_factory.mktemp("template")
    zh, en = folder / "qiantang-zh.txt", folder / "qiantang-en.txt"
    shutil.copy(ZH, zh)
    shutil.copy(EN, en)
    lib = Library(folder / "db.sqlite3")
    view = lib.open_article(zh, en)
    lib.close()
    return folder, view.id


@pytest.fixture
def lib(template, tmp_path):
    folder, _ = template
    for name in ("db.sqlite3", "qiantang-zh.txt", "qiantang-en.txt"):
        shutil.copy(folder / name, tmp_path / name)
    library = Library(tmp_path / "db.sqlite3")
    yield library
    library.close()


@pytest.fixture
def view(lib, tmp_path):
    return lib.open_article(tmp_path / "qiantang-zh.txt", tmp_path / "qiantang-en.txt")


def _find(view: ArticleView, text: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = view.zh.text.index(text, start + 1)
    return start, start + len(text)


def test_open_article_builds_an_aligned_view(view):
    assert isinstance(view, ArticleView) and view.id == view.info.id
    assert view.info.title.startswith("钱塘组建隔离人员临时党支部")
    assert view.info.has_english and view.en_text
    assert all(isinstance(p, Pair) for p in view.pairs)
    # every sentence of both sides is in exactly one pair, in order
    assert sorted(i for p in view.pairs for i in p.zh) == list(range(len(view.zh.sentences)))
    assert sorted(i for p in view.pairs for i in p.en) == list(range(len(view.en_sentences)))
    assert all(view.pair_of_zh[i] == p.index for p in view.pairs for i in p.zh)
    assert all(view.en_text[a:b].strip() for a, b in view.en_sentences)


def test_reopening_is_idempotent_and_does_not_realign(lib, view, tmp_path, monkeypatch):
    def boom(*a, **k):
        raise AssertionError("aligned again")

    monkeypatch.setattr(reader.align, "align", boom)
    again = lib.open_article(tmp_path / "qiantang-zh.txt", tmp_path / "qiantang-en.txt")
    assert again.id == view.id and again.pairs == view.pairs
    assert len(lib.articles()) == 1
    # a copy under another name is the same article (identity is the text)
    other = tmp_path / "renamed.txt"
    shutil.copy(tmp_path / "qiantang-zh.txt", other)
    assert lib.open_article(other, tmp_path / "qiantang-en.txt").id == view.id
    assert {str((tmp_path / "qiantang-zh.txt").resolve()), str(other.resolve())} <= set(lib.articles()[0].paths)


def test_an_unchanged_file_is_not_read_again_a_changed_one_is(lib, view, tmp_path):
    import os

    path, en = tmp_path / "qiantang-zh.txt", tmp_path / "qiantang-en.txt"
    before = os.stat(path)
    text = path.read_text(encoding="utf-8")
    swapped = text.replace("在钱塘区", "在钱江区", 1)  # same size in UTF-8
    assert swapped != text and len(swapped.encode()) == before.st_size
    path.write_text(swapped, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # size and time as when it was read
    assert lib.open_article(path, en).zh.text == view.zh.text, "not read again: its stored article"
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000))  # touched: read again
    again = lib.open_article(path, en)
    assert again.id == view.id and "钱江" in again.zh.text
    en.write_text(en.read_text(encoding="utf-8").replace("safest", "surest"), encoding="utf-8")
    assert "surest" in lib.open_article(path, en).en_text  # the English file counts too
    path.unlink()
    with pytest.raises(InputError) as missing:
        lib.open_article(path, en)
    assert "\n" not in str(missing.value)


def test_a_file_read_before_the_library_is_stamped_as_it_was_before_that_read(lib, tmp_path):
    import os

    from reader.ingest.texts import read_texts

    path = tmp_path / "short.txt"
    path.write_text("今天天气很好。\n", encoding="utf-8")
    read = read_texts(path)
    path.write_text("今天天气不好。\n", encoding="utf-8")  # changed after that read (same size, a new time)
    os.utime(path, ns=(0, os.stat(path).st_mtime_ns + 1_000_000))
    assert "很好" in lib.open_article(path, read=read).zh.text  # what was read
    assert "不好" in lib.open_article(path).zh.text  # not taken for unchanged: read again


def test_an_english_sibling_added_later_is_paired_on_reopening(lib, tmp_path):
    folder = tmp_path / "sib"
    folder.mkdir()
    zh = folder / "story.txt"
    zh.write_text("今天天气很好。\n我们去公园散步。\n", encoding="utf-8")
    assert not lib.open_article(zh).en_text
    (folder / "story-en.txt").write_text("The weather is fine today.\nWe walk in the park.\n", encoding="utf-8")
    assert "park" in lib.open_article(zh).en_text


def test_edited_file_keeps_its_annotations(lib, view, tmp_path):
    path = tmp_path / "qiantang-zh.txt"
    kept = lib.add_annotation(view.id, "zh", *_find(view, "隔离人员临时党支部"), note="first")
    gone_span = _find(view, "这支临时党支部的诞生")
    gone = lib.add_annotation(view.id, "zh", gone_span[0], gone_span[1] + 10, note="in the removed sentence")
    original = path.read_text(encoding="utf-8")
    edited = original.replace("这支临时党支部的诞生,让如家隔离点成为钱塘区首个双支部管理样本。", "")
    edited = edited.replace("在钱塘区集中隔离点,", "据报道,市民关注。\n\n在钱塘区集中隔离点,", 1)
    path.write_text(edited, encoding="utf-8")
    new = lib.open_article(path, tmp_path / "qiantang-en.txt")
    assert new.id == view.id, "the same file edited is the same article"
    assert new.zh.text != view.zh.text
    notes = {a.uuid: a for a in lib.annotations(view.id)}
    assert notes[kept.uuid].status == "exact"
    a = notes[kept.uuid]
    assert (a.start, a.end) == (new.zh.text.index("隔离人员临时党支部"), new.zh.text.index("隔离人员临时党支部") + 9)
    assert notes[gone.uuid].status == "orphan"
    assert any("need review" in n for n in lib.notices)
    # the orphan is fixed by hand
    fixed = lib.reattach_annotation(gone.uuid, *_find(new, "党员干警"))
    assert fixed.status == "exact" and fixed.quote == "党员干警"


def test_annotation_lifecycle(lib, view):
    start, end = _find(view, "双重身份")
    ann = lib.add_annotation(view.id, "zh", start, end, note="**dual**", color="yellow", tags=["politics", "词汇"])
    assert isinstance(ann, Annotation)
    assert (ann.quote, ann.status, ann.tags, ann.deleted) == ("双重身份", "exact", ("politics", "词汇"), False)
    en = lib.add_annotation(view.id, "en", 3, 11)
    assert en.quote == view.en_text[3:11]
    assert [a.uuid for a in lib.annotations(view.id)] == [ann.uuid, en.uuid]  # document order, zh first
    changed = lib.update_annotation(ann.uuid, note="changed")
    assert changed.note == "changed" and changed.color == "yellow" and changed.tags == ann.tags
    assert lib.update_annotation(ann.uuid, tags=[]).tags == ()
    lib.delete_annotation(ann.uuid)
    assert [a.uuid for a in lib.annotations(view.id)] == [en.uuid]
    assert [a.deleted for a in lib.annotations(view.id, include_deleted=True)] == [True, False]
    assert lib.restore_annotation(ann.uuid).deleted is False
    assert lib.articles()[0].annotation_count == 2


@pytest.mark.parametrize(
    "side, start, end",
    [("zh", 5, 5), ("zh", -1, 3), ("zh", 0, 10**6), ("fr", 0, 3), ("en", 10**6, 10**6 + 2)],
)
def test_bad_annotations_are_refused(lib, view, side, start, end):
    with pytest.raises(InputError):
        lib.add_annotation(view.id, side, start, end)
    assert lib.annotations() == []


def test_unknown_ids_raise_input_error(lib):
    for call in (lambda: lib.article(999), lambda: lib.delete_annotation("nope"), lambda: lib.set_word_status(5, "new")):
        with pytest.raises(InputError):
            call()


def test_save_word_keeps_sentence_and_translation(lib, view):
    token = next(t for t in view.zh.tokens if t.text == "党员")
    word = lib.save_word(view.id, token.start, token.end)
    assert isinstance(word, Word)
    assert (word.simplified, word.traditional, word.status) == ("党员", "黨員", "new")
    assert word.pinyin.replace(" ", "") == "dǎngyuán" and word.senses
    assert "党员" in word.sentence and "party members" in word.sentence_en
    assert word.article_title == view.info.title and len(word.uuid) == 36
    assert [w.id for w in lib.words(query="dangyuan")] == [word.id]
    assert [w.id for w in lib.words(query="party member")] == [word.id]
    assert lib.words(status="known") == []
    assert lib.set_word_status(word.id, "known").status == "known"
    assert lib.known_words() == frozenset({"党员"})
    assert lib.articles()[0].known_ratio > 0
    with pytest.raises(InputError):
        lib.set_word_status(word.id, "forgotten")
    # saving again keeps one entry
    assert lib.save_word(view.id, token.start, token.end, status="learning").id == word.id
    lib.delete_word(word.id)
    assert lib.words() == []


def test_alignment_edits_persist(lib, view, tmp_path):
    n = len(view.pairs)
    merged = lib.merge_pair(view.id, 0)
    assert len(merged.pairs) == n - 1
    first = merged.pairs[0]
    assert first.edited and first.zh == view.pairs[0].zh + view.pairs[1].zh
    assert first.en == view.pairs[0].en + view.pairs[1].en
    at = merged.zh.sentences[first.zh[-1]].start
    en_at = merged.en_sentences[first.en[-1]][0]
    split = lib.split_pair(view.id, 0, zh_at=at, en_at=en_at)
    assert len(split.pairs) == n and split.pairs[0].edited and split.pairs[1].edited
    assert split.pairs[1].zh == (first.zh[-1],)
    with pytest.raises(InputError):
        lib.merge_pair(view.id, len(split.pairs) - 1)
    lib.close()
    again = Library(tmp_path / "db.sqlite3")
    try:
        reopened = again.article(view.id)
        assert [(p.zh, p.en, p.edited) for p in reopened.pairs] == [(p.zh, p.en, p.edited) for p in split.pairs]
    finally:
        again.close()


def test_segmentation_fixes(lib, view, tmp_path):
    start, end = _find(view, "党支部")
    if any(t.start == start and t.end == end for t in view.zh.tokens):
        fixed = lib.split_word(view.id, start, start + 1)
        assert fixed.zh.token_at(start).text == "党"
    else:
        fixed = lib.merge_words(view.id, start, end)
        assert fixed.zh.token_at(start).text == "党支部"
    local = fixed.zh.token_at(start).text
    # "everywhere" fixes reach other articles, new ones included; an article's own fix wins
    other = lib.open_text("我们的党支部很好。")
    merged = lib.merge_words(other.id, 3, 6, everywhere=True)
    assert merged.zh.token_at(3).text == "党支部"
    assert lib.open_text("新的党支部成立了。").zh.token_at(2).text == "党支部"
    assert lib.article(view.id).zh.token_at(start).text == local
    with pytest.raises(InputError):
        lib.merge_words(view.id, start, start + 1)
    with pytest.raises(InputError):
        lib.split_word(view.id, start, start)


def test_open_text_and_add_english(lib):
    v = lib.open_text("今天天气很好。我们去公园。", title="天气")
    assert v.info.title == "天气" and not v.info.has_english and v.en_text == ""
    assert all(not p.en for p in v.pairs)
    v2 = lib.add_english(v.id, text="The weather is fine today. We go to the park.")
    assert v2.id == v.id and v2.info.has_english and len(v2.en_sentences) == 2
    assert sorted(i for p in v2.pairs for i in p.en) == [0, 1]
    assert lib.open_text("今天天气很好。我们去公园。").id == v.id  # same text, same article
    with pytest.raises(InputError):
        lib.open_text("   \n ")


def test_partner_texts_of_many_annotations_in_several_articles(lib, view):
    other = lib.open_text("今天天气很好。我们去公园。", "The weather is fine today. We go to the park.")
    annotations = [
        lib.add_annotation(view.id, "zh", *_find(view, "隔离党员")),
        lib.add_annotation(view.id, "en", 0, 20),
        lib.add_annotation(other.id, "zh", 7, 12),
        lib.add_annotation(other.id, "en", 0, 5),
        lib.add_annotation(lib.open_text("没有英文的文章。").id, "zh", 0, 3),
    ]
    texts = lib.partner_texts(annotations)
    assert texts == {a.uuid: lib.partner_text(a) for a in annotations}
    assert texts[annotations[2].uuid] == "We go to the park." and texts[annotations[3].uuid] == "今天天气很好。"
    assert texts[annotations[4].uuid] == "" and "quarantine" in texts[annotations[0].uuid]
    assert lib.partner_texts([]) == {}


def test_search_settings_position_delete(lib, view, tmp_path):
    lib.add_annotation(view.id, "zh", *_find(view, "党员干警曲玉国"), note="prosecutor")
    kinds = {h.kind for h in lib.search("dangzhibu")}
    assert "article" in kinds
    assert {h.kind for h in lib.search("曲玉国")} == {"article", "annotation"}
    assert any(h.kind == "annotation" for h in lib.search("prosecutor"))
    assert lib.search("   ") == []
    lib.set_setting("font", {"size": 14, "family": "Noto"})
    lib.set_position(view.id, 7)
    lib.close()
    again = Library(tmp_path / "db.sqlite3")
    try:
        assert again.get_setting("font") == {"size": 14, "family": "Noto"}
        assert again.get_setting("missing", 3) == 3
        assert again.articles()[0].position == 7
        token = next(t for t in again.article(view.id).zh.tokens if t.text == "党员")
        word = again.save_word(view.id, token.start, token.end)
        again.delete_article(view.id)
        assert again.articles() == [] and again.annotations() == []
        assert again.words()[0].id == word.id and again.words()[0].article_id is None
    finally:
        again.close()


def test_lookup_passes_through_the_dictionary(lib):
    matches = lib.lookup("在中华人民共和国", 1)
    assert matches[0].word == "中华人民共和国" and "中华" in [m.word for m in matches]
    assert lib.lookup("在中華人民共和國", 1)[0].word == "中华人民共和国"  # traditional looked up as simplified
    assert [m.end - m.start for m in matches] == sorted((m.end - m.start for m in matches), reverse=True)
    assert (matches[0].start, matches[0].end) == (1, 8)  # offsets into the text given
    long_text = "文" * 50_000 + "银行"
    assert lib.lookup(long_text, 50_000)[0].word == "银行"


def test_saving_a_span_that_is_no_headword_reads_its_parts(lib, view):
    """党支部 is not in CC-CEDICT (党 + 支部): the word still gets pinyin and meanings."""
    start = view.zh.text.index("党支部")
    word = lib.save_word(view.id, start, start + 3)
    assert word.simplified == "党支部"
    assert word.pinyin == "dǎngzhībù"
    assert word.senses[0].startswith("党: ") and word.senses[1].startswith("支部: ")


def test_word_links_use_article_offsets(lib, view):
    if not hasattr(reader.align, "word_links"):
        pytest.skip("reader.align.word_links has not landed yet")
    pair = next(p for p in view.pairs if p.zh and p.en)
    links = lib.word_links(view.id, pair.index)
    zs = view.zh.sentences[pair.zh[0]].start
    ze = view.zh.sentences[pair.zh[-1]].end
    for link in links:
        assert zs <= link.zh_start < link.zh_end <= ze
        for a, b in link.en_spans:
            assert view.en_sentences[pair.en[0]][0] <= a < b <= view.en_sentences[pair.en[-1]][1]


def test_word_links_from_the_articles_tokens_are_those_of_segmenting_the_pair(lib, view):
    from reader.align.pairs import word_links

    compared = 0
    for pair in view.pairs:
        if not (pair.zh and pair.en):
            continue
        segmented = word_links(view.zh.text, view.zh_sentences, view.en_text, view.en_sentences, pair)
        assert lib.word_links(view.id, pair.index) == segmented
        compared += len(segmented)
    assert compared > 20


def test_two_libraries_on_one_file_see_each_other(lib, view, tmp_path):
    other = Library(tmp_path / "db.sqlite3")
    try:
        a = lib.add_annotation(view.id, "zh", 0, 4)
        b = other.add_annotation(view.id, "zh", 5, 9)
        assert {x.uuid for x in other.annotations()} == {a.uuid, b.uuid}
        assert {x.uuid for x in lib.annotations()} == {a.uuid, b.uuid}
    finally:
        other.close()
    con = sqlite3.connect(tmp_path / "db.sqlite3")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()


def test_worker_thread_and_main_thread_share_a_library(lib, view):
    import threading

    errors, built = [], []

    def worker():
        try:
            for _ in range(3):
                built.append(lib.article(view.id).id)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    thread = threading.Thread(target=worker)
    thread.start()
    made = [lib.add_annotation(view.id, "zh", i, i + 2) for i in range(0, 40, 4)]
    thread.join(30)
    assert not errors and built == [view.id] * 3
    assert {a.uuid for a in made} <= {a.uuid for a in lib.annotations(view.id)}


def test_memory_library():
    lib = Library(":memory:")
    try:
        v = lib.open_text("你好。世界。")
        assert lib.add_annotation(v.id, "zh", 0, 2).quote == "你好"
    finally:
        lib.close()


def test_bilingual_page_paragraph_pairs_anchor_the_alignment(lib):
    from reader.ingest import load_article

    page = SEED / "qiantang-bilingual.html"
    extracted = load_article(page)
    assert extracted.pairs
    calls = []
    view = lib.open_article(page, progress=lambda f, m: calls.append((f, m)))
    assert calls and calls[-1][0] == 1.0 and all(0 <= f <= 1 and m for f, m in calls)
    zh_first = {view.zh.sentences[i].paragraph: i for i in reversed(range(len(view.zh.sentences)))}
    en_par = [view.en_text.count("\n", 0, a) for a, _ in view.en_sentences]
    en_first = {p: i for i, p in reversed(list(enumerate(en_par)))}
    for zp, ep in extracted.pairs:
        pair = view.pairs[view.pair_of_zh[zh_first[zp]]]
        assert pair.zh[0] == zh_first[zp] and pair.en[0] == en_first[ep], (zp, ep)


def test_resaved_with_other_boilerplate_is_the_same_article(lib, view, tmp_path):
    path = tmp_path / "qiantang-zh.txt"
    ann = lib.add_annotation(view.id, "zh", *_find(view, "双重身份"), note="kept")
    text = path.read_text(encoding="utf-8")
    first_line = text.split("\n", 1)[0]
    path.write_text(text.replace(first_line, "杭州网 首页 | 新闻 | 视频 | 登录 注册", 1).replace("\n", "\r\n"), encoding="utf-8")
    again = lib.open_article(path, tmp_path / "qiantang-en.txt")
    assert again.id == view.id
    (same,) = lib.annotations(view.id)
    assert again.zh.text[same.start : same.end] == "双重身份" and same.uuid == ann.uuid


def test_new_normaliser_version_reanchors_in_place(lib, view, tmp_path, monkeypatch):
    import dataclasses

    import reader.ingest

    real = reader.ingest.load_article

    def newer(path, english=None):
        extracted = real(path, english)
        return dataclasses.replace(extracted, normalizer_version=extracted.normalizer_version + 1,
                                   zh=tuple(p.replace(",", ",") for p in extracted.zh))

    start, end = _find(view, "党员干警曲玉国")
    ann = lib.add_annotation(view.id, "zh", start, end)
    monkeypatch.setattr(reader.ingest, "load_article", newer)
    # a new normaliser has a new version: an unchanged file is read again (reader.ingest.texts.file_stamp)
    monkeypatch.setattr(reader.ingest, "NORMALIZER_VERSION", reader.ingest.NORMALIZER_VERSION + 1)
    new = lib.open_article(tmp_path / "qiantang-zh.txt", tmp_path / "qiantang-en.txt")
    assert new.id == view.id and "," in new.zh.text and len(lib.articles()) == 1
    (moved,) = lib.annotations(view.id)
    assert moved.uuid == ann.uuid and moved.status == "exact"
    assert new.zh.text[moved.start : moved.end] == "党员干警曲玉国"


def test_an_english_only_file_is_refused_with_its_own_error(lib, tmp_path):
    """The window tells this case apart (it offers the file as a translation) by type, not by message."""
    from reader.errors import InputError, NoChineseText

    page = tmp_path / "english.txt"
    page.write_text("Only English here.\n\nA second paragraph of English prose for the page.\n", encoding="utf-8")
    with pytest.raises(NoChineseText) as caught:
        lib.open_article(page)
    assert isinstance(caught.value, InputError)
