"""Annotation exports (Markdown, CSV, W3C JSON), JSON import and the ``annotations``/``words`` commands."""

import csv
import json

import pytest

from reader.cli import main
from reader.errors import ExportError, InputError
from reader.library import Library

ZH = "钱塘区组建临时党支部。党员们积极开展工作。\n隔离点成为首个双支部管理样本。"
EN = "Qiantang set up a temporary party branch. The party members work actively.\nThe isolation point became a model."


@pytest.fixture
def lib(tmp_path):
    library = Library(tmp_path / "db.sqlite3")
    yield library
    library.close()


@pytest.fixture
def noted(lib):
    view = lib.open_text(ZH, EN, title="钱塘")
    i = ZH.index("党员们")
    a = lib.add_annotation(view.id, "zh", i, i + 3, note="**members**, with a comma", tags=["people", "词"], color="red")
    j = EN.index("isolation point")
    b = lib.add_annotation(view.id, "en", j, j + len("isolation point"))
    c = lib.add_annotation(view.id, "zh", 0, 3, note="deleted")
    lib.delete_annotation(c.uuid)
    return view, a, b


def test_markdown_has_quote_partner_and_note(lib, noted, tmp_path):
    view, a, b = noted
    path = lib.export_annotations("md", tmp_path / "out" / "notes.md")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# 钱塘\n")
    assert "> 党员们" in text and "*The party members work actively.*" in text  # partner sentence
    assert "**members**, with a comma" in text and "#people #词" in text
    assert "> isolation point" in text and "隔离点成为首个双支部管理样本。" in text
    assert "deleted" not in text


def test_markdown_one_file_per_article(lib, noted, tmp_path):
    lib.open_text("第二篇文章。", title="第二篇")
    folder = tmp_path / "md"
    folder.mkdir()
    lib.export_annotations("md", folder)
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 2 and names[0].endswith("钱塘.md") and "_No annotations._" in (folder / names[1]).read_text()


def test_csv(lib, noted, tmp_path):
    view, a, b = noted
    path = lib.export_annotations("csv", tmp_path / "notes.csv", article_id=view.id)
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    assert [r["uuid"] for r in rows] == [a.uuid, b.uuid]
    assert rows[0]["quote"] == "党员们" and rows[0]["note"] == a.note and rows[0]["tags"] == "people 词"
    assert rows[0]["partner"] == "The party members work actively." and rows[0]["article_title"] == "钱塘"
    assert (int(rows[1]["start"]), int(rows[1]["end"])) == (b.start, b.end) and rows[1]["side"] == "en"


def test_w3c_json_round_trip_creates_no_duplicates(lib, noted, tmp_path):
    view, a, b = noted
    path = lib.export_annotations("json", tmp_path / "notes.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["type"] == "AnnotationCollection" and data["total"] == 2
    item = data["first"]["items"][0]
    assert item["id"] == f"urn:uuid:{a.uuid}" and item["type"] == "Annotation"
    selectors = {s["type"]: s for s in item["target"]["selector"]}
    assert selectors["TextQuoteSelector"]["exact"] == "党员们"
    assert selectors["TextQuoteSelector"]["prefix"].endswith("临时党支部。")
    assert (selectors["TextPositionSelector"]["start"], selectors["TextPositionSelector"]["end"]) == (a.start, a.end)
    assert {"type": "TextualBody", "value": "people", "purpose": "tagging"} in item["body"]

    assert lib.import_annotations(path) == 0  # everything is already there
    assert len(lib.annotations(include_deleted=True)) == 3

    # into another library holding the same article: all come back, once
    other = Library(tmp_path / "other.sqlite3")
    try:
        other.open_text(ZH, EN, title="钱塘")
        assert other.import_annotations(path) == 2
        assert other.import_annotations(path) == 0
        back = {x.uuid: x for x in other.annotations()}
        assert set(back) == {a.uuid, b.uuid}
        for orig in (a, b):
            got = back[orig.uuid]
            assert (got.side, got.start, got.end, got.quote, got.note, got.tags, got.color, got.status) == (
                orig.side, orig.start, orig.end, orig.quote, orig.note, orig.tags, orig.color, "exact")
    finally:
        other.close()


def test_import_skips_unknown_articles_and_bad_items(lib, noted, tmp_path):
    path = lib.export_annotations("json", tmp_path / "notes.json")
    other = Library(tmp_path / "empty.sqlite3")
    try:
        assert other.import_annotations(path) == 0
        assert any("not in the library" in n for n in other.notices)
    finally:
        other.close()
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError):
        lib.import_annotations(bad)
    bad.write_text('{"type": "Something"}', encoding="utf-8")
    with pytest.raises(InputError):
        lib.import_annotations(bad)
    bad.write_text('[{"type": "Annotation", "id": "x"}, 5]', encoding="utf-8")
    assert lib.import_annotations(bad) == 0
    with pytest.raises(InputError):
        lib.import_annotations(tmp_path / "missing.json")


def test_export_errors(lib, noted, tmp_path):
    with pytest.raises(ExportError):
        lib.export_annotations("pdf", tmp_path / "x.pdf")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError):
        lib.export_annotations("csv", blocker / "x.csv")
    with pytest.raises(InputError):
        lib.export_annotations("csv", tmp_path / "x.csv", article_id=999)


# -- command line ------------------------------------------------------------


@pytest.fixture
def db(tmp_path, noted, lib):
    view = noted[0]
    token = next(t for t in lib.article(view.id).zh.tokens if t.text == "党员")
    lib.save_word(view.id, token.start, token.end, status="learning")
    return str(tmp_path / "db.sqlite3")


@pytest.mark.parametrize("before", [True, False])
def test_cli_annotations_list(db, noted, capsys, before):
    argv = ["--db", db, "annotations", "list", "--json"] if before else ["annotations", "list", "--json", "--db", db]
    assert main(argv) == 0
    out, err = capsys.readouterr()
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["uuid"] for r in records] == [noted[1].uuid, noted[2].uuid]
    assert records[0]["article_title"] == "钱塘" and records[0]["tags"] == ["people", "词"]


def test_cli_plain_list_and_env(db, noted, capsys, monkeypatch):
    monkeypatch.setenv("DUIZHAO_DB", db)
    assert main(["annotations", "list"]) == 0
    out = capsys.readouterr().out
    assert "党员们" in out and "#people" in out and len(out.splitlines()) == 2
    assert main(["words", "list"]) == 0
    assert "党员" in capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
def test_cli_export(db, tmp_path, capsys, fmt):
    out = tmp_path / f"export.{fmt}"
    assert main(["annotations", "export", "--format", fmt, "-o", str(out), "--db", db]) == 0
    assert out.exists() and "党员们" in out.read_text(encoding="utf-8")
    assert capsys.readouterr().out.strip() == str(out)


def test_cli_words_list_json(db, capsys):
    assert main(["--db", db, "words", "list", "--json", "--status", "learning"]) == 0
    (record,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert record["simplified"] == "党员" and record["status"] == "learning" and record["sentence_en"]
    assert main(["--db", db, "words", "list", "--status", "known"]) == 0
    assert capsys.readouterr().out == ""


def test_cli_errors_are_one_line(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["annotations", "list", "--db", str(blocker / "db.sqlite3")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("duizhao: error: ") and len(err.strip().splitlines()) == 1
    assert main(["annotations", "export", "--format", "csv", "-o", str(blocker / "x.csv"),
                 "--db", str(tmp_path / "db.sqlite3")]) == 2
    assert "duizhao: error: cannot write" in capsys.readouterr().err
