"""Sentence alignment of Chinese and English.

Public API::

    split_english(text) -> list[(start, end)]          English sentence spans
    align(zh_sentences, en_sentences, *, anchors=None) -> list[Bead]
    align_texts(zh_text, en_text) -> list[SpanPair]     split + align, spans into the texts
    word_links(zh_text, en_text) -> list[(zh_start, zh_end, en_spans)]

``Bead(zh, en, score, confidence)``: sentence indices of each side (either may
be empty), a score (about 0 without evidence) and a confidence in 0..1
(below 0.5: worth a look).  Beads cover every sentence once, in order.

The names load their module on first use (PEP 562): reopening a stored article
needs only ``reader.align.english`` and ``reader.align.pairs``, not the aligner.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.align.aligner import AlignParams, Bead, align
    from reader.align.english import split_english
    from reader.align.links import word_links
    from reader.align.texts import SpanPair, align_texts, split_chinese

_WHERE = {
    "AlignParams": "aligner", "Bead": "aligner", "align": "aligner", "split_english": "english",
    "word_links": "links", "SpanPair": "texts", "align_texts": "texts", "split_chinese": "texts",
}

__all__ = ["AlignParams", "Bead", "SpanPair", "align", "align_texts", "split_chinese", "split_english", "word_links"]


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'reader.align' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"reader.align.{module}"), name)
    globals()[name] = value
    return value
