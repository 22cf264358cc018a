"""Word statuses beyond the saved vocabulary: set, merge with saved words, undo, migration."""

import sqlite3

import pytest

from reader.errors import InputError
from reader.store import learner
from reader.store.schema import SCHEMA_VERSION
from reader.store.store import Store


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "db.sqlite3")
    yield s
    s.close()


def test_a_word_without_a_status_is_new_and_one_set_is_kept(store, tmp_path):
    assert learner.status_of(store, "支部") == "new"
    changes = learner.set_statuses(store, {"支部": "known", "临时": "learning", "钱塘": "ignored"})
    assert changes.changed == {"支部": ("new", "known"), "临时": ("new", "learning"), "钱塘": ("new", "ignored")}
    store.close()
    again = Store(tmp_path / "db.sqlite3")
    try:
        assert learner.statuses(again) == {"支部": "known", "临时": "learning", "钱塘": "ignored"}
        assert again.known_words() == frozenset({"支部"})
    finally:
        again.close()


def test_an_unknown_status_is_refused_in_one_line_and_nothing_changes(store):
    with pytest.raises(InputError, match="new, learning, known, ignored"):
        learner.set_statuses(store, {"支部": "known", "临时": "mastered"})
    assert learner.statuses(store) == {}


def test_setting_the_same_status_again_changes_nothing(store):
    learner.set_statuses(store, {"支部": "known"})
    assert len(learner.set_statuses(store, {"支部": "known"})) == 0


def test_a_saved_words_status_follows_and_the_newer_one_wins(store):
    word = store.save_word("隔离", status="new")
    learner.set_statuses(store, {"隔离": "known"})
    assert store.get_word(word.id).status == "known"  # the vocabulary view agrees
    store.set_word_status(word.id, "learning")  # changed later in the vocabulary view
    assert learner.status_of(store, "隔离") == "learning"
    assert "隔离" not in store.known_words()


def test_ignored_leaves_a_saved_words_own_status(store):
    word = store.save_word("钱塘", status="learning")
    learner.set_statuses(store, {"钱塘": "ignored"})
    assert learner.status_of(store, "钱塘") == "ignored"
    assert store.get_word(word.id).status == "learning"


def test_only_new_keeps_the_words_that_have_a_status(store):
    learner.set_statuses(store, {"临时": "learning"})
    changes = learner.set_statuses(store, {"临时": "known", "支部": "known"}, source="hsk3.0:3", only_new=True)
    assert set(changes.changed) == {"支部"}
    assert learner.status_of(store, "临时") == "learning"


def test_undo_restores_every_previous_status_exactly(store):
    saved = store.save_word("隔离", status="new")
    learner.set_statuses(store, {"临时": "learning", "钱塘": "ignored"})
    before = learner.statuses(store)
    changes = learner.set_statuses(store, {"隔离": "known", "临时": "known", "钱塘": "known", "支部": "known"})
    assert len(changes) == 4
    learner.restore(store, changes)
    assert learner.statuses(store) == before
    assert store.get_word(saved.id).status == "new"
    assert learner.status_of(store, "支部") == "new"


def test_thousands_of_words_in_one_change(store):
    words = {f"词{i}": "known" for i in range(5000)}
    changes = learner.set_statuses(store, words)
    assert len(changes) == 5000 and len(store.known_words()) == 5000
    learner.restore(store, changes)
    assert store.known_words() == frozenset()


def test_counts_by_status(store):
    learner.set_statuses(store, {"支部": "known", "临时": "learning"})
    assert learner.count_by_status(store, ["支部", "临时", "隔离"]) == {"new": 1, "learning": 1, "known": 1, "ignored": 0}


def test_a_version_2_database_gets_the_table(tmp_path):
    path = tmp_path / "v2.sqlite3"
    Store(path).close()
    con = sqlite3.connect(path)  # make it a version 2 database: no word_status table
    con.execute("DROP TABLE word_status")
    con.execute("PRAGMA user_version = 2")
    con.commit()
    con.close()
    store = Store(path)
    try:
        assert store.db.execute_sql("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        learner.set_statuses(store, {"支部": "known"})
        assert store.known_words() == frozenset({"支部"})
    finally:
        store.close()


def test_statuses_are_read_once_while_nothing_changes_and_again_after_any_write(store, tmp_path, monkeypatch):
    learner.set_statuses(store, {"支部": "known"})
    reads = []
    real = store.db.execute_sql

    def counting(sql, *args, **kwargs):
        if "FROM word_status" in sql:
            reads.append(sql)
        return real(sql, *args, **kwargs)

    monkeypatch.setattr(store.db, "execute_sql", counting)
    assert learner.statuses(store) == {"支部": "known"}
    assert learner.known_words(store) == {"支部"} and learner.statuses(store) == {"支部": "known"}
    assert len(reads) == 1  # read once for the three
    learner.statuses(store)["党员"] = "known"  # a copy: the caller's change is not kept
    assert learner.statuses(store) == {"支部": "known"}
    learner.set_statuses(store, {"党员": "learning"})  # this connection's write
    assert learner.statuses(store) == {"支部": "known", "党员": "learning"}
    other = Store(tmp_path / "db.sqlite3")  # another window's commit
    try:
        learner.set_statuses(other, {"支部": "new"})
    finally:
        other.close()
    assert learner.statuses(store) == {"支部": "new", "党员": "learning"}
    assert learner.known_words(store) == frozenset()


def test_statuses_read_inside_a_rolled_back_change_are_not_kept(store):
    learner.set_statuses(store, {"支部": "known"})

    class Abandon(Exception):
        pass

    with pytest.raises(Abandon), store.db.atomic():
        store.db.execute_sql("UPDATE word_status SET status = 'learning'")
        assert learner.statuses(store) == {"支部": "learning"}  # seen inside the transaction…
        raise Abandon
    assert learner.statuses(store) == {"支部": "known"}  # …and not after it was rolled back


def test_every_status_read_at_once_agrees_with_each_words_own(store):
    store.save_word("钱塘", status="learning")
    store.save_word("隔离", status="new")
    learner.set_statuses(store, {"隔离": "known", "支部": "ignored", "党员": "known"})  # newer than 隔离's own
    newer = store.save_word("党员", status="new")
    store.set_word_status(newer.id, "learning")  # the saved word's status is the newer one
    all_at_once = learner.statuses(store)
    words = ("钱塘", "隔离", "支部", "党员")
    assert all_at_once == {w: learner.status_of(store, w) for w in words}
    assert all_at_once == {"钱塘": "learning", "隔离": "known", "支部": "ignored", "党员": "learning"}
    assert learner.known_words(store) == {"隔离"}
