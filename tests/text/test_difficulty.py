"""% known (running words), the ignored tokens, HSK profile, difficulty, new words, one-unknown sentences."""

import pytest

from reader.text import difficulty
from reader.text.analysis import analyze
from reader.text.dictionary import get_dictionary

TEXT = "我们学习汉语，我们喜欢汉语。他有3本书和一个iPad。党员曲玉国说：好。"


@pytest.fixture(scope="module")
def zh():
    return analyze(TEXT)


def _hsk3(word):
    return get_dictionary().hsk_levels(word)[1]


def test_names_numbers_latin_and_punctuation_are_not_counted(zh):
    words = difficulty.article_words(zh)
    assert "曲玉国" not in words.counts and "3" not in words.counts and "iPad" not in words.counts
    assert words.counts["我们"] == 2 and words.counts["汉语"] == 2
    assert words.auto_ignored == 3  # 3, iPad, 曲玉国 (punctuation is no word at all)
    assert sum(words.counts.values()) == 16
    name = next(t for t in zh.tokens if t.text == "曲玉国")
    assert difficulty.token_status(zh, name, {"曲玉国": "known"}) == "ignored"


def test_percent_known_counts_running_words_not_types(zh):
    statuses = {"我们": "known", "汉语": "known", "学习": "learning", "好": "ignored"}
    stats = difficulty.article_stats(zh, statuses, {}, _hsk3)
    # 16 running words, 好 ignored by the user: 15 counted; 我们 ×2 + 汉语 ×2 known
    assert (stats.running_words, stats.known, stats.learning, stats.new) == (15, 4, 1, 10)
    assert stats.known_ratio == pytest.approx(4 / 15)
    assert stats.ignored == 1 + 3
    assert stats.unknown_words == 11 and stats.new_words == 10  # types: 学习 + ten new
    assert sum(stats.hsk_profile.values()) == 15
    assert stats.label == "hard"
    assert difficulty.known_ratio(zh, {"我们", "汉语"}, {"好"}) == pytest.approx(4 / 15)


def test_labels_follow_the_coverage_thresholds(zh):
    words = difficulty.article_words(zh).counts
    everything = dict.fromkeys(words, "known")
    assert difficulty.article_stats(zh, everything, {}, _hsk3).label == "easy"
    one_out = dict(everything, 喜欢="new")  # 14 of 15 known: 93 %
    stats = difficulty.article_stats(zh, dict(one_out, 好="ignored"), {}, _hsk3)
    assert stats.known_ratio == pytest.approx(14 / 15) and stats.label == "hard"
    assert difficulty.article_stats(analyze("。"), {}, {}, _hsk3).known_ratio is None


def test_difficulty_is_the_vocabulary_covering_95_percent(zh):
    words = list(difficulty.article_words(zh).counts)
    ranks = {w: i for i, w in enumerate(words, 1)}
    stats = difficulty.article_stats(zh, {}, ranks, _hsk3)
    assert stats.rank_95 == len(words)  # 95 % of 16 needs all but the last word; all words have count ≥ 1
    easy = analyze("我们我们我们我们我们我们我们我们我们我们我们我们我们我们我们我们我们我们我们好")
    assert difficulty.article_stats(easy, {}, {"我们": 1, "好": 2}, _hsk3).rank_95 == 1
    assert difficulty.article_stats(easy, {}, {"我们": 1, "好": 2}, _hsk3).hsk_95 == 1


def test_new_words_by_frequency_rank(zh):
    listed = difficulty.new_words(zh, {"我们": "known"}, {"汉语": 900, "喜欢": 300}, get_dictionary().hsk_levels)
    assert [w.word for w in listed[:2]] == ["喜欢", "汉语"]
    assert listed[1].count == 2 and listed[1].rank == 900 and listed[1].hsk3 is not None
    assert all(w.rank is None for w in listed[2:]) and "我们" not in [w.word for w in listed]


def test_sentences_with_exactly_one_unknown_word(zh):
    known = {w: "known" for w in difficulty.article_words(zh).counts}
    statuses = dict(known, 汉语="learning", 书="new", 本="new")
    # sentence 0: only 汉语 unknown (twice: one word); 1: 本 and 书; 2: none unknown (the name is ignored)
    assert difficulty.one_unknown_sentences(zh, statuses) == [(0, "汉语")]


def test_the_rest_of_the_article_is_every_word_still_new(zh):
    rest = difficulty.rest_of_article(zh, {"我们": "known", "学习": "learning", "好": "ignored"})
    assert set(rest) == set(difficulty.article_words(zh).counts) - {"我们", "学习", "好"}


def test_words_are_counted_once_per_text(zh):
    assert difficulty.article_words(zh) is difficulty.article_words(zh)
    assert difficulty.article_words(analyze(TEXT)) == difficulty.article_words(zh)


def test_traditional_text_counts_its_simplified_words():
    words = difficulty.article_words(analyze("我們學習漢語，我們喜歡漢語。"))
    assert words.counts == {"我们": 2, "学习": 1, "汉语": 2, "喜欢": 1}
