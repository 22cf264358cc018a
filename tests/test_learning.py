"""The learner loop through the facade, on the seed: statuses, undo, seeding, figures, popup senses."""

import shutil
from pathlib import Path

import pytest

from reader.errors import InputError
from reader.library import Library
from reader.text import difficulty

SEED = Path(__file__).resolve().parent / "fixtures" / "seed"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("learning")
    for name in ("qiantang-zh.txt", "qiantang-en.txt"):
        shutil.copy(SEED / name, folder / name)
    with Library(folder / "db.sqlite3") as lib:
        article_id = lib.open_article(folder / "qiantang-zh.txt", folder / "qiantang-en.txt").id
    return folder, article_id


@pytest.fixture
def lib(template, tmp_path):
    shutil.copy(template[0] / "db.sqlite3", tmp_path / "db.sqlite3")
    with Library(tmp_path / "db.sqlite3") as library:
        yield library


@pytest.fixture
def article(template):
    return template[1]


def test_a_new_reader_knows_nothing_and_the_figures_add_up(lib, article):
    stats = lib.article_stats(article)
    assert stats.known == 0 and stats.known_ratio == 0.0 and stats.label == "hard"
    assert stats.running_words == stats.new == sum(stats.hsk_profile.values())
    assert stats.new_words == stats.unknown_words == len(lib.article_new_words(article))
    zh = lib.article(article).zh
    counted = [t for t in zh.tokens if t.kind == "han" and not t.name]
    assert stats.running_words == len(counted)  # running words: every token, repeats included


def test_seeding_hsk_raises_percent_known_by_the_running_words_of_those_levels(lib, article):
    from reader.text.wordlists import hsk_words

    zh = lib.article(article).zh
    level_3 = set(hsk_words(3))
    expected = sum(1 for t in zh.tokens if t.kind == "han" and not t.name and zh.base[t.start:t.end] in level_3)
    changes = lib.seed_known(hsk=3)
    assert len(changes) == len(level_3)
    stats = lib.article_stats(article)
    assert stats.known == expected and stats.known_ratio == pytest.approx(expected / stats.running_words)
    info = next(i for i in lib.articles() if i.id == article)
    assert info.known_ratio == pytest.approx(stats.known_ratio)  # the library view agrees
    lib.undo_statuses(changes)
    assert lib.article_stats(article).known == 0


def test_seeding_keeps_what_the_reader_said(lib, article):
    lib.set_word_statuses({"我们": "learning"})
    lib.seed_known(top=1000)
    assert lib.word_statuses()["我们"] == "learning"
    with pytest.raises(InputError, match="exactly one"):
        lib.seed_known(top=10, hsk=1)


def test_mark_the_rest_known_and_undo(lib, article):
    lib.set_word_statuses({"支部": "learning", "隔离": "ignored"})
    before = lib.word_statuses()
    stats = lib.article_stats(article)
    changes = lib.mark_rest_known(article)
    assert len(changes) == stats.new_words - 0  # every word still new, nothing else
    assert all(b == "new" and a == "known" for b, a in changes.changed.values())
    after = lib.article_stats(article)
    assert after.new == 0 and after.learning > 0 and after.known_ratio < 1.0  # 支部 is still being learned
    lib.undo_statuses(changes)
    assert lib.word_statuses() == before


def test_sentences_with_one_unknown_word_carry_their_english(lib, article):
    view = lib.article(article)
    words = difficulty.article_words(view.zh)
    lib.set_word_statuses(dict.fromkeys(words.counts, "known"))
    sentence = view.zh.sentences[3]
    target = words.sentences[3][0]
    lib.set_word_statuses({target: "new"})
    study = [s for s in lib.study_sentences(article) if s.index == 3]
    assert len(study) == 1 and study[0].word == target and study[0].text == sentence.text
    pair = view.pairs[view.pair_of_zh[3]]
    assert study[0].english and study[0].english.startswith(view.en_text[view.en_sentences[pair.en[0]][0]:][:20])
    # every listed sentence has exactly one word not known
    statuses = lib.word_statuses()
    for s in lib.study_sentences(article):
        assert [w for w in words.sentences[s.index] if statuses.get(w, "new") != "known"] == [s.word]


def test_the_popup_puts_branch_first_for_zhibu(lib, article):
    view = lib.article(article)
    pos = view.zh.text.index("临时党支部") + 3
    info = lib.word_info(article, pos)
    assert info.word == "支部" and info.status == "new"
    assert info.matched is not None and info.matched.english.lower() == "branch" and info.matched.linked
    assert "branch" in info.entries[0].senses[0]
    assert info.rank is not None and info.rank > 1000
    lib.set_word_statuses({"支部": "known"})
    assert lib.word_info(article, pos).status == "known"


def test_a_name_is_ignored_in_the_popup(lib, article):
    view = lib.article(article)
    pos = view.zh.text.index("曲玉国")
    token = view.zh.token_at(pos)
    if not token.name:
        pytest.skip("the segmenter did not find this name")
    assert lib.word_info(article, pos).status == "ignored"


def test_words_exported_by_duizhao_come_back_from_the_apkg(lib, article, tmp_path):
    pytest.importorskip("anki.collection")
    view = lib.article(article)
    start = view.zh.text.index("支部")
    lib.save_word(article, start, start + 2, status="known")
    start = view.zh.text.index("隔离")
    lib.save_word(article, start, start + 2)
    apkg = tmp_path / "words.apkg"
    lib.export_anki(apkg, sentences=False, passages=False)
    other = Library(tmp_path / "other.sqlite3")
    try:
        changes = other.seed_known(anki=apkg)  # a package without reviews: every word
        assert set(changes.changed) == {"支部", "隔离"}
        assert other.known_words() == frozenset({"支部", "隔离"})
    finally:
        other.close()


def _vocab(lib, article):
    import json

    return json.loads(lib._store.article_row(article).vocab)


def _set_vocab(lib, article, vocab):
    import json

    lib._store.update_article(article, vocab=json.dumps(vocab, ensure_ascii=False))


def test_the_figures_come_from_the_counts_stored_with_the_analysis_they_were_counted_from(lib, article):
    zh = lib.article(article).zh
    walked = difficulty.article_words(zh)
    assert _vocab(lib, article) == walked.counts  # flat, as every version reads it
    made = lib._store.get_setting(f"vocab_of:{article}")
    assert made["analysis"] == lib._store.analysis(article)[0] and made["auto_ignored"] == walked.auto_ignored
    from reader.text import frequency, wordlists

    # each word's rank and HSK 3.0 level stored beside its count (0: none), in the same order
    assert made["ranks"] == [frequency.rank(w) or 0 for w in walked.counts]
    assert made["hsk3"] == [wordlists.hsk_levels("3.0").get(w, 0) for w in walked.counts]
    lib.seed_known(hsk=2)
    stats = lib.article_stats(article)
    difficulty._cache.clear()
    assert stats == difficulty.article_stats(zh, lib.word_statuses(), frequency.ranks(), wordlists.hsk_levels("3.0").get)
    # the stored ranks are the ones used while the frequency list is the same, the list's own after it changed
    lib._store.set_setting(f"vocab_of:{article}", {**made, "ranks": [1] * len(walked.counts)})
    assert lib.article_stats(article).rank_95 == 1
    lib._store.set_setting(f"vocab_of:{article}", {**made, "ranks": [1] * len(walked.counts), "frequency": "other"})
    assert lib.article_stats(article).rank_95 == stats.rank_95
    # the stored counts are what is read (no pass over the tokens): changed ones show
    _set_vocab(lib, article, {"支部": 7})
    lib._store.set_setting(f"vocab_of:{article}", {**made, "auto_ignored": 2})
    difficulty._cache.clear()
    changed = lib.article_stats(article)
    assert changed.running_words == 7 and changed.ignored == 2


@pytest.mark.parametrize("stale", ["another analysis", "no record", "an older version's"])
def test_counts_not_from_the_stored_analysis_are_not_used(lib, article, stale):
    zh = lib.article(article).zh
    _set_vocab(lib, article, {"支部": 7})
    if stale == "another analysis":  # e.g. analysed again after a dictionary update
        lib._store.set_setting(f"vocab_of:{article}", {"analysis": "0" * 64, "auto_ignored": 0})
    elif stale == "no record":
        lib._store.set_setting(f"vocab_of:{article}", None)
    else:  # a development build's form
        _set_vocab(lib, article, {"counts": {"支部": 7}, "analysis": lib._store.analysis(article)[0]})
        lib._store.set_setting(f"vocab_of:{article}", None)
    difficulty._cache.clear()
    stats = lib.article_stats(article)
    assert stats.running_words == sum(1 for t in zh.tokens if t.kind == "han" and not t.name)
    info = next(i for i in lib.articles() if i.id == article)
    assert info.known_ratio == 0.0  # the library list reads either form


def test_the_library_list_reads_the_stored_counts(lib, article):
    stats = lib.article_stats(article)
    lib.seed_known(hsk=3)
    figures = lib.article_figures()[article]
    assert figures.running_words == stats.running_words
    assert figures.known_ratio == pytest.approx(next(i for i in lib.articles() if i.id == article).known_ratio)


def test_a_reopened_articles_figures_read_neither_the_frequency_list_nor_the_hsk_table(lib, article, tmp_path):
    import subprocess
    import sys

    lib.seed_known(hsk=2)
    expected = lib.article_stats(article)
    lib.close()
    code = (
        "import sys; from reader.library import Library; from reader.text import frequency\n"
        "from reader.text.dictionary import get_dictionary\n"
        f"lib = Library({str(tmp_path / 'db.sqlite3')!r}); lib.article({article})\n"
        f"s = lib.article_stats({article})\n"
        "print(s.known, s.running_words, s.rank_95, s.hsk_95, frequency._words.cache_info().currsize,\n"
        "      get_dictionary()._hsk is None, 'reader.text.wordlists' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         cwd=Path(__file__).resolve().parent.parent)
    assert out.returncode == 0, out.stderr[-2000:]
    known, running, rank_95, hsk_95, lists_read, no_hsk_table, wordlists = out.stdout.split()
    assert (int(known), int(running), int(rank_95), int(hsk_95)) == (expected.known, expected.running_words,
                                                                      expected.rank_95, expected.hsk_95)
    assert (lists_read, no_hsk_table, wordlists) == ("0", "True", "False")
