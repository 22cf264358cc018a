"""Align whole texts: split both sides into sentences, align, return code-point spans."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from reader.align.aligner import AlignParams, align, prepare
from reader.align.english import split_english
from reader.align.lexicon import Lexicon

__all__ = ["SpanPair", "align_texts", "split_chinese"]


@dataclass(frozen=True)
class SpanPair:
    """One aligned pair as spans of the two texts (an empty side is ``(p, p)``)."""

    zh: tuple[int, int]
    en: tuple[int, int]
    score: float
    confidence: float


# A quotation that ends with ! or ? and is glued to what follows (“……批准!”2月3日,……)
# belongs to the same sentence: the attribution or report continues it.
_GLUED_QUOTE_END = re.compile(r"[!?！？][”\"’』」]$")


def split_chinese(text: str) -> list[tuple[int, int]]:
    """Chinese sentence spans: the text core's splitter, paragraph by paragraph.

    One refinement: a quotation closing with ! or ? directly followed by more
    text does not end the sentence (English splitting follows the same rule).
    """
    from reader.text.sentences import split_paragraphs, split_sentences

    out: list[tuple[int, int]] = []
    for pa, pb in split_paragraphs(text):
        spans = split_sentences(text, pa, pb)
        merged: list[tuple[int, int]] = []
        for a, b in spans:
            if merged and merged[-1][1] == a and _GLUED_QUOTE_END.search(text, merged[-1][0], merged[-1][1]):
                merged[-1] = (merged[-1][0], b)
            else:
                merged.append((a, b))
        out.extend(merged)
    return out


def _para_ends(text: str, spans: Sequence[tuple[int, int]]) -> list[bool]:
    out = []
    for k, (_a, b) in enumerate(spans):
        nxt = spans[k + 1][0] if k + 1 < len(spans) else len(text)
        out.append(k + 1 == len(spans) or "\n" in text[b:nxt])
    return out


def align_texts(
    zh_text: str,
    en_text: str,
    *,
    params: AlignParams | None = None,
    lexicon: Lexicon | None = None,
) -> list[SpanPair]:
    """Split both texts into sentences and align them.

    Paragraphs are lines; matching paragraph ends are soft evidence (used only
    when both texts have several paragraphs).  A pair's span runs from the
    start of its first sentence to the end of its last, so it is an exact
    substring of the text.
    """
    zh_spans = split_chinese(zh_text)
    en_spans = split_english(en_text)
    zh_sents = [zh_text[a:b] for a, b in zh_spans]
    en_sents = [en_text[a:b] for a, b in en_spans]
    zf, ef = prepare(zh_sents, en_sents, lexicon)
    zf.para_end = _para_ends(zh_text, zh_spans)
    ef.para_end = _para_ends(en_text, en_spans)
    beads = align(zh_sents, en_sents, params=params, features=(zf, ef))
    out = []
    zpos = epos = 0
    for bead in beads:
        if bead.zh:
            zs = (zh_spans[bead.zh[0]][0], zh_spans[bead.zh[-1]][1])
            zpos = zs[1]
        else:
            zs = (zpos, zpos)
        if bead.en:
            es = (en_spans[bead.en[0]][0], en_spans[bead.en[-1]][1])
            epos = es[1]
        else:
            es = (epos, epos)
        out.append(SpanPair(zs, es, bead.score, bead.confidence))
    return out
