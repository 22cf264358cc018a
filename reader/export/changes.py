"""Which exported notes an article's change touched, and the aligned text each annotation shows.

An annotation's Anki note shows its quote, its status and the aligned
sentence(s) of the other language.  When the article's text or alignment
changes (a new English version, pairs merged or split, the file re-anchored),
those can change while the annotation's own fields do not: such annotations
are touched so that "only what changed" exports send them again.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from reader.align.english import en_sentence_spans
from reader.align.pairs import Alignment, apply_edits
from reader.store.records import Annotation
from reader.store.store import Store
from reader.text.sentences import zh_sentence_spans

#: What an annotation's Anki note shows: (quote, status, aligned text).
CardTexts = dict[str, tuple[str, str, str]]


def stored_alignment(store: Store, article_id: int) -> Alignment | None:
    """The article's texts, spans and pairs as stored, or None (no English, not aligned yet)."""
    row = store.article_row(article_id)
    en_spans = en_sentence_spans(row.en_text) if row.en_text else []
    beads = [tuple(b) for b in json.loads(row.beads or "[]")]
    if not beads or not en_spans:
        return None
    zh_spans = zh_sentence_spans(row.zh_text)
    pairs = apply_edits(beads, store.align_edits(row.id), row.zh_text, zh_spans, row.en_text, en_spans)
    return Alignment(row.zh_text, zh_spans, row.en_text, en_spans, pairs)


def partner_texts(store: Store, annotations: Sequence[Annotation]) -> dict[str, str]:
    """The other language's text aligned with each annotation, by uuid (each article's alignment read once)."""
    alignments: dict[int, Alignment | None] = {}
    texts = {}
    for annotation in annotations:
        if annotation.article_id not in alignments:
            alignments[annotation.article_id] = stored_alignment(store, annotation.article_id)
        alignment = alignments[annotation.article_id]
        texts[annotation.uuid] = alignment.partner(annotation) if alignment is not None else ""
    return texts


def card_texts(store: Store, article_id: int) -> CardTexts:
    """(quote, status, aligned text) of each annotation of an article: what its Anki note shows."""
    annotations = store.annotations(article_id)
    if not annotations:
        return {}
    texts = partner_texts(store, annotations)
    return {a.uuid: (a.quote, a.status, "" if a.status == "orphan" else texts[a.uuid]) for a in annotations}


def touch_changed_cards(store: Store, article_id: int, before: CardTexts) -> None:
    """Annotations whose note content changed with the article's text or alignment count as edited.

    Their own fields did not change, but the quote (re-anchored), the status or
    the aligned translation their Anki note shows did: "only what changed"
    exports must send them again.  ``before``: :func:`card_texts` before the change.
    """
    if not before:
        return
    after = card_texts(store, article_id)
    changed = [uuid for uuid, texts in after.items() if uuid in before and before[uuid] != texts]
    if changed:
        store.touch_annotations(changed)
