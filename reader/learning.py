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

from reader.errors import InputError
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
    dictionary = view.zh.dictionary
    return lambda word: dictionary.hsk_levels(word)[1]


def stats(store, view) -> difficulty.ArticleStats:
    from reader.text import difficulty

    return difficulty.article_stats(view.zh, learner.statuses(store), frequency.ranks(), _hsk3(view))


def new_words(store, view) -> list[difficulty.NewWord]:
    from reader.text import difficulty

    return difficulty.new_words(view.zh, learner.statuses(store), frequency.ranks(), view.zh.dictionary.hsk_levels)


def study_sentences(store, view) -> list[StudySentence]:
    from reader.text import difficulty

    sentences = view.zh.sentences
    out = []
    for index, word in difficulty.one_unknown_sentences(view.zh, learner.statuses(store)):
        s = sentences[index]
        out.append(StudySentence(index, s.start, s.end, s.text, word, english_of(view, index)))
    return out


def mark_rest_known(store, view) -> StatusChanges:
    """Every word of the article still "new" becomes known, in one change (undo: :func:`learner.restore`)."""
    from reader.text import difficulty

    rest = difficulty.rest_of_article(view.zh, learner.statuses(store))
    return learner.set_statuses(store, dict.fromkeys(rest, "known"), source=f"article:{view.info.id}")


def seed(store, *, hsk: int | None = None, hsk_version: str = "3.0", top: int | None = None, file=None,
         anki=None, field: str | None = None) -> StatusChanges:
    """Mark known the words of one source (exactly one given); words with a status keep it."""
    from reader.text import wordlists

    given = [name for name, value in (("hsk", hsk), ("top", top), ("file", file), ("anki", anki)) if value is not None]
    if len(given) != 1:
        raise InputError("seed from exactly one of: an HSK level, the N most frequent words, a file, an Anki file")
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
    return learner.set_statuses(store, statuses, source=source, only_new=True)


def word_info(store, view, pos: int, links: Callable[[int], list]) -> WordInfo:
    """The popup's data for the token at code point ``pos``; ``links(pair_index)`` gives a pair's word links."""
    from reader.align.senses import match_sense, order_senses
    from reader.text import difficulty

    zh = view.zh
    index = zh.token_index_at(pos)
    if index is None:
        raise InputError(f"no word at {pos}")
    token = zh.tokens[index]
    word = difficulty.word_key(zh, token)
    status = difficulty.token_status(zh, token, {word: learner.status_of(store, word)})
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
