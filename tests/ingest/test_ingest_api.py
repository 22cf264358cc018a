"""The public surface others code against."""

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

import reader.ingest as ingest
from reader.ingest import Extracted, load_article

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED = FIXTURES / "seed"


def test_public_names():
    for name in ("load_article", "load_english", "find_english_sibling", "Extracted", "NORMALIZER_VERSION",
                 "normalize_text"):
        assert hasattr(ingest, name)
    fields = [f.name for f in dataclasses.fields(Extracted)]
    assert fields == ["title", "date", "author", "site", "source_url", "encoding", "zh", "en", "pairs", "path",
                      "en_path", "en_title", "normalizer_version"]


def test_extracted_is_immutable():
    article = load_article(SEED / "qiantang-en.txt")
    with pytest.raises(dataclasses.FrozenInstanceError):
        article.title = "x"
    assert isinstance(article.zh, tuple) and isinstance(article.en, tuple) and isinstance(article.pairs, tuple)


def test_core_never_imports_qt():
    code = ("import sys, reader.ingest, reader.cli.extract; "
            "from reader.ingest import load_article; load_article(sys.argv[1]); "
            "print(any(m.startswith('PySide6') for m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code, str(SEED / "qiantang-zh.html")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_explicit_english_replaces_a_bilingual_pages_own_side():
    article = load_article(SEED / "qiantang-bilingual.html", english=SEED / "qiantang-en.txt")
    assert len(article.zh) == 21
    assert len(article.en) == 1 and article.pairs == ()
    assert article.en_path == str(SEED / "qiantang-en.txt")


def test_bilingual_page_does_not_look_for_a_sibling(tmp_path):
    page = tmp_path / "story.html"
    page.write_bytes((SEED / "qiantang-bilingual.html").read_bytes())
    (tmp_path / "story-en.txt").write_text("Other\n\nSomething else entirely, as a sentence.\n", encoding="utf-8")
    article = load_article(page)
    assert article.en_path is None and len(article.en) == 21
