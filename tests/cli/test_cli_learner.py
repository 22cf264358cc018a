"""``duizhao words known|status|seed`` and ``duizhao stats`` end to end (in process)."""

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from reader.cli import main
from reader.library import Library

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli-learner")
    with Library(folder / "db.sqlite3") as lib:
        lib.open_article(SEED / "qiantang-zh.txt", SEED / "qiantang-en.txt")
    return folder / "db.sqlite3"


@pytest.fixture
def db(template, tmp_path):
    path = tmp_path / "db.sqlite3"
    shutil.copy(template, path)
    return str(path)


def content(db) -> list:
    """Every row of every table (the file's bytes may change on a read: SQLite's statistics)."""
    con = sqlite3.connect(db)
    try:
        return [line for line in con.iterdump() if "sqlite_stat" not in line]
    finally:
        con.close()


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_words_known_and_status(db, capsys):
    assert run(capsys, "--db", db, "words", "known", "支部", "學習")[:2] == (0, "2 words now known\n")
    assert run(capsys, "--db", db, "words", "known")[1].split() == ["学习", "支部"]
    assert run(capsys, "--db", db, "words", "status", "ignored", "支部")[1] == "1 word now ignored\n"
    assert run(capsys, "--db", db, "words", "known")[1].split() == ["学习"]
    code, out, err = run(capsys, "--db", db, "words", "status", "mastered", "支部")
    assert code == 2 and "invalid choice" in err and err.count("\n") == 1


def test_seed_from_hsk_and_top_then_stats(db, capsys):
    code, out, _ = run(capsys, "--db", db, "words", "seed", "--hsk", "2", "--hsk-version", "2.0")
    assert code == 0 and out.endswith("words now known\n")
    before = json.loads(run(capsys, "--db", db, "stats", "--json")[1])
    assert run(capsys, "--db", db, "words", "seed", "--top", "5000")[0] == 0
    after = json.loads(run(capsys, "--db", db, "stats", "--json", "--article", "1")[1])
    assert after["known"] > before["known"] > 0
    assert after["known_ratio"] == pytest.approx(after["known"] / after["running_words"])
    assert {w["word"] for w in after["new_word_list"]} <= {w["word"] for w in before["new_word_list"]}
    for s in after["study_sentences"]:
        assert s["word"] and s["text"]
    code, out, _ = run(capsys, "--db", db, "stats")
    assert code == 0 and "known" in out and "HSK 3.0 profile" in out and "difficulty" in out


def test_seed_from_a_word_list(db, capsys, tmp_path):
    words = tmp_path / "words.csv"
    words.write_text("pinyin,hanzi\nzhībù,支部\ngélí,隔离\n", encoding="utf-8")
    assert run(capsys, "--db", db, "words", "seed", "--file", str(words), "--field", "hanzi")[:2] == \
        (0, "2 words now known\n")
    assert run(capsys, "--db", db, "words", "seed", "--file", str(words))[1] == "nothing changed\n"


@pytest.mark.parametrize("argv, message", [
    (["words", "seed"], "one of the arguments --hsk --top --file --anki is required"),
    (["words", "seed", "--hsk", "0"], "not a positive whole number"),
    (["words", "seed", "--hsk", "7", "--hsk-version", "2.0"], "HSK 2.0 has levels 1 to 6"),
    (["words", "seed", "--top", "900000"], "1 to 50,000"),
    (["words", "seed", "--top", "5", "--hsk", "1"], "not allowed with argument"),
    (["words", "seed", "--top", "5", "--field", "x"], "--field goes with --file or --anki"),
    (["words", "seed", "--file", "/nonexistent/words.txt"], "no such file"),
    (["words", "known", "hello"], "no Chinese characters"),
    (["stats", "--article", "99"], "no article 99"),
])
def test_bad_arguments_are_one_line_and_change_nothing(db, capsys, argv, message):
    before = content(db)
    code, out, err = run(capsys, "--db", db, *argv)
    assert code == 2 and message in err and err.count("\n") == 1 and "Traceback" not in err
    assert content(db) == before
