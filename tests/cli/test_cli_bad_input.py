"""Every sub-command against a table of bad inputs, each in its own process.

The promise (README, Commands): a bad argument gets exit code 2 and exactly
one stderr line ``duizhao: error: …`` — no traceback, no usage text, no hang —
and nothing on disk changes.  ``{name}`` in a case is an entry of the zoo
(tests/cli/conftest.py).
"""

from __future__ import annotations

import os

import pytest

from tests.cli.conftest import assert_refused, run_duizhao, snapshot

#: Things that are not a readable article file.
BAD_FILES = (
    "missing", "missing_in_missing_dir", "directory", "dev_null", "dev_zero", "dev_full", "dev_stdin", "fifo",
    "socket", "symlink_loop", "broken_link", "link_to_dev_null", "newline_missing", "newline_binary",
    "nonutf8_missing", "nonutf8_binary", "dash", "empty", "empty_file", "blank_file", "binary_random", "png", "pdf",
    "nul_text", "html_no_text", "sqlite_as_txt", "huge_sparse", "long_name", "long_path", "through_file",
)

#: Article IDs that are not one (the last one fits but no article has it).
BAD_IDS = ("0", "-1", "+0", "-99999999999999999999", "99999999999999999999", "9223372036854775808", "abc", "1.5",
           "", " ", "1e3", "0x10", "١", "9" * 5000, "9223372036854775807")

#: Output paths no export may write.
BAD_OUTPUTS = ("empty", "dash", "dev_null", "dev_full", "fifo", "socket", "directory", "missing_in_missing_dir",
               "through_file", "long_name", "long_path", "good_db", "symlink_loop", "broken_link",
               "link_to_dev_null")

#: Databases the commands must refuse, leaving them as they are.
BAD_DBS = ("empty", "directory", "dev_null", "dev_zero", "fifo", "socket", "empty_file", "text_db",
           "binary_random", "header_only_db", "truncated_db", "garbage_db", "corrupt_db", "other_db",
           "missing_dir_db", "through_file_db", "long_name", "long_path", "symlink_loop", "broken_link",
           "link_to_dev_null", "wal_fifo_db")

DB_COMMANDS = {
    "annotations-list": ["annotations", "list"],
    "words-list": ["words", "list", "--json"],
    "annotations-export": ["annotations", "export", "--format", "csv", "-o", "{out}/notes.csv"],
    "export-anki": ["export-anki", "-o", "{out}/deck.apkg"],
}


def _cases():
    for name in BAD_FILES:
        yield f"gloss-{name}", ["gloss", f"{{{name}}}"]
        yield f"extract-{name}", ["extract", f"{{{name}}}"]
        yield f"extract-english-{name}", ["extract", "{good_zh}", f"{{{name}}}"]
        yield f"align-zh-{name}", ["align", f"{{{name}}}", "{good_en}"]
        yield f"align-en-{name}", ["align", "{good_zh}", f"{{{name}}}", "--json"]
        yield f"align-presplit-{name}", ["align", "--presplit", f"{{{name}}}", "{good_en_lines}"]
    # texts that are not Chinese, or not text; a long article is refused (and the window suggested)
    for label, text in (("latin", "hello world"), ("digits", "12345"), ("blank", " \n\t "), ("newlines", "\n\n"),
                        ("slash", "北京/上海"), ("backslash", "北京\\上海"), ("suffix", "报道.html"),
                        ("nonutf8", os.fsdecode(b"\xff\xfe\xe4\xb8")), ("option-like", "--")):
        yield f"gloss-text-{label}", ["gloss", text]
    yield "gloss-too-long-file", ["gloss", "{long_chinese_file}"]
    yield "align-presplit-too-many-lines", ["align", "--presplit", "{many_lines}", "{good_en_lines}"]
    yield "extract-text-not-file", ["extract", "{long_text}"]  # over 255 bytes: no file has that name
    yield "align-text-not-file", ["align", "{long_text}", "{good_en}"]
    yield "align-presplit-text-not-file", ["align", "--presplit", "{good_zh_lines}", "{long_text}"]
    yield "gloss-english-file", ["gloss", "{english_only}"]
    yield "align-english-as-chinese", ["align", "{english_only}", "{good_en}"]
    for index, value in enumerate(BAD_IDS):
        yield f"annotations-list-article-{index}", ["annotations", "list", "--db", "{good_db}", "--article", value]
        yield f"words-list-article-{index}", ["words", "list", "--db", "{good_db}", f"--article={value}"]
        yield f"annotations-export-article-{index}", ["annotations", "export", "-o", "{out}/x.json", "--format",
                                                      "json", "--db", "{good_db}", "--article", value]
        yield f"export-anki-article-{index}", ["export-anki", "-o", "{out}/x.apkg", "--db", "{good_db}",
                                               f"--article={value}"]
    for name in BAD_OUTPUTS:
        yield f"annotations-export-o-{name}", ["annotations", "export", "--format", "csv", "-o", f"{{{name}}}",
                                               "--db", "{good_db}"]
        yield f"export-anki-o-{name}", ["export-anki", "--db", "{good_db}", "-o", f"{{{name}}}"]
        if name in ("dev_null", "fifo", "directory", "good_db"):  # the text format goes through the same writer
            yield f"export-anki-tsv-o-{name}", ["export-anki", "--tsv", "--db", "{good_db}", "-o", f"{{{name}}}"]
        if name != "directory":  # Markdown writes one file per article into a folder
            yield f"annotations-export-md-o-{name}", ["annotations", "export", "-o", f"{{{name}}}",
                                                      "--db", "{good_db}"]
    yield "export-anki-o-trailing-slash", ["export-anki", "--db", "{good_db}", "-o", "{out}/new-folder/"]
    for command, argv in DB_COMMANDS.items():
        for name in BAD_DBS:
            yield f"{command}-db-{name}", [*argv, "--db", f"{{{name}}}"]
            if command == "annotations-list":  # given before the command, it is checked the same
                yield f"{command}-db-before-{name}", [f"--db={{{name}}}", *argv]
    for name in ("empty", "directory", "fifo", "dev_zero", "text_db"):  # --db is checked for every command
        yield f"gloss-db-{name}", ["gloss", "银行", "--db", f"{{{name}}}"]
        yield f"extract-db-{name}", ["extract", "{good_zh}", "--db", f"{{{name}}}"]
    # the command line itself
    for label, argv in (
        ("gloss-nothing", ["gloss"]), ("extract-nothing", ["extract"]), ("align-one-file", ["align", "{good_zh}"]),
        ("annotations-nothing", ["annotations"]), ("annotations-unknown-action", ["annotations", "frob"]),
        ("words-nothing", ["words"]), ("export-anki-no-output", ["export-anki", "--db", "{good_db}"]),
        ("annotations-export-no-output", ["annotations", "export", "--db", "{good_db}"]),
        ("gloss-unknown-option", ["gloss", "--bogus", "银行"]), ("db-without-value", ["annotations", "list", "--db"]),
        ("extract-three-files", ["extract", "{good_zh}", "{good_en}", "{good_en}"]),
        ("align-bad-language", ["align", "--presplit", "--src-lang", "xx", "{good_zh_lines}", "{good_en_lines}"]),
        ("words-bad-status", ["words", "list", "--db", "{good_db}", "--status", "forgotten"]),
        ("annotations-bad-format", ["annotations", "export", "--format", "docx", "-o", "{out}/x.docx"]),
        ("newline-in-option", ["words", "list", "--db", "{good_db}", "--status", "new\nknown"]),
        ("unknown-option-nonutf8", ["words", "list", os.fsdecode(b"--st\xffatus")]),
    ):
        yield label, argv


CASES = dict(_cases())


def _argv(zoo, template: list[str]) -> list[str]:
    return [part.format(**zoo) if "{" in part and "}" in part else part for part in template]


@pytest.mark.parametrize("argv", CASES.values(), ids=CASES.keys())
def test_bad_input_is_one_line_and_exit_two(zoo, argv):
    before = snapshot(zoo["dir"])
    err = assert_refused(run_duizhao(zoo, *_argv(zoo, argv)))
    assert "usage:" not in err
    assert snapshot(zoo["dir"]) == before, "a refused command changed the files"


@pytest.mark.parametrize("argv", [["annotations", "list"], ["export-anki", "-o", "{out}/deck.apkg"]],
                         ids=["annotations-list", "export-anki"])
def test_a_locked_database_is_one_line(zoo, argv):
    """Another program holds an exclusive lock: refused after the store's busy timeout, file unchanged."""
    before = snapshot(zoo["dir"])
    err = assert_refused(run_duizhao(zoo, *_argv(zoo, argv), "--db", zoo["locked_db"]))
    assert "busy" in err or "locked" in err
    assert snapshot(zoo["dir"]) == before


@pytest.mark.parametrize("name, cause", [
    ("directory", "folder"), ("fifo", "pipe"), ("dev_zero", "device"), ("symlink_loop", "link loop"),
    ("broken_link", "broken symbolic link"), ("huge_sparse", "too large"), ("long_name", "too long"),
    ("empty_file", "empty"), ("missing", "no such file"),
])
def test_the_line_names_the_cause(zoo, name, cause):
    assert cause in assert_refused(run_duizhao(zoo, "extract", zoo[name]))


@pytest.mark.parametrize("name, cause", [
    ("empty", "empty"), ("text_db", "not an SQLite file"), ("other_db", "another program"),
    ("corrupt_db", "damaged"), ("empty_file", "empty file"), ("fifo", "pipe"), ("directory", "folder"),
])
def test_a_bad_database_is_named_and_left_unchanged(zoo, name, cause):
    err = assert_refused(run_duizhao(zoo, "annotations", "list", "--db", zoo[name]))
    assert cause in err and (name in ("empty", "fifo", "directory") or "unchanged" in err or "nothing" in err)
    folder = os.path.dirname(zoo["corrupt_db"])
    assert not [n for n in os.listdir(folder) if ".corrupt-" in n], "the command line set a file aside"


def test_a_name_with_a_line_break_stays_one_line(zoo):
    err = assert_refused(run_duizhao(zoo, "extract", zoo["newline_binary"]))
    assert "bad\\nname.txt" in err


def test_a_name_that_is_not_utf8_is_printed_escaped(zoo):
    for env in ({"LC_ALL": "C"}, {"LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8:strict"}):
        err = assert_refused(run_duizhao(zoo, "extract", zoo["nonutf8_binary"], env=env))
        assert "caf\\xe9.txt" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads and writes any file: permissions cannot be refused here")
def test_unreadable_file_and_unwritable_folder(zoo, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("钱塘", encoding="utf-8")
    secret.chmod(0)
    assert "permission denied" in assert_refused(run_duizhao(zoo, "extract", str(secret)))
    locked_folder = tmp_path / "read-only"
    locked_folder.mkdir()
    locked_folder.chmod(0o555)
    try:
        err = assert_refused(run_duizhao(zoo, "export-anki", "--db", zoo["good_db"], "-o",
                                         str(locked_folder / "deck.apkg")))
        assert "not writable" in err
    finally:
        locked_folder.chmod(0o755)


@pytest.mark.parametrize("argv", [["annotations", "list", "--db", "{good_db}"], ["gloss", "银行"],
                                  ["extract", "{good_zh}", "--json"]], ids=["annotations-list", "gloss", "extract"])
def test_output_to_a_full_disk_is_one_line(zoo, argv):
    """stdout on a full disk (/dev/full): the failed write is reported, not lost at exit."""
    err = assert_refused(run_duizhao(zoo, *_argv(zoo, argv), stdout_path="/dev/full"))
    assert "No space left" in err


# -- the same runner accepts good input (so the table above cannot pass by refusing everything) --

@pytest.mark.parametrize("argv", [
    ["gloss", "{long_text}"],  # over 255 bytes: text, although no file can have that name
    ["gloss", "{newline_good}"],
    ["gloss", "{good_link}", "--json"],
    ["extract", "{nonutf8_good}", "--json"],
    ["extract", "{good_zh}", "{good_en}"],
    ["align", "--presplit", "{good_zh_lines}", "{good_en_lines}"],
    ["annotations", "list", "--db", "{good_db}", "--article", "1"],
    ["words", "list", "--db", "{good_db}"],
], ids=["gloss-long-text", "gloss-newline-name", "gloss-link", "extract-nonutf8", "extract-pair", "align-presplit",
        "annotations-list", "words-list"])
def test_good_input_still_works(zoo, argv):
    result = run_duizhao(zoo, *_argv(zoo, argv))
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert result.stdout and b"Traceback" not in result.stderr


def test_the_seed_article_body_as_text_is_glossed(zoo, seed_zh_body):
    result = run_duizhao(zoo, "gloss", seed_zh_body)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert "曲玉国" in result.stdout.decode("utf-8")
