"""Shared fixtures: the seed texts, from the copies in tests/fixtures (a fresh clone has nothing else)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "seed"


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    """The hand-made gold alignment of the seed pair."""
    return json.loads((SEED / "seed-gold-alignment.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_zh_body(seed_gold) -> str:
    """The Chinese article body of the seed (its sentences, without line breaks)."""
    return "".join(pair["zh"] for pair in seed_gold["pairs"])


@pytest.fixture
def isolated_env(tmp_path, monkeypatch):
    """A private database path for code that uses the default locations."""
    monkeypatch.setenv("DUIZHAO_DB", str(tmp_path / "duizhao.sqlite3"))
    return tmp_path


def long_seed_page(folder: Path, name: str = "long-zh.txt", encoding: str = "utf-8", newline: str = "\n",
                   repeats: int = 110) -> Path:
    """The scraped seed page (navigation, dateline, body, source line, footer), its body repeated (~400 KB)."""
    lines = (SEED / "qiantang-zh.txt").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if "2022年02月04日" in line) + 1
    end = next(i for i, line in enumerate(lines) if line.startswith("来源:"))
    body = [line for line in lines[start:end] if line.strip()]
    repeated = []
    for n in range(repeats):
        repeated += [f"（第{n + 1}遍）{line.strip()}" for line in body] + [""]
    path = folder / name
    path.write_bytes(newline.join(lines[:start] + [""] + repeated + lines[end:]).encode(encoding))
    return path
