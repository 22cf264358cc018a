"""Schema versions: a database of every previous version upgrades without loss."""

import sqlite3
from pathlib import Path

from reader.store.schema import MIGRATIONS, SCHEMA_VERSION
from reader.store.store import Store

V1 = Path(__file__).resolve().parent.parent / "fixtures" / "store" / "duizhao-v1.sql"


def _make_v1(path: Path) -> None:
    con = sqlite3.connect(path)
    con.executescript(V1.read_text(encoding="utf-8"))
    con.close()


def _schema(path: Path) -> dict:
    """Columns (name, type, notnull, pk) of every table and the set of indexes."""
    con = sqlite3.connect(path)
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE '%fts%' AND name NOT LIKE 'sqlite_%'")]
    schema = {t: sorted(tuple(r[1:4]) + (r[5],) for r in con.execute(f'PRAGMA table_info("{t}")')) for t in tables}
    schema["indexes"] = sorted(
        (r[0], r[1]) for r in con.execute("SELECT name, tbl_name FROM sqlite_master WHERE type='index' AND sql IS NOT NULL")
    )
    schema["triggers"] = sorted(r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='trigger'"))
    con.close()
    return schema


def test_every_version_has_a_migration():
    assert sorted(MIGRATIONS) == list(range(1, SCHEMA_VERSION))


def test_fresh_database_is_current(tmp_path):
    s = Store(tmp_path / "new.sqlite3")
    assert s.db.execute_sql("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    s.close()


def test_v1_upgrades_to_current_schema_without_loss(tmp_path):
    old = tmp_path / "v1.sqlite3"
    _make_v1(old)
    store = Store(old)
    try:
        assert store.db.execute_sql("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.integrity_check() == "ok"
        assert store.db.execute_sql("PRAGMA foreign_key_check").fetchall() == []

        infos = {i.id: i for i in store.article_infos()}
        assert set(infos) == {1, 2}
        assert infos[1].title == "钱塘组建隔离人员临时党支部"
        assert infos[1].paths == ("/home/reader/news/qiantang.txt",)
        assert infos[1].annotation_count == 2  # the third is a tombstone
        assert infos[1].position == 1

        notes = {a.uuid: a for a in store.annotations(include_deleted=True)}
        assert len(notes) == 3
        first = notes["11111111-1111-4111-8111-111111111111"]
        assert (first.quote, first.start, first.end, first.note, first.tags, first.color, first.anki_guid) == (
            "双重身份", 16, 20, "**dual** identity", ("politics", "词汇"), "yellow", "Ab3$guid01")
        assert first.exported_at is None
        assert notes["33333333-3333-4333-8333-333333333333"].deleted
        assert notes["22222222-2222-4222-8222-222222222222"].style == "underline"

        words = {w.simplified: w for w in store.words()}
        assert set(words) == {"党员", "隔离"}
        assert words["党员"].senses == ("party member",) and words["党员"].status == "learning"
        assert words["党员"].article_title == "钱塘组建隔离人员临时党支部"
        # v2: every word got its own stable uuid
        uuids = {w.uuid for w in words.values()}
        assert len(uuids) == 2 and all(len(u) == 36 for u in uuids)

        assert store.get_setting("font_size") == 14 and store.get_setting("theme") == "dark"
        assert store.seg_fixes(1) == (frozenset({"党支部"}), frozenset({("临时党", 2)}))
        assert store.align_edits(1) == [("merge", 0, 0, "k")]

        # the full-text indexes survived the table rebuild and still follow writes
        assert [h.ref for h in store.search("dangyuan") if h.kind == "word"] == [words["党员"].id]
        store.save_word("党支部", pinyin="dǎng zhī bù")
        assert [h.kind for h in store.search("党支部") if h.kind == "word"] == ["word"]
        assert any(h.kind == "annotation" for h in store.search("identity"))
    finally:
        store.close()
    fresh = tmp_path / "fresh.sqlite3"
    Store(fresh).close()
    assert _schema(old) == _schema(fresh)


def test_upgrade_is_done_once(tmp_path):
    old = tmp_path / "v1.sqlite3"
    _make_v1(old)
    Store(old).close()
    s = Store(old)  # opening again must not migrate again (nor fail)
    assert len(s.words()) == 2
    s.close()


def test_newer_database_is_refused(tmp_path):
    import pytest

    from reader.errors import StoreError

    path = tmp_path / "future.sqlite3"
    Store(path).close()
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="newer Duizhao"):
        Store(path)


def test_v3_gets_the_analysis_table_and_keeps_everything(tmp_path):
    path = tmp_path / "v3.sqlite3"
    made = Store(path)
    made.insert_article(content_hash="h", normalizer_version="3", zh_text="你好。")
    made.close()
    con = sqlite3.connect(path)  # a version 3 database: no article_analysis table
    con.execute("DROP TABLE article_analysis")
    con.execute("PRAGMA user_version = 3")
    con.commit()
    con.close()
    store = Store(path)
    try:
        assert store.db.execute_sql("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert [i.id for i in store.article_infos()] == [1]
        assert store.analysis(1) is None
        store.set_analysis(1, "key", b"data")
        assert store.analysis(1) == ("key", b"data")
    finally:
        store.close()
    fresh = tmp_path / "fresh.sqlite3"
    Store(fresh).close()
    assert _schema(path) == _schema(fresh)


def test_v4_paths_get_an_empty_stamp_and_keep_everything(tmp_path):
    path = tmp_path / "v4.sqlite3"
    made = Store(path)
    article = made.insert_article(content_hash="h", normalizer_version="1", zh_text="你好。")
    made.record_path(article, "/tmp/a.txt")
    made.close()
    con = sqlite3.connect(path)  # a version 4 database: article_path without its stamp
    con.execute("ALTER TABLE article_path DROP COLUMN stamp")
    con.execute("PRAGMA user_version = 4")
    con.commit()
    con.close()
    store = Store(path)
    try:
        assert store.db.execute_sql("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.path_stamp("/tmp/a.txt") == (article, "")  # read again once, then stamped
        store.record_path(article, "/tmp/a.txt", "stamp")
        assert store.path_stamp("/tmp/a.txt") == (article, "stamp")
        assert store.path_stamp("/tmp/b.txt") is None
    finally:
        store.close()
