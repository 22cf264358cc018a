"""An analysed Chinese text: paragraphs → sentences → tokens, with lazy pinyin.

All offsets are code points into :attr:`AnalyzedText.text`.  Traditional text
is segmented, read and looked up through its simplified form
(:attr:`AnalyzedText.base`, the same length), so both scripts give the same
words and glosses.  Segmentation is done at once (it is fast, and the view
needs every word boundary); pinyin is computed per sentence on first use.

An analysis can also be rebuilt from its stored form (:mod:`reader.text.packed`,
with every reading given): nothing here imports the segmenter's or the reading
engine's libraries (rjieba, pypinyin, numpy) until a text must be analysed.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from reader.errors import InputError
from reader.text.dictionary import Dictionary, Entry, Match, get_dictionary
from reader.text.pinyin_format import format_syllables, numbers_to_marks
from reader.text.script import is_traditional, to_simplified, to_traditional
from reader.text.sentences import split_paragraphs, split_sentences
from reader.text.tokens import Token

if TYPE_CHECKING:
    from reader.text.segment import SegmentationFixes

#: Characters of text read in one batch when a sentence's pinyin is first asked for, and the
#: most a batch grows to when the article is read in order (see AnalyzedText.sentence_syllables).
READ_AHEAD = 600
READ_AHEAD_MAX = 16000


def frozen_record(cls, fields: dict):
    """An instance of the frozen dataclass ``cls`` with ``fields`` (every one of them), made without its ``__init__``.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``
    (~3 µs an instance): rebuilding a MB's 6k sentences, paragraphs and pairs that way
    costs ~40 ms.  Only for fields that need no default nor ``__post_init__``.
    """
    record = object.__new__(cls)
    record.__dict__.update(fields)
    return record


@dataclass(frozen=True)
class Sentence:
    """One sentence: ``text[start:end]``; ``tokens`` is ``owner.tokens[first_token:last_token]``."""

    index: int
    paragraph: int
    start: int
    end: int
    first_token: int
    last_token: int
    owner: AnalyzedText = field(repr=False, compare=False)

    @property
    def text(self) -> str:
        return self.owner.text[self.start : self.end]

    @property
    def tokens(self) -> tuple[Token, ...]:
        return tuple(self.owner.tokens[self.first_token : self.last_token])  # (a slice is one already)

    @property
    def syllables(self) -> list[tuple[str, ...] | None]:
        """Numbered syllables per token (computed on first use, then kept)."""
        return self.owner.sentence_syllables(self.index)

    def pinyin(self, style: str = "marks") -> list[str | None]:
        """Pinyin per token in ``style`` (``marks``, ``numbers``, ``zhuyin``)."""
        return [format_syllables(s, style) for s in self.syllables]


@dataclass(frozen=True)
class Paragraph:
    """A paragraph (one line of the article text) and its sentences."""

    index: int
    start: int
    end: int
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class AnalyzedText:
    """The analysis of one text; build it with :func:`analyze`."""

    text: str
    base: str  # simplified form used for segmentation, pinyin and lookups
    traditional: bool
    tokens: Sequence[Token]  # a tuple, or reader.text.packed.PackedTokens (read back from the store)
    paragraphs: tuple[Paragraph, ...] = ()
    dictionary: Dictionary = field(repr=False, compare=False, default=None)  # type: ignore[assignment]  # analyze() always sets it
    _pinyin: dict = field(default_factory=dict, repr=False, compare=False)
    #: sentence index -> its readings, when they are known in advance (a stored analysis)
    _known_readings: Callable[[int], list] | None = field(default=None, repr=False, compare=False)
    _read_ahead: dict = field(default_factory=dict, repr=False, compare=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(s for p in self.paragraphs for s in p.sentences)

    @cached_property
    def _token_starts(self) -> list[int]:
        return [t.start for t in self.tokens]

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def token_index_at(self, pos: int) -> int | None:
        """Index of the token covering code point ``pos``."""
        i = bisect.bisect_right(self._token_starts, pos) - 1
        if 0 <= i < len(self.tokens) and self.tokens[i].start <= pos < self.tokens[i].end:
            return i
        return None

    def token_at(self, pos: int) -> Token | None:
        """The token covering code point ``pos``, or None."""
        i = self.token_index_at(pos)
        return None if i is None else self.tokens[i]

    def sentence_at(self, pos: int) -> Sentence | None:
        """The sentence containing ``pos`` (None between sentences)."""
        i = bisect.bisect_right(self._sentence_starts, pos) - 1
        if 0 <= i < len(self.sentences) and self.sentences[i].start <= pos < self.sentences[i].end:
            return self.sentences[i]
        return None

    def sentence_syllables(self, index: int) -> list[tuple[str, ...] | None]:
        """Numbered syllables for the tokens of sentence ``index`` (cached).

        The sentences after it are read in the same batch (the polyphone model
        costs little more for a batch than for one sentence): READ_AHEAD
        characters at first, twice as many each time the reader asks for the
        sentence right after the last batch (reading the article in order), so
        a hover stays quick and a whole article is read in large batches.
        """
        cached = self._pinyin.get(index)
        if cached is None and self._known_readings is not None:
            cached = self._pinyin.setdefault(index, self._known_readings(index))
        if cached is None:
            from reader.text.pinyin import sentences_syllables

            sentences = self.sentences
            state = self._read_ahead
            limit = min(2 * state["size"], READ_AHEAD_MAX) if state.get("next") == index else READ_AHEAD
            batch: list[Sentence] = []
            size = 0
            for at in range(index, len(sentences)):
                sentence = sentences[at]
                if batch and (size >= limit or at in self._pinyin):
                    break
                batch.append(sentence)
                size += sentence.end - sentence.start
            read = sentences_syllables(self.base, [s.tokens for s in batch], self.dictionary)
            with self._lock:
                for sentence, syllables in zip(batch, read):
                    self._pinyin.setdefault(sentence.index, syllables)
                state.update(next=index + len(batch), size=limit)
            cached = self._pinyin[index]
        return cached

    def token_syllables(self, token_index: int) -> tuple[str, ...] | None:
        """Numbered syllables of one token, read in its sentence's context."""
        token = self.tokens[token_index]
        sentence = self.sentence_at(token.start)
        if sentence is None:
            from reader.text.pinyin import token_syllables

            return token_syllables(self.base, [token], self.dictionary)[0]
        return sentence.syllables[token_index - sentence.first_token]

    def lookup(self, pos: int) -> list[Match]:
        """Every headword starting at ``pos``, longest first (looked up in the simplified form)."""
        return self.dictionary.lookup_at(self.base, pos)

    def glosses(self, token: Token) -> list[Entry]:
        """Dictionary entries for a token; a personal name gets a name entry first."""
        base = self.base[token.start : token.end]
        entries = self.dictionary.entries(base)
        index = self.token_index_at(token.start)
        syllables = (self.token_syllables(index) or ()) if index is not None else ()
        if len(entries) > 1 and syllables:
            # the reading in context first: 还 in 还钱 is huán "to give back", not hái "still"
            heard = " ".join(syllables).lower()
            entries.sort(key=lambda e: e.pinyin_numbers.lower().replace("u:", "ü") != heard)
        if token.name:
            numbers = " ".join(syllables)
            surname = next(
                (s for e in self.dictionary.entries(base[0]) if e.is_proper_name for s in e.senses if "surname" in s),
                None,
            )
            given = " ".join(syllables[1:])
            marks = numbers_to_marks(syllables[0]) + (" " + numbers_to_marks(given) if given else "") if syllables else ""
            sense = "(personal name)" + (f" {surname}" if surname else "")
            entries = [Entry(base, to_traditional(base), numbers, marks, (sense,))] + entries
        return entries


def analyze(
    text: str,
    fixes: SegmentationFixes | None = None,
    dictionary: Dictionary | None = None,
    traditional: bool | None = None,
) -> AnalyzedText:
    """Segment ``text`` into paragraphs (lines), sentences and tokens.

    ``traditional`` forces the script; by default it is detected.  Pinyin is lazy.
    """
    # Here, not at import: a stored analysis is read without the segmenter or the reading engine.
    from reader.text.polyphone_model import preload
    from reader.text.segment import Segmenter

    preload()  # the polyphone model loads while the text is segmented: pinyin is read next
    dictionary = dictionary or get_dictionary()
    if traditional is None:
        traditional = is_traditional(text)
    base = to_simplified(text) if traditional else text
    segmenter = Segmenter(dictionary)
    tokens = segmenter.segment(base, fixes)
    if traditional:
        tokens = [t._replace(text=text[t.start : t.end]) for t in tokens]
    analysed = AnalyzedText(text=text, base=base, traditional=traditional, tokens=tuple(tokens), dictionary=dictionary)
    starts = [t.start for t in tokens]
    paragraphs = []
    index = 0
    for p_index, (p_start, p_end) in enumerate(split_paragraphs(text)):
        sentences = []
        for s_start, s_end in split_sentences(text, p_start, p_end):
            first = bisect.bisect_left(starts, s_start)
            last = bisect.bisect_left(starts, s_end)
            sentences.append(Sentence(index, p_index, s_start, s_end, first, last, analysed))
            index += 1
        paragraphs.append(Paragraph(p_index, p_start, p_end, tuple(sentences)))
    object.__setattr__(analysed, "paragraphs", tuple(paragraphs))
    return analysed


def read_every_sentence(analysed: AnalyzedText) -> None:
    """Compute the readings of every sentence now (in large batches), e.g. before the analysis is stored."""
    index = 0
    count = len(analysed.sentences)
    while index < count:
        analysed.sentence_syllables(index)
        following = analysed._read_ahead.get("next", index + 1)
        index = following if following > index else index + 1
        while index < count and index in analysed._pinyin:
            index += 1


def merge_fix(zh: AnalyzedText, start: int, end: int) -> str:
    """The word a "keep ``zh.text[start:end]`` whole" fix stores; InputError when it cannot be one word."""
    if not 0 <= start < end <= len(zh.text) or end - start < 2:
        raise InputError("select at least two characters to make one word")
    word = zh.base[start:end]
    if any(c.isspace() for c in word):
        raise InputError("a word cannot span spaces or lines")
    return word


def split_fix(zh: AnalyzedText, start: int, at: int) -> tuple[str, int]:
    """``(word, index)`` of a "split the word starting at ``start`` before ``at``" fix; InputError if none."""
    token = zh.token_at(start)
    if token is None or token.start != start:
        raise InputError(f"no word starts at {start}")
    if not token.start < at < token.end:
        raise InputError(f"cannot split {token.text!r} at {at}")
    return zh.base[token.start : token.end], at - token.start
