"""Exports and imports run against the store: gather plain records, write them, record what was exported.

The writers (:mod:`reader.export.annotations`, :mod:`reader.export.anki_items`)
only see plain records; this module reads them from the
:class:`~reader.store.store.Store` (never the facade, which calls these).
"""

from __future__ import annotations

from pathlib import Path

from reader.align.english import en_sentence_spans
from reader.errors import InputError
from reader.export import annotations as annotation_writer
from reader.export.anki import ExportResult
from reader.export.anki_items import export_items
from reader.export.changes import partner_texts
from reader.store.records import ArticleInfo
from reader.store.store import Store, now
from reader.text.sentences import zh_sentence_spans


def _chosen_articles(store: Store, article_id: int | None) -> list[ArticleInfo]:
    infos = store.article_infos()
    if article_id is not None:
        infos = [i for i in infos if i.id == article_id]
        if not infos:
            raise InputError(f"no article with id {article_id}")
    return sorted(infos, key=lambda i: i.id)


def export_annotations(store: Store, fmt: str, path: Path, article_id: int | None = None) -> Path:
    """Write the annotations of one article (or all) as ``md``, ``csv`` or W3C ``json``."""
    annotation_writer.check_format(fmt)
    notes = []
    for info in _chosen_articles(store, article_id):
        annotations = store.annotations(info.id)
        digest = store.article_row(info.id).content_hash
        partners = partner_texts(store, annotations)
        notes.append(annotation_writer.ArticleNotes(info, tuple(annotations), partners, digest))
    return annotation_writer.export(fmt, path, notes)


def import_annotations(store: Store, path: Path, notices: list[str]) -> int:
    """Add the annotations of a W3C JSON file (known uuids skipped); returns how many were added."""
    items, skipped = annotation_writer.read_json(path)
    added = missing = 0
    for digest, ann in items:
        article = store.article_by_hash(digest)
        if article is None:
            missing += 1
            continue
        text = article.zh_text if ann.side == "zh" else article.en_text
        spans = zh_sentence_spans(text) if ann.side == "zh" else en_sentence_spans(text) if text else []
        if store.import_annotation(ann, article.id, spans, text):
            added += 1
    if skipped or missing:
        notices.append(
            f"Import of {path.name}: {added} added, {missing} for articles not in the library, {skipped} not readable."
        )
    return added


def export_anki(store: Store, path, *, article_id: int | None = None, words: bool = True, sentences: bool = True,
                passages: bool = True, changed_only: bool = False, tsv: bool = False,
                deck_per_article: bool = False, audio: bool = False) -> ExportResult:
    """Write an Anki deck (or TSV) from the store, then record ``exported_at`` per item written."""
    # Stamped before reading: an edit made while the file is written stays "changed".
    started = now()
    articles = {info.id: info for info in store.article_infos()}
    if article_id is not None and article_id not in articles:
        raise InputError(f"no article with id {article_id}")
    annotations = store.annotations(article_id) if passages else []
    translations = partner_texts(store, annotations)
    exported = export_items(
        path,
        words=store.words(article_id) if (words or sentences) else [],
        annotations=annotations,
        articles=articles,
        translate=lambda annotation: translations[annotation.uuid],  # type: ignore[attr-defined]  # an Annotation
        include_words=words,
        include_sentences=sentences,
        include_passages=passages,
        changed_only=changed_only,
        tsv=tsv,
        deck_per_article=deck_per_article,
        audio=audio,
    )
    if exported.result.written:
        with store.write():  # one transaction for the whole batch
            for word in exported.words:
                store.mark_word_exported(word.id, started)
            for word in exported.sentence_words:
                store.mark_word_exported(word.id, started, kind="sentence")
            for ann in exported.annotations:
                store.update_annotation(ann.uuid, exported_at=started)
    return exported.result
