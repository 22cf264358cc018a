"""How hard an article is for this reader: the words it counts, % known, HSK profile, difficulty.

What counts: *running words* (tokens, not types) that are Han words.  Names
(rjieba's personal names), numbers, Latin words, punctuation and spaces are
ignored automatically — they are not vocabulary to learn — and so are words
the user marked "ignored"; none of them is in the denominator of % known.

A word's status comes from the store (reader.store.learner): absent means
"new".  "Unknown" is new or learning (not yet known); the "new words" list
holds the ones still "new".

Estimated difficulty (independent of the reader, comparable between articles):

* ``rank_95``: how many of the most frequent words (resources/frequency) a
  reader needs to cover 95 % of the running words — the coverage at which a
  text can be read with some help (Hu & Nation 2000; 98 % for ease).  Words
  beyond the list count as rank 50,001.
* ``hsk_95``: the lowest HSK 3.0 level (1-6, 7 = the 7-9 band) whose words cover
  95 %; 8 when even 7-9 does not (much vocabulary beyond HSK).

And for this reader, ``label``: "easy" from 98 % known, "readable" from 95 %,
"hard" below (the same thresholds).

Cheap on a large article: the words of an analysed text are counted once per
text (:func:`article_words`, kept for a few texts; a reopened article's counts
are read from the store instead, :func:`words_from_counts`), then every figure
is a pass over its distinct words with set and dict look-ups.
"""

from __future__ import annotations

import threading
import weakref
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from reader.text.analysis import AnalyzedText
from reader.text.segment import Token

#: Coverage thresholds (share of running words known): easy / readable with help.
EASY, READABLE = 0.98, 0.95
#: The rank given to a word beyond the frequency list, for rank_95.
BEYOND_LIST = 50_001
#: HSK 3.0 level meaning "not in the HSK lists" in the profile and hsk_95.
BEYOND_HSK = 8

_KEPT = 8


def counts_as_word(token: Token) -> bool:
    """True for a token that is vocabulary: Han, not a personal name (others are ignored automatically)."""
    return token.kind == "han" and not token.name


def word_key(zh: AnalyzedText, token: Token) -> str:
    """The word a token is, as statuses and lists know it: its simplified form."""
    return zh.base[token.start : token.end]


def token_status(zh: AnalyzedText, token: Token, statuses: Mapping[str, str]) -> str:
    """The status of one token: "ignored" for names, numbers, Latin, punctuation; else its word's."""
    if not counts_as_word(token):
        return "ignored"
    return statuses.get(word_key(zh, token), "new")


@dataclass(frozen=True)
class ArticleWords:
    """The vocabulary of one analysed text, counted once."""

    counts: dict[str, int]  # running words per word
    auto_ignored: int  # tokens ignored automatically (names, numbers, Latin; not punctuation or spaces)
    owner: AnalyzedText = field(repr=False, compare=False)

    @cached_property
    def sentences(self) -> tuple[tuple[str, ...], ...]:
        """Each sentence's distinct words in order of appearance (only the study list needs them)."""
        base, tokens = self.owner.base, self.owner.tokens
        out = []
        for sentence in self.owner.sentences:
            seen = {base[t.start : t.end]: None for t in tokens[sentence.first_token : sentence.last_token]
                    if t.kind == "han" and not t.name}
            out.append(tuple(seen))
        return tuple(out)


_cache: dict[int, tuple[weakref.ref, ArticleWords]] = {}
_cache_lock = threading.Lock()


def article_words(zh: AnalyzedText) -> ArticleWords:
    """The words of ``zh`` (computed once per analysed text; a few texts are kept)."""
    with _cache_lock:
        hit = _cache.get(id(zh))
        if hit is not None and hit[0]() is zh:
            return hit[1]
    # a 1 MB article has 190k tokens: comprehensions over tuple fields (a Token is a NamedTuple:
    # text, start, end, kind, name), no call per token; simplified text is its own base
    tokens = zh.tokens
    if zh.traditional:
        base = zh.base
        counted = [base[t[1] : t[2]] for t in tokens if t[3] == "han" and not t[4]]
    else:
        counted = [t[0] for t in tokens if t[3] == "han" and not t[4]]
    kinds = Counter([t[3] for t in tokens])
    auto = kinds["number"] + kinds["latin"] + kinds["han"] - len(counted)  # names are Han tokens not counted
    return _keep(ArticleWords(dict(Counter(counted)), auto, zh))


def words_from_counts(zh: AnalyzedText, counts: dict[str, int], auto_ignored: int) -> ArticleWords:
    """The words of ``zh`` from counts made earlier (stored with the article), kept as :func:`article_words` keeps
    its own: a reopened article's figures need no pass over its tokens (~40 ms a MB).

    The caller vouches that the counts are those of ``zh`` (reader.learning checks the analysis they came from).
    """
    return _keep(ArticleWords(counts, auto_ignored, zh))


def _keep(words: ArticleWords) -> ArticleWords:
    zh = words.owner
    with _cache_lock:
        for key in [k for k, (ref, _w) in _cache.items() if ref() is None]:
            del _cache[key]
        _cache.pop(id(zh), None)
        while len(_cache) >= _KEPT:
            del _cache[next(iter(_cache))]
        _cache[id(zh)] = (weakref.ref(zh), words)
    return words


@dataclass(frozen=True)
class NewWord:
    """A word of the article still "new" to the reader."""

    word: str
    count: int  # running words in the article
    rank: int | None  # frequency rank (1: most frequent), None beyond the list
    hsk2: int | None
    hsk3: int | None


@dataclass(frozen=True)
class ArticleStats:
    """The figures of one article for one reader (see the module docstring for the definitions)."""

    running_words: int  # the denominator: Han words, not names, not ignored
    known: int  # running words known
    learning: int
    new: int
    ignored: int  # running words ignored (automatically or by the user), outside the denominator
    known_ratio: float | None  # known / running_words; None for a text without words
    unknown_words: int  # distinct words new or learning
    new_words: int  # distinct words new
    hsk_profile: dict[str, int]  # running words per HSK 3.0 level: "1".."6", "7-9", "beyond"
    rank_95: int | None  # frequency words needed to cover 95 % of the running words
    hsk_95: int | None  # HSK 3.0 level (7: the 7-9 band, 8: beyond) whose words cover 95 %
    label: str  # "easy" | "readable" | "hard" | "" (no words)

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def _level_name(level: int | None) -> str:
    if level is None:
        return "beyond"
    return "7-9" if level >= 7 else str(level)


def _at_coverage(pairs: list[tuple[int, int]], total: int, share: float) -> int | None:
    """The smallest key whose words, with all smaller keys, cover ``share`` of ``total``."""
    if not total:
        return None
    need = share * total
    covered = 0
    for key, count in sorted(pairs):
        covered += count
        if covered >= need - 1e-9:
            return key
    return None


def article_stats(zh: AnalyzedText, statuses: Mapping[str, str], ranks: Mapping[str, int],
                  hsk3: Callable[[str], int | None]) -> ArticleStats:
    """% known, unknown words, HSK profile and difficulty of ``zh`` for a reader with ``statuses``."""
    words = article_words(zh)
    return counts_stats(words.counts, statuses, ranks, hsk3, words.auto_ignored)


def counts_stats(counts: Mapping[str, int], statuses: Mapping[str, str], ranks: Mapping[str, int],
                 hsk3: Callable[[str], int | None], auto_ignored: int = 0) -> ArticleStats:
    """The figures of :func:`article_stats` from running words per word (the library view's stored counts)."""
    known = learning = new = ignored = 0
    unknown_types = new_types = 0
    profile = dict.fromkeys(("1", "2", "3", "4", "5", "6", "7-9", "beyond"), 0)
    by_rank: list[tuple[int, int]] = []
    by_level: list[tuple[int, int]] = []
    get = statuses.get
    for word, count in counts.items():
        status = get(word, "new")
        if status == "ignored":
            ignored += count
            continue
        if status == "known":
            known += count
        else:
            unknown_types += 1
            if status == "learning":
                learning += count
            else:
                new += count
                new_types += 1
        level = hsk3(word)
        profile[_level_name(level)] += count
        by_level.append((level or BEYOND_HSK, count))
        by_rank.append((ranks.get(word, BEYOND_LIST), count))
    total = known + learning + new
    ratio = known / total if total else None
    label = "" if ratio is None else "easy" if ratio >= EASY else "readable" if ratio >= READABLE else "hard"
    return ArticleStats(
        running_words=total, known=known, learning=learning, new=new, ignored=ignored + auto_ignored,
        known_ratio=ratio, unknown_words=unknown_types, new_words=new_types, hsk_profile=profile,
        rank_95=_at_coverage(by_rank, total, READABLE), hsk_95=_at_coverage(by_level, total, READABLE), label=label,
    )


def known_ratio(zh: AnalyzedText, known: frozenset[str] | set[str], ignored: frozenset[str] | set[str] = frozenset()) -> float | None:
    """Only % known (running words): the cheapest figure, for a header that needs nothing else."""
    total = hit = 0
    for word, count in article_words(zh).counts.items():
        if word in ignored:
            continue
        total += count
        if word in known:
            hit += count
    return hit / total if total else None


def new_words(zh: AnalyzedText, statuses: Mapping[str, str], ranks: Mapping[str, int],
              hsk_levels: Callable[[str], tuple[int | None, int | None]]) -> list[NewWord]:
    """The words of ``zh`` still "new", most frequent in the language first (unranked last, by count)."""
    out = []
    for word, count in article_words(zh).counts.items():
        if statuses.get(word, "new") != "new":
            continue
        hsk2, hsk3 = hsk_levels(word)
        out.append(NewWord(word, count, ranks.get(word), hsk2, hsk3))
    out.sort(key=lambda w: (w.rank is None, w.rank or 0, -w.count, w.word))
    return out


def one_unknown_sentences(zh: AnalyzedText, statuses: Mapping[str, str]) -> list[tuple[int, str]]:
    """``(sentence index, word)`` of every sentence with exactly one unknown (new or learning) word.

    The best sentences to study: everything else in them is known (or
    ignored).  A word repeated in the sentence is still one word.
    """
    out = []
    for index, sentence_words in enumerate(article_words(zh).sentences):
        unknown = [w for w in sentence_words if statuses.get(w, "new") in ("new", "learning")]
        if len(unknown) == 1:
            out.append((index, unknown[0]))
    return out


def rest_of_article(zh: AnalyzedText, statuses: Mapping[str, str]) -> list[str]:
    """The words of ``zh`` still "new": what "mark the rest of this article known" marks.

    Words being learned stay "learning"; ignored ones stay ignored.
    """
    return [w for w in article_words(zh).counts if statuses.get(w, "new") == "new"]
