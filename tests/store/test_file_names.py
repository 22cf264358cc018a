"""File names that are not UTF-8 are stored, found and given back as the system gave them."""

import os

import pytest

from reader.errors import InputError
from reader.store.file_names import from_db, to_db

TEXT = "在钱塘区集中隔离点,有一群拥有“双重身份”的党员。他们是本次疫情中被隔离的人员。" * 4
NAMES = [
    "/home/u/新闻.html",
    "/home/u/plain name with spaces.txt",
    os.fsdecode(b"/home/u/caf\xe9.txt"),  # Latin-1
    os.fsdecode(b"/home/u/\xd6\xd0\xce\xc4.txt"),  # GBK
    os.fsdecode(b"/home/u/100%25 \xff.txt"),  # a percent sign beside a raw byte
    "/home/u/bytes:odd.txt",
]


@pytest.mark.parametrize("name", NAMES)
def test_every_file_name_round_trips(name):
    stored = to_db(name)
    stored.encode("utf-8")  # SQLite text
    assert from_db(stored) == name
    assert os.fsencode(from_db(stored)) == os.fsencode(name)


def test_utf8_names_are_stored_as_themselves():
    assert to_db("/home/u/新闻.html") == "/home/u/新闻.html"  # databases written before read unchanged


def test_the_store_keeps_paths_that_are_not_utf8(store):
    article_id = store.insert_article(content_hash="h", normalizer_version="1", title="t", zh_text=TEXT)
    names = NAMES[2:5]
    for name in names:
        store.record_path(article_id, name)
    assert store.article_paths(article_id) == tuple(names)
    assert store.article_infos()[0].paths == tuple(names)
    assert all(store.article_by_path(name).id == article_id for name in names)
    store.set_setting("recent", names)
    assert store.get_setting("recent") == names


def test_the_library_reopens_a_file_whose_name_is_not_utf8(tmp_path):
    from reader.library import Library

    folder = os.fsencode(tmp_path)
    file = os.fsdecode(folder + b"/\xd6\xd0\xce\xc4-caf\xe9.txt")
    with open(file, "w", encoding="utf-8") as f:
        f.write("钱塘区\n" + TEXT)
    with Library(tmp_path / "db.sqlite3") as library:
        first = library.open_article(file)
        assert first.info.paths == (file,)
        (first.info.title or "").encode("utf-8")  # a title made from the name is valid text
    with open(file, "a", encoding="utf-8") as f:
        f.write("\n文章改了。")  # edited: found again by its path, not its text
    with Library(tmp_path / "db.sqlite3") as library:
        again = library.open_article(file)
        assert again.id == first.id and again.info.paths == (file,)
    from reader.store.peek import peek

    seen = peek(tmp_path / "db.sqlite3", path=file)  # the window's first paint finds it by its name too
    assert seen is not None and seen.article[0] == first.id


def test_text_that_is_not_unicode_is_refused_with_one_line(store):
    article_id = store.insert_article(content_hash="h", normalizer_version="1", title="t", zh_text=TEXT)
    with pytest.raises(InputError) as caught:
        store.add_annotation(article_id, "zh", TEXT, 0, 3, note="bad \udce9 note")
    assert "\n" not in str(caught.value)
    assert store.annotations() == []
