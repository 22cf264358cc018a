"""A damaged full-text search index is found at start-up (or by a search) and rebuilt from the tables."""

import sqlite3

import pytest

from reader.errors import StoreError
from reader.store.store import Store

TEXT = "在钱塘区集中隔离点,有一群拥有“双重身份”的党员。他们是本次疫情中被隔离的人员。" * 4


def _fill(path):
    store = Store(path)
    article_id = store.insert_article(content_hash="h", normalizer_version="1", title="钱塘区", zh_text=TEXT)
    with store.write():
        for i in range(40):
            store.add_annotation(article_id, "zh", TEXT, i, i + 5, note=f"note {i} 隔离点", tags=["党员"])
    store.save_word("隔离", pinyin="gé lí", senses=["to isolate"], sentence=TEXT[:20], article_id=article_id)
    store.close()
    return article_id


def _garbage_in_data(con):
    con.execute("UPDATE annotation_fts_data SET block = randomblob(length(block)) WHERE id > 10")


def _docsize_rows_lost(con):
    con.execute("DELETE FROM annotation_fts_docsize WHERE id < 10")


def _stale_index(con):
    # rows deleted behind the index's back (its trigger not run): the index still lists them
    con.execute("DROP TRIGGER annotation_fts_ad")
    con.execute("DELETE FROM annotation WHERE id <= 5")
    con.execute("CREATE TRIGGER annotation_fts_ad AFTER DELETE ON annotation BEGIN "
                "INSERT INTO annotation_fts(annotation_fts, rowid, quote, note, tags, pinyin) "
                "VALUES ('delete', old.id, old.quote, old.note, old.tags, old.pinyin); END")


def _config_lost(con):
    con.execute("DELETE FROM word_fts_config")
    con.execute("UPDATE word_fts_data SET block = x'00' WHERE id = 1")


def _shadow_table_lost(con):
    con.execute("DROP TABLE article_fts_data")


DAMAGE = {"garbage-in-data": _garbage_in_data, "docsize-rows-lost": _docsize_rows_lost,
          "stale-index": _stale_index, "settings-lost": _config_lost, "shadow-table-lost": _shadow_table_lost}


def _damage(path, how):
    con = sqlite3.connect(path, isolation_level=None)
    how(con)
    con.close()


def _fts_ok(path) -> bool:
    con = sqlite3.connect(path)
    try:
        for table in ("article", "annotation", "word"):
            con.execute(f"INSERT INTO {table}_fts({table}_fts, rank) VALUES ('integrity-check', 1)")
        return True
    except sqlite3.DatabaseError:
        return False
    finally:
        con.close()


@pytest.mark.parametrize("how", list(DAMAGE.values()), ids=list(DAMAGE))
def test_a_damaged_search_index_is_rebuilt_at_start_up(db_path, how):
    article_id = _fill(db_path)
    _damage(db_path, how)
    assert not _fts_ok(db_path)  # the damage is real
    store = Store(db_path)
    try:
        assert len(store.notices) == 1
        assert "search index" in store.notices[0] and "rebuilt" in store.notices[0]
        assert "\n" not in store.notices[0]
        live = {a.uuid for a in store.annotations()}
        hits = store.search("隔离点")
        assert {h.ref for h in hits if h.kind == "annotation"} <= live and any(h.kind == "annotation" for h in hits)
        assert any(h.kind == "word" for h in store.search("isolate"))
        assert any(h.kind == "article" for h in store.search("钱塘区"))
        added = store.add_annotation(article_id, "zh", TEXT, 3, 9, note="新的 隔离点")
        assert added.uuid in {h.ref for h in store.search("新的 隔离点")}
        assert store.integrity_check() == "ok"
    finally:
        store.close()
    assert _fts_ok(db_path)
    again = Store(db_path)
    assert again.notices == []  # rebuilt for good: no notice at the next start
    again.close()


def test_damage_while_open_is_repaired_by_the_search_that_meets_it(db_path):
    article_id = _fill(db_path)
    store = Store(db_path)
    try:
        assert store.notices == []
        _damage(db_path, _garbage_in_data)
        hits = store.search("隔离点")  # no "restart Duizhao": the index is rebuilt and the search run again
        assert any(h.kind == "annotation" for h in hits)
        assert len(store.notices) == 1 and "rebuilt" in store.notices[0]
        _damage(db_path, _garbage_in_data)
        try:  # a new highlight meeting the damage rebuilds the index and says to try again...
            store.add_annotation(article_id, "zh", TEXT, 3, 9, note="新的 隔离点")
        except StoreError as exc:
            assert "rebuilt" in str(exc) and "try again" in str(exc)
        again = store.add_annotation(article_id, "zh", TEXT, 3, 9, note="再一次")  # ...and then it works
        assert again.uuid in {h.ref for h in store.search("再一次")}
    finally:
        store.close()
    store = Store(db_path)  # whatever damage the last writes did not meet is found at the next start
    try:
        assert again.uuid in {h.ref for h in store.search("再一次")}
    finally:
        store.close()
    assert _fts_ok(db_path)


def test_what_the_opening_budget_leaves_unchecked_is_checked_later(db_path, monkeypatch):
    from reader.store import store as store_module

    _fill(db_path)
    _damage(db_path, _garbage_in_data)  # only FTS5's full check finds this one
    monkeypatch.setattr(store_module, "OPEN_CHECK_BUDGET_S", 0.0)
    store = Store(db_path)
    try:
        assert store.notices == [] and not store.search_index_checked
        notices = store.check_search_index()  # what the window runs on a worker once idle
        assert len(notices) == 1 and "rebuilt" in notices[0] and store.notices == notices
        assert store.search_index_checked and store.check_search_index() == []
    finally:
        store.close()
    assert _fts_ok(db_path)


def test_a_quick_check_at_opening_leaves_the_full_check_for_later(db_path):
    _fill(db_path)
    _damage(db_path, _docsize_rows_lost)  # the quick probes see this one: repaired at once
    store = Store(db_path, quick_check=True)
    try:
        assert len(store.notices) == 1 and "rebuilt" in store.notices[0]
        assert not store.search_index_checked  # FTS5's own check not run yet
    finally:
        store.close()
    _damage(db_path, _garbage_in_data)  # only FTS5's full check finds this one
    store = Store(db_path, quick_check=True)
    try:
        assert store.notices == [] and not store.search_index_checked
        notices = store.check_search_index()  # what the window runs on a worker once idle
        assert len(notices) == 1 and "rebuilt" in notices[0]
        assert store.search_index_checked
    finally:
        store.close()
    assert _fts_ok(db_path)
