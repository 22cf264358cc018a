"""Word segmentation: rjieba with CC-CEDICT headwords, every Han token glossable.

Han runs are cut by rjieba (HMM off: its HMM invents words no dictionary
knows) after CC-CEDICT's multi-character headwords were added to its
dictionary.  A token that is still not a CC-CEDICT headword (jieba knows
党支部, CC-CEDICT does not) is split by longest dictionary match, so every Han
character ends up in a token that has a gloss.  The one exception is personal
names, which rjieba's HMM recognises (曲玉国): they stay whole and are marked
``name=True``; glosses come from their characters.

Everything else (Latin words, numbers, punctuation, spaces) is a token too, so
the tokens of a text tile it exactly.  User corrections plug in through
:class:`SegmentationFixes`.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

from reader.text.dictionary import Dictionary, cached, get_dictionary
from reader.text.tokens import Token  # noqa: F401 - the segmenter's tokens, imported from here too

#: Han ideographs (BMP, extensions A–G, compatibility) and 〇.
HAN_CLASS = (
    "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\U00020000-\U0002a6df\U0002a700-\U0002ebef\U00030000-\U0003134f"
)
HAN_RUN = re.compile(f"[{HAN_CLASS}]+")
_HAN_CHAR = re.compile(f"[{HAN_CLASS}]")
_TOKEN = re.compile(
    f"(?P<han>[{HAN_CLASS}]+)"
    r"|(?P<space>\s+)"
    r"|(?P<number>\d+(?:[.,:]\d+)*%?)"
    # letters that are not Han: a Greek or Japanese letter (σ, ー) or ① must not swallow the Han after it
    f"|(?P<latin>[^\\W\\d_{HAN_CLASS}]+(?:['’\\-][^\\W\\d_{HAN_CLASS}]+)*)"
    r"|(?P<punct>[^\w\s])"
    r"|(?P<other>.)",
    re.S,
)


def is_han(ch: str) -> bool:
    """True for a Han ideograph."""
    return bool(_HAN_CHAR.match(ch))


# Building tokens with tuple.__new__ skips NamedTuple's Python-level __new__:
# a third of the segmenter's time at a million characters.
_new = tuple.__new__


@dataclass(frozen=True)
class SegmentationFixes:
    """User corrections: words to keep whole, and (word, index) places to split."""

    merges: frozenset[str] = field(default_factory=frozenset)
    splits: frozenset[tuple[str, int]] = field(default_factory=frozenset)

    def __bool__(self) -> bool:
        return bool(self.merges or self.splits)

    def combined(self, other: SegmentationFixes | None) -> SegmentationFixes:
        """Both sets of fixes (e.g. global ones plus one article's)."""
        if not other:
            return self
        return SegmentationFixes(self.merges | other.merges, self.splits | other.splits)


_jieba = None
_jieba_lock = threading.Lock()


def _jieba_additions(jb, dictionary: Dictionary) -> list:
    """(word, frequency) pairs that teach rjieba CC-CEDICT's words.

    ``suggest_freq`` is the frequency at which the split still wins; one more
    makes the dictionary word win (rjieba's own default for ``add_word`` leaves
    it split).  Two kinds of simplified headwords get it:

    * words of three or more characters that rjieba lacks (set phrases,
      idioms, names: 一肩挑 stays whole);
    * words rjieba knows at too low a frequency to ever cut out, when splitting
      them changes their reading: 考中 kǎozhòng must not become 考 + 中 (zhōng).

    Two-character words rjieba lacks are *not* added: measured on 50k characters
    of prose, they cut 家的, 面的 (miàndī, a minibus), 中的 (zhòngdì) and 我去
    out of ordinary sentences, wrong words with wrong readings.
    """
    from pypinyin import Style, lazy_pinyin

    cut, suggest, has_word = jb.cut, jb.suggest_freq, jb.has_word
    out = []
    for word in dictionary.headwords():
        if len(word) < 2 or not HAN_RUN.fullmatch(word) or len(cut(word, False)) == 1:
            continue
        entries = [e for e in dictionary.entries(word) if e.simplified == word]
        if not entries:
            continue  # a traditional form: we always segment simplified text
        if not has_word(word):
            if len(word) >= 3:
                out.append((word, suggest(word) + 1))
            continue
        readings = {e.pinyin_numbers.lower().replace("u:", "v") for e in entries}
        if len(readings) == 1:
            split_reading = " ".join(lazy_pinyin(word, style=Style.TONE3, neutral_tone_with_five=True))
            if split_reading not in readings:
                out.append((word, suggest(word) + 1))
    return out


def _shared_jieba(dictionary: Dictionary):
    """rjieba with CC-CEDICT's multi-character headwords added (built once per process)."""
    global _jieba
    if _jieba is None:
        with _jieba_lock:
            if _jieba is None:
                from importlib.metadata import version

                import rjieba

                jb = rjieba.Jieba()
                key = f"{dictionary.key}-{version('rjieba')}-{version('pypinyin')}-3"
                additions = cached("jieba-words", key, lambda: _jieba_additions(jb, dictionary))
                add_word = jb.add_word
                for word, freq in additions:
                    add_word(word, freq, None)
                _jieba = jb
    return _jieba


class Segmenter:
    """Cuts text into :class:`Token` s; ``fixes`` are applied to every text it cuts."""

    def __init__(self, dictionary: Dictionary | None = None, fixes: SegmentationFixes | None = None):
        self.dictionary = dictionary or get_dictionary()
        self.fixes = fixes or SegmentationFixes()
        self._jieba = _shared_jieba(self.dictionary)
        self._surnames = self.dictionary.surnames
        self._known = self.dictionary.headwords()  # a keys view: a C-level membership test

    def segment(self, text: str, fixes: SegmentationFixes | None = None) -> list[Token]:
        """Tokens tiling ``text`` in order."""
        fixes = self.fixes.combined(fixes)
        tokens: list[Token] = []
        append, extend = tokens.append, tokens.extend
        for m in _TOKEN.finditer(text):
            kind = m.lastgroup
            if kind == "han":
                run, start = m.group(), m.start()
                if len(run) == 1 and not fixes:
                    append(_new(Token, (run, start, start + 1, "han", False)))
                else:
                    extend(self._han_tokens(run, start, fixes))
            else:
                append(_new(Token, (m.group(), m.start(), m.end(), kind, False)))
        return tokens

    def _han_tokens(self, run: str, offset: int, fixes: SegmentationFixes) -> list[Token]:
        """Segment one run of Han characters; token offsets shifted by ``offset``."""
        known = self._known
        surnames = self._surnames
        bounds: list[int] = [0]
        at = 0
        maybe_name = False  # a one-character surname token followed by another single: ask the HMM
        known_names: set[tuple[int, int]] = set()
        last_single_surname = False
        for word in self._jieba.cut(run, False):
            end = at + len(word)
            if len(word) == 1:
                if last_single_surname:
                    maybe_name = True
                last_single_surname = word in surnames
                bounds.append(end)
            else:
                last_single_surname = False
                if word in known:
                    bounds.append(end)
                elif len(word) <= 4 and word[0] in surnames and self._is_person(word):
                    bounds.append(end)  # a name rjieba's own dictionary knows (单田芳): whole, read as a name
                    known_names.add((at, end))
                else:
                    bounds.extend(_longest_match_bounds(self.dictionary, run, at, end))
            at = end
        names = self._names(run, bounds) if maybe_name else set()
        names |= known_names
        if names or fixes:
            cut = set(bounds)
            for start, end in names:
                cut.difference_update(range(start + 1, end))
            if fixes:
                _apply_fixes(run, cut, fixes)
            bounds = sorted(cut)
            return [
                _new(Token, (run[a:b], offset + a, offset + b, "han", (a, b) in names))
                for a, b in zip(bounds, bounds[1:])
            ]
        return [_new(Token, (run[a:b], offset + a, offset + b, "han", False)) for a, b in zip(bounds, bounds[1:])]

    def _is_person(self, word: str) -> bool:
        """rjieba's dictionary tags ``word`` as a personal name (``nr``)."""
        tagged = self._jieba.tag(word, False)
        return len(tagged) == 1 and tagged[0][1] == "nr"

    def _names(self, run: str, bounds: list[int]) -> set[tuple[int, int]]:
        """Personal names: rjieba's HMM words of 2–4 characters that start with a surname,
        that its tagger calls a name (``nr``: not 曾任 "once served", 累转, 召他) and that
        the dictionary cut into single characters."""
        singles = {b for a, b in zip(bounds, bounds[1:]) if b - a == 1}
        found = set()
        at = 0
        for word, tag in self._jieba.tag(run, True):
            end = at + len(word)
            if (
                2 <= len(word) <= 4
                and tag == "nr"
                and word[0] in self._surnames
                and word not in self._known
                and not self._jieba.has_word(word)
                and all(i in singles for i in range(at + 1, end + 1))
            ):
                found.add((at, end))
            at = end
        return found


def _longest_match_bounds(dictionary: Dictionary, run: str, start: int, end: int) -> list[int]:
    """Token ends for ``run[start:end]`` split greedily by longest headword."""
    out = []
    piece = run[start:end]
    pos = 0
    while pos < len(piece):
        length = dictionary.longest_at(piece, pos) or 1
        pos += length
        out.append(start + pos)
    return out


def _apply_fixes(run: str, cut: set[int], fixes: SegmentationFixes) -> None:
    """Add and remove token boundaries in ``cut`` for the user's merges and splits."""
    for word in fixes.merges:
        at = run.find(word)
        while at >= 0:
            cut.difference_update(range(at + 1, at + len(word)))
            cut.update((at, at + len(word)))
            at = run.find(word, at + 1)
    if fixes.splits:
        ordered = sorted(cut)
        for a, b in zip(ordered, ordered[1:]):
            for word, index in fixes.splits:
                if run[a:b] == word and 0 < index < len(word):
                    cut.add(a + index)


_default: Segmenter | None = None


def segment(text: str, fixes: SegmentationFixes | None = None) -> list[Token]:
    """Tokens of ``text`` with the shared dictionary (see :class:`Segmenter`)."""
    global _default
    if _default is None:
        _default = Segmenter()
    return _default.segment(text, fixes)
