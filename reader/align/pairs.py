"""Sentence pairs of an article: the aligner's beads with the user's merge/split edits applied.

Plain functions on the article's texts and sentence spans (code points); the
facade (:mod:`reader.library`) stores the beads and the edits and calls these.
An edit is recorded with a key, the hash of the sentences it joined or cut,
so an edit whose sentences no longer read the same (the text changed) is
skipped rather than applied to the wrong sentences.
"""

from __future__ import annotations

import bisect
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.store.records import Annotation

Spans = Sequence[tuple[int, int]]
#: Bumped when the way beads are stored or sentences are cut changes: forces re-alignment.
ALIGN_VERSION = 1
#: A stored bead: [zh sentence indices, en sentence indices, score, confidence].
Bead = Sequence


@dataclass(frozen=True)
class Pair:
    """Aligned sentences: Chinese and English sentence indices (either may be empty)."""

    index: int
    zh: tuple[int, ...]
    en: tuple[int, ...]
    score: float
    confidence: float  # 0..1; < 0.5 is "weak"
    edited: bool


@dataclass(frozen=True)
class WordLink:
    """A Chinese word and the English spans it translates (article offsets)."""

    zh_start: int
    zh_end: int
    en_spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Alignment:
    """An article's two texts, their sentence spans and its pairs (what partner lookups need)."""

    zh_text: str
    zh_spans: Spans
    en_text: str
    en_spans: Spans
    pairs: Sequence[Pair]

    def partner(self, annotation: Annotation) -> str:
        """The other language's text aligned with ``annotation``'s sentence(s)."""
        zh_side = annotation.side == "zh"
        own, other, other_text = (
            (self.zh_spans, self.en_spans, self.en_text) if zh_side else (self.en_spans, self.zh_spans, self.zh_text)
        )
        hit = {i for i, (a, b) in enumerate(own) if a < annotation.end and annotation.start < b}
        indices: list[int] = []
        for p in self.pairs:
            mine, theirs = (p.zh, p.en) if zh_side else (p.en, p.zh)
            if hit & set(mine):
                indices.extend(theirs)
        return " ".join(other_text[other[i][0] : other[i][1]] for i in indices if i < len(other))


def alignment_key(zh_spans: Spans, en_spans: Spans) -> str:
    """What stored beads were aligned for: they are reused while the sentences are cut the same way."""
    return hashlib.sha1(json.dumps([ALIGN_VERSION, list(zh_spans), list(en_spans)]).encode()).hexdigest()


def align_beads(zh_text: str, zh_spans: Spans, en_text: str, en_spans: Spans, paragraph_pairs=()) -> list[list]:
    """Beads as JSON-ready lists ``[zh indices, en indices, score, confidence]``."""
    if not en_spans:
        return [[[i], [], 0.0, 0.0] for i in range(len(zh_spans))]
    from reader.align.aligner import align

    found = anchors(zh_text, zh_spans, en_text, en_spans, paragraph_pairs)
    beads = align([zh_text[a:b] for a, b in zh_spans], [en_text[a:b] for a, b in en_spans], anchors=found or None)
    return [[list(b.zh), list(b.en), float(b.score), float(b.confidence)] for b in beads]


def anchors(zh_text: str, zh_spans: Spans, en_text: str, en_spans: Spans, paragraph_pairs) -> list[tuple[int, int]]:
    """(zh sentence, en sentence) starts of paragraph pairs known from a bilingual page."""
    if not paragraph_pairs:
        return []
    zh_par_first = first_sentence_of_paragraph(zh_text, zh_spans)
    en_par_first = first_sentence_of_paragraph(en_text, en_spans)
    found = []
    for zp, ep in paragraph_pairs:
        if isinstance(zp, int) and isinstance(ep, int) and zp in zh_par_first and ep in en_par_first:
            found.append((zh_par_first[zp], en_par_first[ep]))
    return sorted(set(found))


def first_sentence_of_paragraph(text: str, spans: Spans) -> dict[int, int]:
    """Paragraph number (among non-empty lines, as ingest counts them) -> its first sentence index."""
    ranges = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            ranges.append((pos, pos + len(line)))
        pos += len(line) + 1
    starts = [a for a, _ in ranges]
    first: dict[int, int] = {}
    for index, (start, _end) in enumerate(spans):
        paragraph = bisect.bisect_right(starts, start) - 1
        if paragraph >= 0:
            first.setdefault(paragraph, index)
    return first


def edit_key(zh_text: str, zh_spans: Spans, en_text: str, en_spans: Spans, zh: Sequence[int], en: Sequence[int]) -> str:
    """The key an edit of these sentences is stored with: the hash of their texts."""
    texts = [zh_text[slice(*zh_spans[i])] for i in zh] + [en_text[slice(*en_spans[i])] for i in en]
    return hashlib.sha1("\0".join(texts).encode("utf-8")).hexdigest()


def pair_id(pair: Pair) -> tuple[int, int]:
    """How a merge edit names its pair: the first sentence of each side (-1 for none)."""
    return (pair.zh[0] if pair.zh else -1, pair.en[0] if pair.en else -1)


def split_point(pair: Pair, zh_starts: Sequence[int], en_starts: Sequence[int], zh_at: int | None,
                en_at: int | None) -> tuple[int, int] | None:
    """Where a split edit cuts ``pair``: ``(zh sentence, en sentence)`` starting the second part (-1: none).

    The second part starts at the first sentence of each side starting at or
    after the offset; without an offset a side keeps all its sentences in the
    first part, unless both are missing (then each side is cut at its middle).
    None when one part would be empty.
    """
    if zh_at is None and en_at is None:
        zh_cut, en_cut = len(pair.zh) // 2, len(pair.en) // 2
    else:
        zh_cut, en_cut = _cut(zh_starts, zh_at), _cut(en_starts, en_at)
    first = (pair.zh[:zh_cut], pair.en[:en_cut])
    second = (pair.zh[zh_cut:], pair.en[en_cut:])
    if not (first[0] or first[1]) or not (second[0] or second[1]):
        return None
    return (pair.zh[zh_cut] if zh_cut < len(pair.zh) else -1, pair.en[en_cut] if en_cut < len(pair.en) else -1)


def _cut(starts: Sequence[int], at: int | None) -> int:
    if at is None:
        return len(starts)
    return next((i for i, s in enumerate(starts) if s >= at), len(starts))


def apply_edits(beads: Sequence[Bead], edits, zh_text: str, zh_spans: Spans, en_text: str,
                en_spans: Spans) -> list[Pair]:
    """Pairs from the aligner's beads with the user's edits ``(op, zh, en, key)`` applied in order.

    An edit whose sentences no longer read as when it was made (the text
    changed) is skipped rather than applied to the wrong sentences.
    """
    from reader.text.analysis import frozen_record  # (a MB's 6k pairs: ~20 ms less than Pair's __init__)

    def key_of(zh: Sequence[int], en: Sequence[int]) -> str:
        return edit_key(zh_text, zh_spans, en_text, en_spans, zh, en)

    # (zh indices, en indices, score, confidence, edited) per pair
    work: list[tuple[tuple[int, ...], tuple[int, ...], float, float, bool]] = [
        (tuple(b[0]), tuple(b[1]), float(b[2]), float(b[3]), False) for b in beads
    ]
    for op, zh, en, key in edits:
        ids = [(p[0][0] if p[0] else -1, p[1][0] if p[1] else -1) for p in work]
        if op == "merge":
            if (zh, en) not in ids:
                continue
            i = ids.index((zh, en))
            if i + 1 >= len(work):
                continue
            a, b = work[i], work[i + 1]
            if key_of(a[0] + b[0], a[1] + b[1]) != key:
                continue
            work[i : i + 2] = [(a[0] + b[0], a[1] + b[1], a[2] + b[2], 1.0, True)]
        elif op == "split":
            at = next((k for k, p in enumerate(work) if (zh >= 0 and zh in p[0]) or (zh < 0 and en in p[1])), None)
            if at is None:
                continue
            p = work[at]
            if key_of(p[0], p[1]) != key:
                continue
            zc = p[0].index(zh) if zh in p[0] else len(p[0])
            ec = p[1].index(en) if en in p[1] else len(p[1])
            first, second = (p[0][:zc], p[1][:ec]), (p[0][zc:], p[1][ec:])
            if not any(first) or not any(second):
                continue
            work[at : at + 1] = [(*first, p[2], 1.0, True), (*second, p[2], 1.0, True)]
    return [frozen_record(Pair, {"index": i, "zh": w[0], "en": w[1], "score": w[2], "confidence": w[3], "edited": w[4]})
            for i, w in enumerate(work)]


def word_links(zh_text: str, zh_spans: Spans, en_text: str, en_spans: Spans, pair: Pair,
               tokens: Sequence | None = None) -> list[WordLink]:
    """Which Chinese words of ``pair`` translate which English words (article offsets).

    ``tokens``: the pair's Chinese tokens (``reader.text.segment.Token``, article offsets) when
    the article is analysed: used as they are, not segmented again (``zh_text`` is then the
    simplified form they were cut in).
    """
    if not pair.zh or not pair.en:
        return []
    from reader.align.links import word_links as link_words

    zs, ze = zh_spans[pair.zh[0]][0], zh_spans[pair.zh[-1]][1]
    es, ee = en_spans[pair.en[0]][0], en_spans[pair.en[-1]][1]
    mine = None if tokens is None else [
        t._replace(text=zh_text[t.start : t.end], start=t.start - zs, end=t.end - zs)
        for t in tokens if zs <= t.start and t.end <= ze
    ]
    return [
        WordLink(zs + a, zs + b, tuple((es + x, es + y) for x, y in spans))
        for a, b, spans in link_words(zh_text[zs:ze], en_text[es:ee], tokens=mine)
    ]
