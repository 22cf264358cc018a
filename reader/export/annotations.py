"""Annotation exports: Markdown per article, CSV, and W3C Web Annotation JSON (which imports back).

The JSON is an ``AnnotationCollection`` of W3C Web Annotations: each target
carries a ``TextQuoteSelector`` (exact, prefix, suffix) and a
``TextPositionSelector`` (code points) on the article's Chinese or English
text, and the annotation ``id`` is ``urn:uuid:<uuid>`` so importing the same
file twice adds nothing.  The article is named by its content hash
(``urn:duizhao:article:<hash>:<side>``), the identity the library uses.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from reader.errors import ExportError, InputError
from reader.store.records import Annotation

FORMATS = ("md", "csv", "json")
W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
_SOURCE = re.compile(r"^urn:duizhao:article:([0-9a-f]{64}):(zh|en)$")
_UUID = re.compile(r"^urn:uuid:([0-9a-fA-F-]{36})$")

CSV_COLUMNS = (
    "uuid", "article_id", "article_title", "side", "start", "end", "quote", "partner", "note", "tags",
    "color", "status", "created_at", "updated_at",
)


def _write(path: Path, text: str) -> Path:
    """Write atomically, a regular file only (:func:`reader.export.files.write_text`), making its folder."""
    from reader.export.files import write_text

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    return write_text(path, text)


def _articles(library, article_id):
    infos = library.articles()
    if article_id is not None:
        infos = [i for i in infos if i.id == article_id]
        if not infos:
            raise InputError(f"no article with id {article_id}")
    return sorted(infos, key=lambda i: i.id)


def export(library, fmt: str, path: Path, article_id: int | None = None) -> Path:
    """Write the annotations of one article (or all) to ``path`` in ``fmt``."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r} (use {', '.join(FORMATS)})")
    infos = _articles(library, article_id)
    if fmt == "md" and path.is_dir():
        for info in infos:
            name = _safe_name(info.title or f"article-{info.id}")
            _write(path / f"{info.id:04d}-{name}.md", to_markdown(library, [info]))
        return path
    text = {"md": to_markdown, "csv": to_csv, "json": to_json}[fmt](library, infos)
    return _write(path, text)


def _safe_name(title: str) -> str:
    return re.sub(r"[\\/:*?\"<>|\s]+", "-", title).strip("-")[:60] or "article"


def _notes(library, info) -> list[Annotation]:
    return library.annotations(info.id)


def to_markdown(library, infos) -> str:
    """One section per article: each annotation's quote, its partner sentence and its note."""
    out: list[str] = []
    for info in infos:
        notes = _notes(library, info)
        partners = library.partner_texts(notes)
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


def to_csv(library, infos) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for info in infos:
        notes = _notes(library, info)
        partners = library.partner_texts(notes)
        for ann in notes:
            writer.writerow([
                ann.uuid, ann.article_id, info.title or "", ann.side, ann.start, ann.end, ann.quote,
                partners[ann.uuid], ann.note or "", " ".join(ann.tags), ann.color or "", ann.status,
                ann.created_at, ann.updated_at,
            ])
    return buffer.getvalue()


def to_w3c(ann: Annotation, content_hash: str, info) -> dict:
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


def to_json(library, infos) -> str:
    items = []
    for info in infos:
        digest = library.store.article_row(info.id).content_hash
        items.extend(to_w3c(ann, digest, info) for ann in _notes(library, info))
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
    position = next((s for s in selectors if s.get("type") == "TextPositionSelector"), {})
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


def import_json(library, path: Path) -> int:
    """Add the annotations of a W3C JSON file; known uuids are skipped.  Returns how many were added."""
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
    added = skipped = missing = 0
    store = library.store
    for item in items:
        if not isinstance(item, dict):
            skipped += 1
            continue
        try:
            digest, ann = from_w3c(item)
        except (InputError, TypeError, ValueError):
            skipped += 1
            continue
        article = store.article_by_hash(digest)
        if article is None:
            missing += 1
            continue
        text = article.zh_text if ann.side == "zh" else article.en_text
        from reader.library import en_sentence_spans, zh_sentence_spans

        spans = zh_sentence_spans(text) if ann.side == "zh" else en_sentence_spans(text) if text else []
        if store.import_annotation(ann, article.id, spans, text):
            added += 1
    if skipped or missing:
        library.notices.append(
            f"Import of {path.name}: {added} added, {missing} for articles not in the library, "
            f"{skipped} not readable."
        )
    return added
