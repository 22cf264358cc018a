"""Sentence alignment of Chinese and English.

Public API::

    split_english(text) -> list[(start, end)]          English sentence spans
    align(zh_sentences, en_sentences, *, anchors=None) -> list[Bead]
    align_texts(zh_text, en_text) -> list[SpanPair]     split + align, spans into the texts
    word_links(zh_text, en_text) -> list[(zh_start, zh_end, en_spans)]

``Bead(zh, en, score, confidence)``: sentence indices of each side (either may
be empty), a score (about 0 without evidence) and a confidence in 0..1
(below 0.5: worth a look).  Beads cover every sentence once, in order.
"""

from reader.align.aligner import AlignParams, Bead, align
from reader.align.english import split_english
from reader.align.links import word_links
from reader.align.texts import SpanPair, align_texts, split_chinese

__all__ = ["AlignParams", "Bead", "SpanPair", "align", "align_texts", "split_chinese", "split_english", "word_links"]
