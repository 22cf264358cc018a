"""The learner loop for :mod:`reader.library`: statuses in an article, seeding, article figures, the popup's senses.

The store keeps the statuses (:mod:`reader.store.learner`), the text core
counts (:mod:`reader.text.difficulty`), the aligner knows which English words
translate a word (:mod:`reader.align.senses`); this module joins them for one
built article (``view``: the facade's ArticleView — its ``zh``, ``pairs``,
``pair_of_zh``, ``en_text`` and ``en_sentences``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reader.errors import DuizhaoError, InputError
from reader.store import learner
from reader.store.learner import StatusChanges
from reader.text import frequency

if TYPE_CHECKING:
    from reader.text import difficulty


@dataclass(frozen=True)
class StudySentence:
    """A sentence with exactly one unknown word, and its English partner."""

    index: int  # zh sentence index
    start: int
    end: int
    text: str
    word: str  # the one unknown word
    english: str  # the aligned English sentence(s), "" when there is none
    word_start: int = -1  # the word's first occurrence in the sentence (article code points)
    word_end: int = -1


@dataclass(frozen=True)
class WordInfo:
    """What the popup shows for one token beyond pinyin: status, rank, HSK, senses in context."""

    word: str
    start: int
    end: int
    status: str
    rank: int | None
    hsk2: int | None
    hsk3: int | None
    entries: tuple  # dictionary entries, the one the English uses first with that sense first
    matched: object | None  # a reader.align.senses.SenseMatch (indices before reordering), or None


def english_of(view, sentence_index: int) -> str:
    """The English aligned with a Chinese sentence ("" when it has no partner)."""
    pair_index = view.pair_of_zh.get(sentence_index)
    if pair_index is None:
        return ""
    pair = view.pairs[pair_index]
    return " ".join(view.en_text[a:b] for a, b in (view.en_sentences[i] for i in pair.en))


def _hsk3(view) -> Callable[[str], int | None]:
    return hsk3_of(view.zh.dictionary)


def hsk3_of(dictionary) -> Callable[[str], int | None]:
    """A word's HSK 3.0 level from the dictionary's own table (read in ~8 ms on first use; the same lists as
    reader.text.wordlists, whose module and full tables the figures need not load: ~80 ms at an article's first
    figures)."""
    levels = dictionary.hsk_levels
    return lambda word: levels(word)[1]


def stats(store, view) -> difficulty.ArticleStats:
    """The article's figures; its words from the counts stored with it when they are its analysis's (no pass
    over the tokens), with their frequency ranks and HSK levels stored beside them (neither the 50k-word list
    nor the HSK table read: ~35 ms at a restart), and the statuses read once while the database is unchanged
    (reader.store.learner)."""
    from reader.text import difficulty

    stored = _stored_counts(store, view.id)
    if stored is None:
        words = difficulty.article_words(view.zh)
        ranks, hsk3 = frequency.ranks(), _hsk3(view)
    else:
        counts, auto, ranks_of, levels_of = stored
        words = difficulty.words_from_counts(view.zh, counts, auto)
        ranks = ranks_of if ranks_of is not None else frequency.ranks()
        hsk3 = levels_of.get if levels_of is not None else _hsk3(view)
    return difficulty.counts_stats(words.counts, learner.statuses(store), ranks, hsk3, words.auto_ignored)


def article_words(store, view) -> difficulty.ArticleWords:
    """The article's words: the stored counts (``article.vocab``, :func:`store_counts`) when they were counted
    from the analysis stored now (the view's), else counted from its tokens."""
    from reader.text import difficulty

    stored = _stored_counts(store, view.id)
    if stored is not None:
        return difficulty.words_from_counts(view.zh, stored[0], stored[1])
    return difficulty.article_words(view.zh)


def _analysis_key(store, article_id: int) -> str | None:
    A = store.m.ArticleAnalysis
    with store.errors():
        return A.select(A.key).where(A.article == article_id).scalar()


def _counted_from(article_id: int) -> str:
    """The setting that says which analysis an article's stored counts were made from (see :func:`store_counts`)."""
    return f"vocab_of:{article_id}"


def _stored_counts(store, article_id: int):
    """(counts, automatically ignored, ranks, HSK 3.0 levels) stored for the article's current analysis, or None
    (none, or stale).  Ranks (levels) are {word: rank} of its ranked words, None when the frequency list (the
    dictionary: part of the analysis's key) changed since."""
    import json

    if store.read_only:
        return None  # an analysis computed now is not stored: the stored one may be another's
    try:
        made = store.get_setting(_counted_from(article_id))
        with store.errors():
            row = store.db.execute_sql("SELECT vocab FROM article WHERE id = ?", (article_id,)).fetchone()
        vocab = json.loads(row[0]) if row and row[0] else None
    except (DuizhaoError, ValueError):
        return None
    if not isinstance(made, dict) or not made.get("analysis") or made["analysis"] != _analysis_key(store, article_id):
        return None  # counted from another analysis (e.g. before a dictionary update), or by an older version
    counts = vocab_counts(vocab)
    if not counts:
        return None
    auto = made.get("auto_ignored")
    ranks = _aligned(counts, made.get("ranks")) if made.get("frequency") == frequency.list_key() else None
    levels = _aligned(counts, made.get("hsk3"))
    return counts, auto if isinstance(auto, int) else 0, ranks, levels


def _aligned(counts: dict, values) -> dict[str, int] | None:
    """{word: value} of the words of ``counts`` with a value (``values``: one per word, in order; 0 for none)."""
    if not isinstance(values, list) or len(values) != len(counts):
        return None
    return {w: v for w, v in zip(counts, values) if v}


def store_counts(store, view) -> None:
    """Store the article's word counts with it: ``article.vocab`` (running words per word, as every version reads
    it), and in a setting the key of the stored analysis they were counted from, the tokens ignored
    automatically and each word's frequency rank and HSK 3.0 level (0: none), so that a reopened article's
    figures need neither its tokens nor the full lists, and counts made from another analysis are never taken
    for this one's."""
    import json

    from reader.text import difficulty

    words = difficulty.article_words(view.zh)
    store.update_article(view.id, vocab=json.dumps(words.counts, ensure_ascii=False))
    key = _analysis_key(store, view.id)
    if key and not store.read_only:
        ranks, hsk3 = frequency.ranks(), _hsk3(view)
        made = {"analysis": key, "auto_ignored": words.auto_ignored, "frequency": frequency.list_key(),
                "ranks": [ranks.get(w, 0) for w in words.counts], "hsk3": [hsk3(w) or 0 for w in words.counts]}
        try:
            store.set_setting(_counted_from(view.id), made)
        except DuizhaoError:
            pass  # a cache: without it the figures count the tokens


def vocab_counts(vocab) -> dict[str, int]:
    """The running words per word of a stored ``article.vocab`` (flat; a "counts" member read too)."""
    counts = vocab.get("counts") if isinstance(vocab, dict) else None
    return counts if isinstance(counts, dict) else vocab if isinstance(vocab, dict) else {}


def new_words(store, view) -> list[difficulty.NewWord]:
    from reader.text import difficulty

    return difficulty.new_words(view.zh, learner.statuses(store), frequency.ranks(), view.zh.dictionary.hsk_levels)


def study_sentences(store, view) -> list[StudySentence]:

    return study_sentences_for(view, learner.statuses(store))


def study_sentences_for(view, statuses: Mapping[str, str]) -> list[StudySentence]:
    """:func:`study_sentences` for statuses already read (the window keeps them)."""
    from reader.text import difficulty

    zh = view.zh
    out = []
    for index, word in difficulty.one_unknown_sentences(zh, statuses):
        s = zh.sentences[index]
        at = next(((t.start, t.end) for t in zh.tokens[s.first_token : s.last_token]
                   if difficulty.counts_as_word(t) and difficulty.word_key(zh, t) == word), (-1, -1))
        out.append(StudySentence(index, s.start, s.end, s.text, word, english_of(view, index), *at))
    return out


def library_stats(store, statuses: Mapping[str, str] | None = None) -> dict:
    """Every article's figures (:class:`difficulty.ArticleStats` by article id) from its stored word counts.

    No article is analysed: the counts were stored when it was opened (an
    article never opened since then has none and is left out).
    """
    import json

    from reader.text import difficulty
    from reader.text.dictionary import get_dictionary

    if statuses is None:
        statuses = learner.statuses(store)
    with store.errors():
        rows = store.db.execute_sql("SELECT id, vocab FROM article").fetchall()
    ranks, hsk3 = frequency.ranks(), hsk3_of(get_dictionary())
    out = {}
    for article_id, vocab in rows:
        try:
            counts = vocab_counts(json.loads(vocab or "{}"))
        except ValueError:
            continue
        if counts:
            out[article_id] = difficulty.counts_stats(counts, statuses, ranks, hsk3)
    return out


def mark_rest_known(store, view) -> StatusChanges:
    """Every word of the article still "new" becomes known, in one change (undo: :func:`learner.restore`)."""
    from reader.text import difficulty

    rest = difficulty.rest_of_article(view.zh, learner.statuses(store))
    return learner.set_statuses(store, dict.fromkeys(rest, "known"), source=f"article:{view.info.id}")


def seed(store, *, hsk: int | None = None, hsk_version: str = "3.0", top: int | None = None, file=None,
         anki=None, field: str | None = None,
         progress: Callable[[float, str], None] | None = None) -> StatusChanges:
    """Mark known the words of one source (exactly one given); words with a status keep it.

    ``progress(fraction, message)`` hears of the two steps (reading the list, writing the statuses).
    """
    from reader.text import wordlists

    given = [name for name, value in (("hsk", hsk), ("top", top), ("file", file), ("anki", anki)) if value is not None]
    if len(given) != 1:
        raise InputError("seed from exactly one of: an HSK level, the N most frequent words, a file, an Anki file")
    report = progress or (lambda _fraction, _message: None)
    report(0.05, "Reading the Anki file…" if anki is not None else "Reading the word list…")
    statuses: Mapping[str, str]
    if hsk is not None:
        statuses = dict.fromkeys(wordlists.hsk_words(hsk, hsk_version), "known")
        source = f"hsk{hsk_version}:{hsk}"
    elif top is not None:
        statuses = dict.fromkeys(wordlists.top_words(top), "known")
        source = f"top:{top}"
    elif file is not None:
        statuses = dict.fromkeys(wordlists.read_word_file(file, field), "known")
        source = f"file:{Path(file).name}"
    else:
        statuses = wordlists.read_anki(anki, field)
        source = f"anki:{Path(anki).name}"
    report(0.6, f"Marking {len(statuses):,} words…")
    return learner.set_statuses(store, statuses, source=source, only_new=True)


def word_info(store, view, pos: int, links: Callable[[int], list]) -> WordInfo:
    """The popup's data for the token at code point ``pos``; ``links(pair_index)`` gives a pair's word links."""
    from reader.text import difficulty

    index = view.zh.token_index_at(pos)
    if index is None:
        raise InputError(f"no word at {pos}")
    word = difficulty.word_key(view.zh, view.zh.tokens[index])
    return describe_word(view, pos, {word: learner.status_of(store, word)}, links)


def describe_word(view, pos: int, statuses: Mapping[str, str], links: Callable[[int], list]) -> WordInfo:
    """:func:`word_info` with statuses already read; no database (the window's hover calls it)."""
    from reader.align.senses import match_sense, order_senses
    from reader.text import difficulty

    zh = view.zh
    index = zh.token_index_at(pos)
    if index is None:
        raise InputError(f"no word at {pos}")
    token = zh.tokens[index]
    word = difficulty.word_key(zh, token)
    status = difficulty.token_status(zh, token, statuses)
    entries = zh.glosses(token) if token.kind == "han" else []
    match = None
    sentence = zh.sentence_at(token.start)
    if entries and sentence is not None and sentence.index in view.pair_of_zh:
        pair_index = view.pair_of_zh[sentence.index]
        pair = view.pairs[pair_index]
        english = english_of(view, sentence.index)
        if english:
            # the partner's English words this token links to, as offsets in ``english`` (sentences joined by a space)
            starts, at = [], 0
            for i in pair.en:
                a, b = view.en_sentences[i]
                starts.append((a, b, at))
                at += b - a + 1
            spans = []
            for link in links(pair_index):
                if link.zh_start < token.end and token.start < link.zh_end:
                    for x, y in link.en_spans:
                        for a, b, offset in starts:
                            if a <= x < b:
                                spans.append((x - a + offset, y - a + offset))
            match = match_sense(entries, english, spans)
    hsk2, hsk3 = zh.dictionary.hsk_levels(word) if token.kind == "han" else (None, None)
    return WordInfo(word, token.start, token.end, status, frequency.rank(word) if token.kind == "han" else None,
                    hsk2, hsk3, tuple(order_senses(entries, match)), match)


def stats_line(stats: difficulty.ArticleStats | None) -> str:
    """One plain line of an article's figures for its header ("" without words).

    "62 % of the words known · 143 new words · HSK 4 covers 95 % · hard for you"
    """
    if stats is None or not stats.running_words or stats.known_ratio is None:
        return ""
    # floor, not round: "100 %" only when every word is known
    parts = [f"{int(stats.known_ratio * 1000) // 10} % of the words known"]
    unknown = stats.unknown_words
    parts.append(f"{unknown:,} word{'s' if unknown != 1 else ''} to learn" if unknown else "no word to learn")
    if stats.hsk_95 is not None:
        level = "beyond HSK" if stats.hsk_95 >= 8 else "HSK 7–9" if stats.hsk_95 == 7 else f"HSK {stats.hsk_95}"
        parts.append(f"{level} covers 95 %" if stats.hsk_95 < 8 else "much vocabulary beyond HSK")
    if stats.label:
        parts.append({"easy": "easy for you", "readable": "readable with help", "hard": "hard for you"}[stats.label])
    return " · ".join(parts)
