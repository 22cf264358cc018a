"""The store layer alone: search, words, settings, fixes, annotations."""

import pytest

from reader.errors import InputError
from reader.store.store import Store

ZH = "在钱塘区集中隔离点,有一群拥有“双重身份”的党员,来自一个特殊的党支部——隔离人员临时党支部。\n他们积极开展情绪安抚。"
EN = "In Qiantang there is a group of party members.\nThey comfort people."


@pytest.fixture
def filled(store):
    aid = store.insert_article(content_hash="a", normalizer_version="1", title="钱塘隔离点", zh_text=ZH, en_text=EN)
    bid = store.insert_article(content_hash="b", normalizer_version="1", title="Other", zh_text="今天天气很好。")
    return store, aid, bid


@pytest.mark.parametrize(
    "query, kinds",
    [
        ("党支部", {"article", "annotation", "word"}),  # trigram FTS
        ("dangzhibu", {"article", "annotation", "word"}),  # toneless pinyin
        ("dang zhi bu", {"article", "annotation", "word"}),
        ("Dǎng zhī bù", {"article", "annotation", "word"}),  # tones and capitals are ignored
        ("党员", {"article"}),  # two characters: LIKE fallback
        ("员", {"article"}),
        ("comfort", {"article"}),  # English text of the article
        ("party branch", {"word"}),  # senses
        ("QIANTANG", {"article"}),
        ("careful", {"annotation"}),  # a note
        ("urgent", {"annotation"}),  # a tag
        ("不存在的词", set()),
        ('"; DROP TABLE article; --', set()),  # FTS syntax is quoted, never interpreted
    ],
)
def test_search(filled, query, kinds):
    store, aid, _ = filled
    i = ZH.index("党支部")
    store.add_annotation(aid, "zh", ZH, i, i + 3, note="be careful", tags=["urgent"])
    store.save_word("党支部", pinyin="dǎng zhī bù", senses=["party branch"], article_id=aid)
    hits = store.search(query)
    assert {h.kind for h in hits} == kinds
    for h in hits:
        assert h.snippet
        if h.kind in ("article", "annotation"):
            assert h.article_id == aid
    assert store.integrity_check() == "ok"


def test_pinyin_snippet_shows_the_chinese(filled):
    store, aid, _ = filled
    (hit,) = store.search("qingxuanfu")
    assert "情绪安抚" in hit.snippet


def test_deleted_annotations_are_not_found(filled):
    store, aid, _ = filled
    ann = store.add_annotation(aid, "zh", ZH, 0, 4, note="findme")
    assert [h.ref for h in store.search("findme")] == [ann.uuid]
    store.set_annotation_deleted(ann.uuid, True)
    assert store.search("findme") == []
    store.update_annotation(ann.uuid, note="changed")
    store.set_annotation_deleted(ann.uuid, False)
    assert store.search("findme") == [] and [h.ref for h in store.search("changed")] == [ann.uuid]


def test_moving_the_position_does_not_touch_the_index(filled):
    store, aid, _ = filled
    before = store.db.execute_sql("SELECT count(*) FROM article_fts_data").fetchone()[0]
    for i in range(20):
        store.update_article(aid, position=i)
    assert store.db.execute_sql("SELECT count(*) FROM article_fts_data").fetchone()[0] == before


def test_words(filled):
    store, aid, _ = filled
    w = store.save_word("党员", traditional="黨員", pinyin="dǎng yuán", senses=["party member"], sentence="s1",
                        sentence_en="e1", article_id=aid)
    again = store.save_word("党员", senses=["member of a party"], sentence="s2", status="learning")
    assert again.id == w.id and again.sentence == "s1" and again.senses == ("member of a party",)
    assert again.status == "learning" and again.uuid == w.uuid
    with pytest.raises(InputError):
        store.save_word("  ")
    with pytest.raises(InputError):
        store.save_word("党", status="mastered")
    store.save_word("隔离", pinyin="gé lí")
    assert [x.simplified for x in store.words()] == ["隔离", "党员"]  # newest first
    assert [x.simplified for x in store.words(article_id=aid)] == ["党员"]
    assert [x.simplified for x in store.words(query="geli")] == ["隔离"]
    assert [x.simplified for x in store.words(query="member")] == ["党员"]
    assert store.known_words() == frozenset()
    store.set_word_status(w.id, "known")
    assert store.known_words() == {"党员"}
    store.mark_word_exported(w.id)
    assert store.get_word(w.id).exported_at is not None


@pytest.mark.parametrize("value", [1, 2.5, "text", None, True, [1, "二"], {"a": {"b": [1, 2]}}])
def test_settings_round_trip(store, value):
    store.set_setting("k", value)
    assert store.get_setting("k", "default") == value
    store.set_setting("k", "replaced")
    assert store.get_setting("k") == "replaced"


def test_settings_must_be_json(store):
    with pytest.raises(InputError):
        store.set_setting("k", object())


def test_segmentation_fixes_local_override_global(filled):
    store, aid, bid = filled
    store.add_seg_fix("merge", "党支部")
    store.add_seg_fix("split", "党支部", 1, article_id=aid)
    store.add_seg_fix("merge", "临时党支部", article_id=aid)
    assert store.seg_fixes(aid) == (frozenset({"临时党支部"}), frozenset({("党支部", 1)}))
    assert store.seg_fixes(bid) == (frozenset({"党支部"}), frozenset())
    store.add_seg_fix("split", "党支部", 1)  # replaces the global merge
    assert store.seg_fixes(bid) == (frozenset(), frozenset({("党支部", 1)}))


def test_annotation_tags_and_fields(filled):
    store, aid, _ = filled
    a = store.add_annotation(aid, "en", EN, 0, 2, tags="one, two one", color="#ff0")
    assert a.tags == ("one", "two") and a.color == "#ff0" and a.side == "en" and a.quote == "In"
    with pytest.raises(InputError):
        store.update_annotation(a.uuid, quote="hack")
    b = store.update_annotation(a.uuid, anki_guid="g", exported_at="2024-01-01")
    assert (b.anki_guid, b.exported_at, b.updated_at) == ("g", "2024-01-01", a.updated_at)
    with pytest.raises(InputError):
        store.get_annotation("0000")


def test_import_annotation_skips_known_uuids(filled):
    store, aid, _ = filled
    a = store.add_annotation(aid, "zh", ZH, 3, 8, note="n")
    assert store.import_annotation(a, aid, None, ZH) is False
    store.db.execute_sql("DELETE FROM annotation")
    assert store.import_annotation(a, aid, None, ZH) is True
    (back,) = store.annotations()
    assert (back.uuid, back.start, back.end, back.quote, back.note) == (a.uuid, 3, 8, ZH[3:8], "n")


def test_memory_database(tmp_path):
    s = Store(":memory:")
    aid = s.insert_article(content_hash="m", normalizer_version="1", zh_text="你好。")
    assert s.add_annotation(aid, "zh", "你好。", 0, 2).quote == "你好"
    s.close()


def test_article_info_has_the_english_title(store):
    aid = store.insert_article(content_hash="t", normalizer_version="1", title="钱塘", en_title="Qiantang",
                               zh_text="你好。")
    bid = store.insert_article(content_hash="u", normalizer_version="1", zh_text="再见。")
    assert store.article_infos(aid)[0].en_title == "Qiantang"
    assert store.article_infos(bid)[0].en_title is None
