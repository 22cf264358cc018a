"""Annotation exports: Markdown per article, CSV, and W3C Web Annotation JSON (which imports back).

The JSON is an ``AnnotationCollection`` of W3C Web Annotations: each target
carries a ``TextQuoteSelector`` (exact, prefix, suffix) and a
``TextPositionSelector`` (code points) on the article's Chinese or English
text, and the annotation ``id`` is ``urn:uuid:<uuid>`` so importing the same
file twice adds nothing.  The article is named by its content hash
(``urn:duizhao:article:<hash>:<side>``), the identity the library uses.

The writers take plain records (:class:`ArticleNotes`); reading them from the
store is :mod:`reader.export.store_io`'s part.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.errors import ExportError, InputError
from reader.store.records import Annotation, ArticleInfo

FORMATS = ("md", "csv", "json")
W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
_SOURCE = re.compile(r"^urn:duizhao:article:([0-9a-f]{64}):(zh|en)$")
_UUID = re.compile(r"^urn:uuid:([0-9a-fA-F-]{36})$")

CSV_COLUMNS = (
    "uuid", "article_id", "article_title", "side", "start", "end", "quote", "partner", "note", "tags",
    "color", "status", "created_at", "updated_at",
)


@dataclass(frozen=True)
class ArticleNotes:
    """One article's annotations, as the writers need them."""

    info: ArticleInfo
    annotations: Sequence[Annotation]  # not deleted, in document order
    partners: Mapping[str, str]  # annotation uuid -> the aligned text of the other language
    content_hash: str  # the article's identity (W3C JSON names the article by it)


def _write(path: Path, text: str) -> Path:
    """Write atomically, a regular file only (:func:`reader.export.files.write_text`), making its folder."""
    from reader.export.files import write_text

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    return write_text(path, text)


def check_format(fmt: str) -> None:
    """Raise ExportError unless ``fmt`` is one of :data:`FORMATS`."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r} (use {', '.join(FORMATS)})")


def export(fmt: str, path: Path, articles: Sequence[ArticleNotes]) -> Path:
    """Write ``articles``' annotations to ``path`` in ``fmt`` (Markdown into a folder: one file per article)."""
    check_format(fmt)
    if fmt == "md" and path.is_dir():
        for notes in articles:
            name = _safe_name(notes.info.title or f"article-{notes.info.id}")
            _write(path / f"{notes.info.id:04d}-{name}.md", to_markdown([notes]))
        return path
    text = {"md": to_markdown, "csv": to_csv, "json": to_json}[fmt](articles)
    return _write(path, text)


def _safe_name(title: str) -> str:
    return re.sub(r"[\\/:*?\"<>|\s]+", "-", title).strip("-")[:60] or "article"


def to_markdown(articles: Sequence[ArticleNotes]) -> str:
    """One section per article: each annotation's quote, its partner sentence and its note."""
    out: list[str] = []
    for article in articles:
        info, notes, partners = article.info, article.annotations, article.partners
        out.append(f"# {info.title or 'Untitled article'}\n")
        meta = [x for x in (info.date, info.site, info.source_url) if x]
        if meta:
            out.append(" · ".join(meta) + "\n")
        if not notes:
            out.append("_No annotations._\n")
        for ann in notes:
            out.append(f"> {_one_line(ann.quote)}")
            partner = partners[ann.uuid]
            if partner:
                out.append(">")
                out.append(f"> *{_one_line(partner)}*")
            out.append("")
            if ann.note:
                out.append(ann.note.strip() + "\n")
            extra = []
            if ann.tags:
                extra.append(" ".join(f"#{t}" for t in ann.tags))
            if ann.status == "orphan":
                extra.append("**needs review**: the text changed and this note lost its place")
            if extra:
                out.append(" · ".join(extra) + "\n")
            out.append("---\n")
    return "\n".join(out).rstrip() + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def to_csv(articles: Sequence[ArticleNotes]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for article in articles:
        info, partners = article.info, article.partners
        for ann in article.annotations:
            writer.writerow([
                ann.uuid, ann.article_id, info.title or "", ann.side, ann.start, ann.end, ann.quote,
                partners[ann.uuid], ann.note or "", " ".join(ann.tags), ann.color or "", ann.status,
                ann.created_at, ann.updated_at,
            ])
    return buffer.getvalue()


def to_w3c(ann: Annotation, content_hash: str, info: ArticleInfo) -> dict:
    """One annotation as a W3C Web Annotation."""
    body = []
    if ann.note:
        body.append({"type": "TextualBody", "value": ann.note, "format": "text/markdown", "purpose": "commenting"})
    body.extend({"type": "TextualBody", "value": t, "purpose": "tagging"} for t in ann.tags)
    item = {
        "@context": W3C_CONTEXT,
        "id": f"urn:uuid:{ann.uuid}",
        "type": "Annotation",
        "created": ann.created_at,
        "modified": ann.updated_at,
        "motivation": "commenting" if ann.note else "highlighting",
        "body": body,
        "target": {
            "source": f"urn:duizhao:article:{content_hash}:{ann.side}",
            "selector": [
                {"type": "TextQuoteSelector", "exact": ann.quote, "prefix": ann.prefix, "suffix": ann.suffix},
                {"type": "TextPositionSelector", "start": ann.start, "end": ann.end},
            ],
        },
        "duizhao:article": {"title": info.title, "paths": list(info.paths), "source_url": info.source_url},
        "duizhao:color": ann.color,
        "duizhao:style": ann.style,
        "duizhao:status": ann.status,
    }
    if ann.anki_guid:
        item["duizhao:anki_guid"] = ann.anki_guid
    return item


def to_json(articles: Sequence[ArticleNotes]) -> str:
    items: list[dict] = []
    for article in articles:
        items.extend(to_w3c(ann, article.content_hash, article.info) for ann in article.annotations)
    collection = {
        "@context": W3C_CONTEXT,
        "type": "AnnotationCollection",
        "label": "Duizhao annotations",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
    return json.dumps(collection, ensure_ascii=False, indent=1) + "\n"


def from_w3c(item: dict) -> tuple[str, Annotation]:
    """(article content hash, annotation) from one W3C annotation; raises InputError if unusable."""
    match = _UUID.match(str(item.get("id", "")))
    target = item.get("target") or {}
    source = _SOURCE.match(str(target.get("source", "")))
    if not match or not source:
        raise InputError("not a Duizhao annotation (no urn:uuid id or urn:duizhao source)")
    selectors = target.get("selector") or []
    if isinstance(selectors, dict):
        selectors = [selectors]
    quote = next((s for s in selectors if s.get("type") == "TextQuoteSelector"), None)
    position: dict = next((s for s in selectors if s.get("type") == "TextPositionSelector"), {})
    if not quote or not quote.get("exact"):
        raise InputError("an annotation without a TextQuoteSelector")
    bodies = item.get("body") or []
    if isinstance(bodies, dict):
        bodies = [bodies]
    note = next((b.get("value") for b in bodies if b.get("purpose") != "tagging" and b.get("value")), None)
    tags = tuple(b["value"] for b in bodies if b.get("purpose") == "tagging" and b.get("value"))
    start = int(position.get("start", 0))
    end = int(position.get("end", start + len(quote["exact"])))
    ann = Annotation(
        uuid=match.group(1).lower(), article_id=0, side=source.group(2), start=start, end=end,
        quote=quote["exact"], note=note, color=item.get("duizhao:color"), tags=tags, status="exact", score=1.0,
        created_at=item.get("created") or "", updated_at=item.get("modified") or item.get("created") or "",
        deleted=False, anki_guid=item.get("duizhao:anki_guid"), prefix=quote.get("prefix", ""),
        suffix=quote.get("suffix", ""), style=item.get("duizhao:style") or "highlight",
    )
    return source.group(1), ann


def read_json(path: Path) -> tuple[list[tuple[str, Annotation]], int]:
    """The annotations of a W3C JSON file as (article content hash, annotation), and how many were unreadable.

    Raises InputError when the file is unreadable or not a W3C annotation collection.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise InputError(f"{path} is not JSON: {exc}") from None
    if isinstance(data, dict) and data.get("type") == "AnnotationCollection":
        items = (data.get("first") or {}).get("items") or data.get("items") or []
    elif isinstance(data, dict) and data.get("type") == "Annotation":
        items = [data]
    elif isinstance(data, list):
        items = data
    else:
        raise InputError(f"{path} is not a W3C annotation collection")
    found: list[tuple[str, Annotation]] = []
    skipped = 0
    for item in items:
        if not isinstance(item, dict):
            skipped += 1
            continue
        try:
            found.append(from_w3c(item))
        except (InputError, TypeError, ValueError):
            skipped += 1
    return found, skipped
