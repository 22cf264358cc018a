"""The seed article: all 21 gold body pairs, from the real files, in both scripts."""

from __future__ import annotations

import pytest

from reader.align import align_texts
from reader.ingest import load_article
from tests.conftest import SEED


@pytest.fixture(scope="module")
def article():
    return load_article(SEED / "qiantang-zh.txt", english=SEED / "qiantang-en.txt")


def pairs_of(zh: str, en: str) -> list[tuple[str, str]]:
    return [(zh[p.zh[0] : p.zh[1]], en[p.en[0] : p.en[1]]) for p in align_texts(zh, en)]


def test_every_gold_pair_is_found(article, seed_gold):
    zh = "\n".join(article.zh)
    en = "\n".join(article.en)
    got = pairs_of(zh, en)
    gold = [(p["zh"], p["en"]) for p in seed_gold["pairs"]]
    missing = [g for g in gold if g not in got]
    assert not missing
    assert len(got) == len(gold)


def test_title_pair(seed_gold):
    title = seed_gold["title"]
    assert pairs_of(title["zh"], title["en"]) == [(title["zh"], title["en"])]


def test_traditional_script_gives_the_same_pairs(article, seed_gold):
    from reader.text.script import to_traditional

    zh = "\n".join(article.zh)
    en = "\n".join(article.en)
    trad = to_traditional(zh)
    assert trad != zh and len(trad) == len(zh)
    simple_spans = [(p.zh, p.en) for p in align_texts(zh, en)]
    trad_spans = [(p.zh, p.en) for p in align_texts(trad, en)]
    assert trad_spans == simple_spans


def test_gold_pairs_are_confident(article):
    zh = "\n".join(article.zh)
    en = "\n".join(article.en)
    pairs = align_texts(zh, en)
    weak = [zh[p.zh[0] : p.zh[1]] for p in pairs if p.confidence < 0.5]
    assert len(weak) <= 2, weak


def test_sentence_lists_cut_by_the_text_core_give_the_gold_spans(article, seed_gold):
    """The facade's way: Chinese sentences from reader.text, English per line, then ``align``."""
    from reader.align import align, split_english
    from reader.text.sentences import split_paragraphs, split_sentences

    zh = "\n".join(article.zh)
    en = "\n".join(article.en)
    zs = [s for p in split_paragraphs(zh) for s in split_sentences(zh, *p)]
    es = split_english(en)
    beads = align([zh[a:b] for a, b in zs], [en[a:b] for a, b in es])
    got = {
        (zh[zs[b.zh[0]][0] : zs[b.zh[-1]][1]], en[es[b.en[0]][0] : es[b.en[-1]][1]]) for b in beads if b.zh and b.en
    }
    assert all((p["zh"], p["en"]) in got for p in seed_gold["pairs"])
