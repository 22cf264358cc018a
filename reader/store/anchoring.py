"""Re-anchoring: find an annotation again after its text changed.

An annotation keeps three selectors (as in the W3C Web Annotation model): the
exact quote with up to :data:`CONTEXT` characters of prefix and suffix, the
code-point position, and the sentence index + offset.  :func:`reanchor` tries,
in order, the sentence, the position, every exact occurrence of the quote
(nearest the old position wins among equals) and finally an approximate match
of the quote, scored in the spirit of Hypothesis (quote 50, prefix 20, suffix
20, position 2).  Unlike Hypothesis there is a minimum: a candidate must be
confirmed by its context, otherwise the annotation becomes an *orphan* ("needs
review") rather than being moved to the wrong place.

Matching ignores whitespace (a re-saved file may re-wrap lines or change
indentation): texts are compared in a *folded* view without whitespace, and
offsets are mapped back.
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

#: Characters of prefix and suffix kept with the quote.
CONTEXT = 32
#: Quotes shorter than this need their prefix or suffix to match closely.
SHORT_QUOTE = 4
#: Quote plus matching context characters needed to confirm an exact match.
MIN_EVIDENCE = 10
#: Exact candidates scoring within this of the best count as equally good (nearest wins).
TIE_MARGIN = 0.15
#: A quote this long that occurs once in the new text needs no context.
LONG_QUOTE = 16
#: Hypothesis-style weights.
W_QUOTE, W_PREFIX, W_SUFFIX, W_POSITION = 50.0, 20.0, 20.0, 2.0
#: Minimum normalised score of an approximate match (0..1).
MIN_FUZZY_SCORE = 0.6
#: Minimum quote similarity of an approximate match.
MIN_FUZZY_QUOTE = 0.75


@dataclass(frozen=True)
class Selector:
    """Where an annotation is: quote + context, position, sentence."""

    quote: str
    prefix: str
    suffix: str
    start: int
    end: int
    sentence_index: int | None = None
    sentence_offset: int | None = None


@dataclass(frozen=True)
class Anchor:
    """The result of re-anchoring: a span in the new text, or an orphan."""

    start: int
    end: int
    status: str  # "exact" | "fuzzy" | "orphan"
    score: float  # 0..1


def make_selector(text: str, start: int, end: int, sentences: Sequence[tuple[int, int]] | None = None) -> Selector:
    """The selectors of ``text[start:end]``; ``sentences`` are the text's sentence spans."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {start}..{end} is outside the text (length {len(text)})")
    sentence_index = sentence_offset = None
    if sentences:
        starts = [s for s, _ in sentences]
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and start < sentences[i][1]:
            sentence_index, sentence_offset = i, start - sentences[i][0]
    return Selector(
        quote=text[start:end],
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
        start=start,
        end=end,
        sentence_index=sentence_index,
        sentence_offset=sentence_offset,
    )


class _Folded:
    """A text without whitespace, with the map back to the original offsets."""

    __slots__ = ("text", "offsets", "original")

    def __init__(self, original: str):
        kept = [(i, c) for i, c in enumerate(original) if not c.isspace()]
        self.original = original
        self.text = "".join(c for _, c in kept)
        self.offsets = [i for i, _ in kept]

    def to_original(self, start: int, end: int, quote: str = "") -> tuple[int, int]:
        """Original offsets of a folded span, widened to the quote's own edge whitespace if it is there."""
        s, e = self.offsets[start], self.offsets[end - 1] + 1
        lead = len(quote) - len(quote.lstrip())
        trail = len(quote) - len(quote.rstrip())
        if lead and self.original[max(0, s - lead) : s] == quote[:lead]:
            s -= lead
        if trail and self.original[e : e + trail] == quote[len(quote) - trail :]:
            e += trail
        return s, e

    def from_original(self, pos: int) -> int:
        return bisect.bisect_left(self.offsets, pos)


def _fold(s: str) -> str:
    return "".join(c for c in s if not c.isspace())


def _side_similarity(expected: str, actual: str) -> tuple[float, int]:
    """How well a context matches, compared from the quote outwards.

    Both strings are read from the end nearest the quote (callers reverse the
    prefixes).  Counts equal characters position by position and stops at the
    third mismatch, so a fixed typo in the context costs little but unrelated
    context scores low.  An empty expected context (annotation at the start or
    end of the text) matches only an equally empty one.  Returns the ratio
    and the number of matching characters (the evidence).
    """
    if not expected:
        return (1.0 if not actual else 0.0), 0
    matched = mismatches = 0
    for a, b in zip(expected, actual):
        if a == b:
            matched += 1
        else:
            mismatches += 1
            if mismatches > 2:
                break
    return matched / len(expected), matched


class _Scorer:
    def __init__(self, selector: Selector, folded: _Folded):
        self.folded = folded
        self.prefix = _fold(selector.prefix)[::-1]
        self.suffix = _fold(selector.suffix)
        self.old_start = folded.from_original(selector.start)
        self.length = max(1, len(folded.text))

    def context(self, start: int, end: int) -> tuple[float, float, int]:
        """Prefix and suffix similarity, and how many context characters matched."""
        t = self.folded.text
        before = t[max(0, start - len(self.prefix)) : start][::-1]
        after = t[end : end + len(self.suffix)]
        (p, pn), (s, sn) = _side_similarity(self.prefix, before), _side_similarity(self.suffix, after)
        return p, s, pn + sn

    def total(self, quote_sim: float, prefix: float, suffix: float, start: int) -> float:
        position = 1.0 - min(1.0, abs(start - self.old_start) / self.length)
        raw = W_QUOTE * quote_sim + W_PREFIX * prefix + W_SUFFIX * suffix + W_POSITION * position
        return raw / (W_QUOTE + W_PREFIX + W_SUFFIX + W_POSITION)


def _confirmed(quote_len: int, prefix: float, suffix: float, matched: int) -> bool:
    """Does the context confirm an exact quote match at this place?

    One side must match well, and quote plus matching context must be long
    enough that the place is not a coincidence (``党员`` is everywhere).
    """
    need = 0.75 if quote_len < SHORT_QUOTE else 0.5
    return max(prefix, suffix) >= need and quote_len + matched >= MIN_EVIDENCE


class History:
    """How a text became another: offsets of the old text mapped to the new, and back.

    When the previous text is at hand (a re-saved file) the position selector
    becomes a precise guess even after insertions and deletions, and a
    candidate that was already in the old text at another place is known to be
    *another* passage (a repeated block), not the annotated one.  Lines are
    diffed first (cheap, compared without surrounding spaces), then characters
    inside changed or re-spaced lines, so the cost stays near linear for real
    edits.
    """

    def __init__(self, old: str, new: str):
        self.old_length, self.new_length = len(old), len(new)
        old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
        old_at, new_at = _line_starts(old_lines), _line_starts(new_lines)
        blocks: list[tuple[int, int, int]] = []  # (old start, new start, length), increasing in both

        def chars(a0: int, a1: int, b0: int, b1: int) -> None:
            if a1 - a0 > _DIFF_LIMIT or b1 - b0 > _DIFF_LIMIT:
                return
            inner = difflib.SequenceMatcher(None, old[a0:a1], new[b0:b1], autojunk=False)
            blocks.extend((a0 + m.a, b0 + m.b, m.size) for m in inner.get_matching_blocks() if m.size)

        lines = difflib.SequenceMatcher(None, [x.strip() for x in old_lines], [x.strip() for x in new_lines],
                                        autojunk=False)
        for tag, i1, i2, j1, j2 in lines.get_opcodes():
            if tag == "equal":
                for i, j in zip(range(i1, i2), range(j1, j2)):
                    if old_lines[i] == new_lines[j]:
                        blocks.append((old_at[i], new_at[j], len(old_lines[i])))
                    else:
                        chars(old_at[i], old_at[i + 1], new_at[j], new_at[j + 1])
            elif tag == "replace":
                chars(old_at[i1], old_at[i2], new_at[j1], new_at[j2])
        self.blocks = blocks
        self._old_starts = [b[0] for b in blocks]
        self._new_starts = [b[1] for b in blocks]

    def to_new(self, pos: int) -> int:
        """Where old offset ``pos`` is now (just after the last kept text if it was deleted)."""
        i = bisect.bisect_right(self._old_starts, pos) - 1
        if i < 0:
            return min(pos, self.new_length)
        a, b, size = self.blocks[i]
        return b + min(pos - a, size)

    def to_old(self, pos: int) -> int | None:
        """Where new offset ``pos`` was in the old text; None if that text is new."""
        i = bisect.bisect_right(self._new_starts, pos) - 1
        if i < 0:
            return None
        a, b, size = self.blocks[i]
        return a + pos - b if pos < b + size else None

    __call__ = to_new


def position_map(old: str, new: str) -> History:
    """A :class:`History` (callable: old offset -> new offset)."""
    return History(old, new)


_DIFF_LIMIT = 20_000


def _line_starts(lines: list[str]) -> list[int]:
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    return starts


def reanchor(selector: Selector, text: str, sentences: Sequence[tuple[int, int]] | None = None,
             history: History | None = None) -> Anchor:
    """Find ``selector`` in ``text`` (whose sentence spans are ``sentences``).

    ``history``: how the text the selector was made on became ``text``; with
    it the carried-over position is tried first and measures nearness, and
    passages that were already elsewhere in the old text are not candidates.
    """
    folded = _Folded(text)
    quote = _fold(selector.quote)
    if not quote:
        return Anchor(selector.start, selector.end, "orphan", 0.0)
    old_start = selector.start
    if history is not None:
        moved = history.to_new(selector.start)
        selector = Selector(selector.quote, selector.prefix, selector.suffix, moved,
                            moved + selector.end - selector.start, selector.sentence_index, selector.sentence_offset)
    scorer = _Scorer(selector, folded)

    def elsewhere(start: int, slack: int) -> bool:
        """Was the text at original offset ``start`` already in the old text, at another place?"""
        if history is None:
            return False
        was = history.to_old(start)
        return was is not None and abs(was - old_start) > slack

    def exact_at(start: int) -> Anchor | None:
        # start is a folded offset where the folded quote might begin
        if folded.text[start : start + len(quote)] != quote:
            return None
        prefix, suffix, matched = scorer.context(start, start + len(quote))
        if not _confirmed(len(quote), prefix, suffix, matched):
            return None
        s, e = folded.to_original(start, start + len(quote), selector.quote)
        if elsewhere(folded.offsets[start], 2):
            return None
        return Anchor(s, e, "exact", scorer.total(1.0, prefix, suffix, start))

    # 1. sentence selector, 2. position selector: cheap checks of one place each
    # (the position first when the history carried it over precisely).
    guesses = []
    if sentences and selector.sentence_index is not None and selector.sentence_index < len(sentences):
        guesses.append(sentences[selector.sentence_index][0] + (selector.sentence_offset or 0))
    guesses.insert(0 if history is not None else len(guesses), selector.start)
    for guess in guesses:
        if 0 <= guess < len(text):
            found = exact_at(folded.from_original(guess))
            if found is not None:
                return found

    # 3. every exact occurrence of the quote confirmed by its context: the nearest to
    # the old position among the best scored (a repeated block has identical
    # contexts, and an edit next to the right copy must not send us to the other).
    confirmed: list[tuple[int, Anchor]] = []
    pos = folded.text.find(quote)
    while pos >= 0:
        found = exact_at(pos)
        if found is not None:
            confirmed.append((pos, found))
        pos = folded.text.find(quote, pos + 1)
    if confirmed:
        top = max(a.score for _, a in confirmed)
        near = [(abs(p - scorer.old_start), a) for p, a in confirmed if a.score >= top - TIE_MARGIN]
        return min(near, key=lambda item: item[0])[1]
    # ... or a long quote that occurs exactly once, whatever surrounds it now
    first = folded.text.find(quote)
    if (len(quote) >= LONG_QUOTE and first >= 0 and folded.text.find(quote, first + 1) < 0
            and not elsewhere(folded.offsets[first], 2)):
        prefix, suffix, _ = scorer.context(first, first + len(quote))
        s, e = folded.to_original(first, first + len(quote), selector.quote)
        return Anchor(s, e, "exact", scorer.total(1.0, prefix, suffix, first))

    # 4. approximate match of the quote (long enough quotes only).
    if len(quote) >= SHORT_QUOTE:
        fuzzy = _fuzzy(quote, folded, scorer, lambda start: elsewhere(start, len(quote)))
        if fuzzy is not None:
            return fuzzy
    return Anchor(selector.start, selector.end, "orphan", 0.0)


def _fuzzy(quote: str, folded: _Folded, scorer: _Scorer, elsewhere: Callable[[int], bool]) -> Anchor | None:
    max_errors = int(len(quote) * (1.0 - MIN_FUZZY_QUOTE))
    if max_errors < 1:
        return None
    best: tuple[float, Anchor] | None = None
    for start, end, errors in _approximate_matches(quote, folded.text, max_errors):
        if elsewhere(folded.offsets[start]):
            continue
        quote_sim = 1.0 - errors / len(quote)
        prefix, suffix, _ = scorer.context(start, end)
        if max(prefix, suffix) < 0.5:
            continue
        total = scorer.total(quote_sim, prefix, suffix, start)
        if total < MIN_FUZZY_SCORE:
            continue
        if best is None or total > best[0]:
            s, e = folded.to_original(start, end)
            best = (total, Anchor(s, e, "fuzzy", total))
    return best[1] if best else None


def _approximate_matches(pattern: str, text: str, max_errors: int) -> list[tuple[int, int, int]]:
    """Substrings of ``text`` within ``max_errors`` edits of ``pattern``.

    Myers' bit-parallel algorithm finds the end positions (one pass over the
    text); each local best end is then extended backwards with a small dynamic
    programme to find its start.  Returns (start, end, errors).
    """
    m = len(pattern)
    if m == 0 or not text:
        return []
    peq: dict[str, int] = {}
    for i, c in enumerate(pattern):
        peq[c] = peq.get(c, 0) | (1 << i)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    ends: list[tuple[int, int]] = []
    for j, c in enumerate(text):
        eq = peq.get(c, 0)
        xv = eq | mv
        xh = ((((eq & pv) + pv) ^ pv) | eq) & mask
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = (ph << 1) & mask  # free start in the text: row 0 stays 0
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        if score <= max_errors:
            ends.append((j + 1, score))
    # keep local minima: the best end of each run of neighbouring ends
    chosen: list[tuple[int, int]] = []
    for end, errors in ends:
        if chosen and end - chosen[-1][0] <= max_errors:
            if errors < chosen[-1][1]:
                chosen[-1] = (end, errors)
            continue
        chosen.append((end, errors))
    results = []
    for end, errors in chosen:
        start = _best_start(pattern, text, end, max_errors)
        results.append((start, end, errors))
    return results


def _best_start(pattern: str, text: str, end: int, max_errors: int) -> int:
    """The start of the best alignment of ``pattern`` ending at ``end``."""
    lo = max(0, end - len(pattern) - max_errors)
    window = text[lo:end][::-1]
    rev = pattern[::-1]
    # D[i][j]: distance between rev[:i] and window[:j]; the match may end anywhere in window
    prev = list(range(len(window) + 1))
    for i in range(1, len(rev) + 1):
        cur = [i] + [0] * len(window)
        for j in range(1, len(window) + 1):
            cost = 0 if rev[i - 1] == window[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
        prev = cur
    best_j = min(range(len(window) + 1), key=lambda j: (prev[j], abs(j - len(pattern))))
    return end - best_j
