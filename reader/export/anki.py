"""Anki export: notes that keep their identity across re-exports.

The exporter is pure: it takes :class:`WordNote`, :class:`SentenceNote` and
:class:`PassageNote` values (plain text in, built by the library facade from
the store) and writes an ``.apkg`` (genanki) or a ``.tsv`` for Anki's text
importer.  Two properties make re-exports safe:

* each note's GUID comes from the item's stable id (``uid``), never from its
  text, so an edited word updates its note instead of adding a second one;
* each note's modification time is the item's last edit: Anki's importer
  updates a note only when the incoming one is newer, and leaves notes the
  user edited in Anki after our last change alone.

Every field is HTML-escaped text (a note containing ``<script>`` arrives as
text); notes written in Markdown are rendered with raw HTML escaped and
unsafe link targets dropped.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import os
import re
import sqlite3
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import genanki
import markdown
from markdown.treeprocessors import Treeprocessor

from reader.errors import ExportError
from reader.export import anki_templates as templates
from reader.text.pinyin_format import Syllable, join_syllables, parse_numbered, pinyin_marks, zhuyin  # noqa: F401

DEFAULT_DECK = "Duizhao"

# --------------------------------------------------------------------------
# Input values


@dataclass(frozen=True)
class WordNote:
    """A saved word: ``Duizhao Word`` note (plain-text inputs)."""

    uid: str
    simplified: str
    traditional: str = ""
    pinyin_numbers: str = ""  # CC-CEDICT style "yin2 hang2"; coloured pinyin and zhuyin come from it
    senses: tuple[str, ...] = ()
    hsk: str = ""  # e.g. hsk_label(2, 3)
    sentence: str = ""  # the sentence the word was saved from
    word_start: int | None = None  # code-point offset of the word in ``sentence`` (None: first occurrence)
    sentence_en: str = ""  # the aligned English sentence
    source_title: str = ""
    source_url: str = ""
    notes: str = ""  # Markdown
    tags: tuple[str, ...] = ()
    deck: str = DEFAULT_DECK
    modified: float = 0.0  # epoch seconds of the item's last edit
    guid: str | None = None  # overrides the GUID derived from ``uid``


@dataclass(frozen=True)
class SentenceNote:
    """A sentence with one span to recall: ``Duizhao Sentence`` cloze note."""

    uid: str
    sentence: str
    cloze_start: int  # code-point span of the clozed word in ``sentence``
    cloze_end: int
    english: str = ""
    # One item per token: numbered pinyin for Chinese words ("yin2 hang2"), the
    # token itself for anything else ("，", "GDP"); see sentence_pinyin_html().
    pinyin: tuple[str, ...] = ()
    source_title: str = ""
    source_url: str = ""
    tags: tuple[str, ...] = ()
    deck: str = DEFAULT_DECK
    modified: float = 0.0
    guid: str | None = None


@dataclass(frozen=True)
class PassageNote:
    """A highlighted passage with the reader's note: ``Duizhao Passage`` note."""

    uid: str
    quote: str
    note: str = ""  # Markdown
    translation: str = ""  # the aligned text of the other language
    source_title: str = ""
    source_url: str = ""
    tags: tuple[str, ...] = ()
    deck: str = DEFAULT_DECK
    modified: float = 0.0
    guid: str | None = None


AnyNote = WordNote | SentenceNote | PassageNote


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote (``written`` is False when there was nothing to export)."""

    path: Path
    words: int = 0
    sentences: int = 0
    passages: int = 0
    tsv: bool = False
    written: bool = True
    media: int = 0  # media files (audio) in the package

    @property
    def total(self) -> int:
        """Number of notes in the file."""
        return self.words + self.sentences + self.passages


# --------------------------------------------------------------------------
# Pinyin (the spelling rules live in reader.text.pinyin_format)

def pinyin_html(pinyin_numbers: str) -> str:
    """Tone-coloured pinyin: one ``<span class="toneN">`` per syllable (escaped HTML)."""

    def render(syl: Syllable) -> str:
        if syl.tone is None:
            return html.escape(syl.text)
        return f'<span class="tone{syl.tone}">{html.escape(syl.text)}</span>'

    return join_syllables(parse_numbered(pinyin_numbers), render)


_PUNCT_ASCII = str.maketrans({"，": ",", "、": ",", "。": ".", "！": "!", "？": "?", "：": ":", "；": ";",
                              "“": '"', "”": '"', "‘": "'", "’": "'", "（": "(", "）": ")", "《": "«", "》": "»"})


def sentence_pinyin_html(words: Sequence[str]) -> str:
    """A sentence's tone-coloured pinyin from per-token numbered pinyin (see :class:`SentenceNote`)."""
    out: list[str] = []
    for word in words:
        word = clean_text(word).strip()
        if not word:
            continue
        syllables = parse_numbered(word)
        if all(s.tone is None for s in syllables):  # punctuation, Latin, numbers: as written
            literal = word.translate(_PUNCT_ASCII)
            glue = "" if (not out or not literal[:1].isalnum()) and literal[:1] not in "(«\"" else " "
            out.append(glue + html.escape(literal))
        else:
            out.append((" " if out else "") + pinyin_html(word))
    return "".join(out)


def hsk_label(hsk2: int | None, hsk3: int | None) -> str:
    """The HSK field: "HSK 3.0 level 3 · HSK 2.0 level 2" (empty if neither)."""
    parts = []
    if hsk3:
        parts.append(f"HSK 3.0 level {'7–9' if hsk3 >= 7 else hsk3}")
    if hsk2:
        parts.append(f"HSK 2.0 level {hsk2}")
    return " · ".join(parts)


# --------------------------------------------------------------------------
# Safe HTML

# C0 controls (and DEL) never belong in a field; \x1f is Anki's field separator.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SAFE_SCHEMES = {"http", "https", "mailto"}
_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


def clean_text(text: str) -> str:
    """``text`` without control characters and with Unix newlines."""
    return _CONTROL_RE.sub("", (text or "").replace("\r\n", "\n").replace("\r", "\n"))


def text_html(text: str) -> str:
    """Plain text as an HTML field: escaped, newlines as ``<br>``, no tabs or controls."""
    escaped = html.escape(clean_text(text), quote=True)
    return escaped.replace("\n", "<br>").replace("\t", "&#9;")


def _cloze_safe(text: str) -> str:
    # Braces become entities so text can never form a second {{c1::...}}.
    return text_html(text).replace("{", "&#123;").replace("}", "&#125;")


def safe_url(url: str) -> bool:
    """True for http(s)/mailto URLs and relative references; False for javascript: & co.

    ``url`` is an attribute value as it will be written: entities in it are
    decoded first, as a browser does (``&#106;avascript:`` is ``javascript:``).
    """
    decoded = html.unescape((url or "").replace(markdown.util.AMP_SUBSTITUTE, "&"))
    squeezed = re.sub(r"[\x00-\x20\x7f]", "", decoded)  # browsers ignore these inside a scheme
    m = _SCHEME_RE.match(squeezed)
    return m is None or m.group(1).lower() in _SAFE_SCHEMES


class _DropUnsafeUrls(Treeprocessor):
    def run(self, root):
        for element in root.iter():
            for attr in ("href", "src"):
                value = element.get(attr)
                if value is not None and not safe_url(value):
                    del element.attrib[attr]


class _SafeMarkdown(markdown.Extension):
    """Markdown with raw HTML escaped (block and inline) and unsafe URLs removed."""

    def extendMarkdown(self, md):  # noqa: N802 - Markdown's hook name
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_DropUnsafeUrls(md), "duizhao_safe_urls", 1)


_local = threading.local()
# Text with none of these needs no Markdown parsing (most notes are a plain sentence or two).
_MARKDOWN_SYNTAX = re.compile(r"[\\`*_\[\]<>#+\-=|~!&]|\n\s*\n|^\s|^\d+[.)]", re.MULTILINE)


def markdown_html(text: str) -> str:
    """Render a note written in Markdown to safe HTML on one line (newlines as entities)."""
    text = clean_text(text).strip()
    if not text:
        return ""
    if not _MARKDOWN_SYNTAX.search(text):
        return "<p>" + text_html(text).replace("<br>", "<br />") + "</p>"
    md = getattr(_local, "md", None)
    if md is None:
        md = _local.md = markdown.Markdown(extensions=[_SafeMarkdown(), "nl2br", "sane_lists"], output_format="html")
    md.reset()
    rendered = md.convert(text)
    # A field is one TSV cell: newlines matter only inside <pre>, where &#10; keeps them.
    return rendered.replace("\t", "&#9;").replace("\n", "&#10;")


def source_html(title: str, url: str) -> str:
    """The Source field: the title linked to the URL (only http(s) URLs become links)."""
    title, url = clean_text(title).strip(), clean_text(url).strip()
    label = text_html(title or url)
    if url and re.match(r"^https?://", url, re.IGNORECASE) and safe_url(url):
        return f'<a href="{html.escape(url, quote=True)}">{label}</a>'
    if title and url:
        return f"{label} · {text_html(url)}"
    return label


def senses_html(senses: Sequence[str]) -> str:
    """The Meaning field: one sense as text, several as a numbered list."""
    senses = [s for s in (clean_text(x).strip() for x in senses) if s]
    if len(senses) <= 1:
        return text_html(senses[0]) if senses else ""
    return "<ol>" + "".join(f"<li>{text_html(s)}</li>" for s in senses) + "</ol>"


def anki_tag(tag: str) -> str:
    """A tag Anki accepts: no spaces (runs of whitespace become ``_``), no controls."""
    return re.sub(r"\s+", "_", clean_text(tag).strip()).replace('"', "")


def _tags(tags: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for tag in tags:
        cleaned = anki_tag(tag)
        if cleaned:
            seen.setdefault(cleaned, None)
    return list(seen)


def deck_name(title: str | None = None, root: str = DEFAULT_DECK) -> str:
    """``Duizhao`` or ``Duizhao::<title>`` (a title cannot add deeper levels)."""
    if title is None:
        return root
    cleaned = re.sub(r"\s+", " ", clean_text(title).replace("::", ":")).strip() or "Untitled"
    return f"{root}::{cleaned}"


def deck_id(name: str) -> int:
    """A stable deck id from the deck name (Anki matches decks by name anyway)."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return (1 << 40) + int.from_bytes(digest[:5], "big")


def note_guid(kind: str, uid: str) -> str:
    """The Anki GUID of a note: from the item's kind and stable id, never its text.

    Hex only, so the GUID needs no quoting in a TSV cell and never starts a
    line with ``#`` (Anki's comment mark).
    """
    digest = hashlib.sha256(f"duizhao\x1f{kind}\x1f{uid}".encode()).hexdigest()
    return "dz" + digest[:20]


# --------------------------------------------------------------------------
# Notes to fields


def _kind(note: AnyNote) -> str:
    if isinstance(note, WordNote):
        return "word"
    if isinstance(note, SentenceNote):
        return "sentence"
    if isinstance(note, PassageNote):
        return "passage"
    raise TypeError(f"not an Anki note value: {type(note).__name__}")


def _marked_sentence(sentence: str, word: str, start: int | None) -> str:
    sentence = clean_text(sentence)
    if start is None or sentence[start : start + len(word)] != word:
        start = sentence.find(word) if word else -1
    if start < 0:
        return text_html(sentence)
    end = start + len(word)
    return f"{text_html(sentence[:start])}<b>{text_html(sentence[start:end])}</b>{text_html(sentence[end:])}"


def word_fields(note: WordNote) -> list[str]:
    """The ``Duizhao Word`` fields in model order (HTML)."""
    simplified = clean_text(note.simplified).strip()
    return [
        text_html(simplified),
        text_html(note.traditional.strip()),
        pinyin_html(clean_text(note.pinyin_numbers)),
        text_html(zhuyin(clean_text(note.pinyin_numbers))),
        senses_html(note.senses),
        text_html(note.hsk),
        _marked_sentence(note.sentence, simplified, note.word_start) if note.sentence else "",
        text_html(note.sentence_en),
        source_html(note.source_title, note.source_url),
        markdown_html(note.notes),
    ]


def sentence_fields(note: SentenceNote) -> list[str]:
    """The ``Duizhao Sentence`` fields in model order; the span becomes ``{{c1::...}}``."""
    text = note.sentence
    start, end = max(0, note.cloze_start), min(len(text), note.cloze_end)
    if start >= end:
        raise ExportError(f"sentence note {note.uid}: empty cloze span {note.cloze_start}..{note.cloze_end}")
    cloze = f"{_cloze_safe(text[:start])}{{{{c1::{_cloze_safe(text[start:end])}}}}}{_cloze_safe(text[end:])}"
    pinyin = sentence_pinyin_html(note.pinyin)
    return [cloze, text_html(note.english), pinyin, source_html(note.source_title, note.source_url)]


def passage_fields(note: PassageNote) -> list[str]:
    """The ``Duizhao Passage`` fields in model order (HTML)."""
    return [
        text_html(note.quote),
        markdown_html(note.note),
        text_html(note.translation),
        source_html(note.source_title, note.source_url),
    ]


_FIELDS: dict[str, Callable[[Any], list[str]]] = {"word": word_fields, "sentence": sentence_fields, "passage": passage_fields}
_MODELS = {"word": templates.word_model(), "sentence": templates.sentence_model(), "passage": templates.passage_model()}


def note_fields(note: AnyNote, sounds: Mapping[str, str] | None = None) -> list[str]:
    """The HTML fields of any note value, in its note type's order.

    ``sounds`` (``{"word": file, "sentence": file}``, media file names) adds
    ``[sound:...]`` tags to fields shown on the answer side only: a word
    note's Pinyin (the word) and Sentence (the sentence), a sentence note's
    Pinyin (the sentence).  The note types' fields stay as they are.
    """
    kind = _kind(note)
    fields = _FIELDS[kind](note)
    for key, index in _SOUND_FIELDS.get(kind, ()):
        name = (sounds or {}).get(key)
        if name:
            fields[index] += sound_tag(name)
    return fields


# (sound key, field index) per kind: the back-only fields that carry audio.
_SOUND_FIELDS = {
    "word": (("word", templates.WORD_FIELDS.index("Pinyin")), ("sentence", templates.WORD_FIELDS.index("Sentence"))),
    "sentence": (("sentence", templates.SENTENCE_FIELDS.index("Pinyin")),),
}
_MEDIA_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def sound_tag(filename: str) -> str:
    """``[sound:filename]`` for a media file name of our own making (letters, digits, ``._-``)."""
    if not _MEDIA_NAME.match(filename or "") or "]" in filename:
        raise ExportError(f"not a safe media file name: {filename!r}")
    return f"[sound:{filename}]"


def media_name(kind: str, text: str, voice: str, suffix: str = ".wav") -> str:
    """A stable media file name for ``text`` spoken by ``voice``: the same audio always gets the same name."""
    digest = hashlib.sha256(f"{voice}\x1f{text}".encode()).hexdigest()[:20]
    return f"duizhao-{kind}-{digest}{suffix}"


def note_kind(note: AnyNote) -> str:
    """``"word"``, ``"sentence"`` or ``"passage"``."""
    return _kind(note)


def note_models() -> dict[str, genanki.Model]:
    """kind -> the genanki note type the exports use (fields, templates, CSS)."""
    return dict(_MODELS)


def note_tags(note: AnyNote) -> list[str]:
    """The note's tags as Anki accepts them."""
    return _tags(note.tags)


def _plain(field_html: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", field_html))


def _mod(note: AnyNote, now: float) -> int:
    return int(note.modified) if note.modified and note.modified > 0 else int(now)


# --------------------------------------------------------------------------
# Writers


class _Note(genanki.Note):
    """A genanki note whose ``notes.mod`` is the item's last edit, not the export time."""

    def __init__(self, *args, mod: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.mod = mod

    def write_to_db(self, cursor, timestamp, deck_id, id_gen):  # noqa: D102 - genanki hook
        super().write_to_db(cursor, self.mod, deck_id, id_gen)


class _Package(genanki.Package):
    """genanki's package, compressed, with its temporary database cleaned up."""

    def __init__(self, decks, media: Mapping[str, str | os.PathLike] | None = None):
        super().__init__(decks)
        self.media = dict(media or {})  # name in Anki -> file to read

    def write_to_file(self, file, timestamp=None):  # noqa: D102 - genanki hook
        timestamp = time.time() if timestamp is None else timestamp
        with tempfile.TemporaryDirectory(prefix="duizhao-apkg-") as tmp:
            db_path = os.path.join(tmp, "collection.anki2")
            conn = sqlite3.connect(db_path)
            try:
                cursor = conn.cursor()
                self.write_to_db(cursor, timestamp, itertools.count(int(timestamp * 1000)))
                conn.commit()
            finally:
                conn.close()
            with zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED) as out:
                out.write(db_path, "collection.anki2")
                # Anki's package layout: media stored as "0", "1", ... and named in "media".
                names = {}
                for index, (name, source) in enumerate(sorted(self.media.items())):
                    out.write(os.fspath(source), str(index))
                    names[str(index)] = name
                out.writestr("media", json.dumps(names))


def _counts(notes: Sequence[AnyNote]) -> tuple[int, int, int]:
    """How many word, sentence and passage notes."""
    counts = {"word": 0, "sentence": 0, "passage": 0}
    for note in notes:
        counts[_kind(note)] += 1
    return counts["word"], counts["sentence"], counts["passage"]


def _replace_atomically(path: Path, write) -> None:
    """Write through a temporary file beside ``path`` (a regular file only) so a failed export leaves no half file."""
    from reader.export.files import replace_atomically

    replace_atomically(path, write)


def write_apkg(notes: Iterable[AnyNote], path: str | os.PathLike, *, now: float | None = None,
               media: Mapping[str, str | os.PathLike] | None = None,
               sounds: Mapping[str, Mapping[str, str]] | None = None) -> ExportResult:
    """Write ``notes`` as an Anki package (one deck per distinct ``note.deck``).

    ``media``: media file name -> the file to put in the package; ``sounds``:
    note uid -> ``{"word"|"sentence": media file name}`` (see :func:`note_fields`).
    """
    notes = list(notes)
    now = time.time() if now is None else now
    decks: dict[str, genanki.Deck] = {}
    for note in notes:
        kind = _kind(note)
        fields = note_fields(note, (sounds or {}).get(note.uid))
        name = note.deck or DEFAULT_DECK
        deck = decks.get(name)
        if deck is None:
            deck = decks[name] = genanki.Deck(deck_id(name), name)
        deck.add_note(
            _Note(
                model=_MODELS[kind],
                fields=fields,
                sort_field=_plain(fields[0]),
                tags=_tags(note.tags),
                guid=note.guid or note_guid(kind, note.uid),
                mod=_mod(note, now),
            )
        )
    if not decks:  # an empty package still needs a deck to be a valid collection
        decks[DEFAULT_DECK] = genanki.Deck(deck_id(DEFAULT_DECK), DEFAULT_DECK)
    package = _Package(list(decks.values()), media)
    _replace_atomically(Path(path), lambda tmp: package.write_to_file(tmp, timestamp=now))
    words, sentences, passages = _counts(notes)
    return ExportResult(Path(path), words, sentences, passages, tsv=False, media=len(media or {}))


TSV_HEADER = (
    "#separator:tab\n"
    "#html:true\n"
    "#notetype column:1\n"
    "#deck column:2\n"
    "#tags column:3\n"
    "#guid column:4\n"
)


def tsv_text(notes: Iterable[AnyNote]) -> str:
    """Anki's text-import format: headers, then note type, deck, tags, guid and the fields."""
    lines = [TSV_HEADER]
    for note in notes:
        kind = _kind(note)
        # The note type comes first: a line starting with "#" would be a comment.
        cells = [
            _MODELS[kind].name,
            note.deck or DEFAULT_DECK,
            " ".join(_tags(note.tags)),
            note.guid or note_guid(kind, note.uid),
            *note_fields(note),
        ]
        # Fields are escaped HTML: no tab, newline or quote can reach a cell.
        lines.append("\t".join(cell.replace("\t", " ").replace("\n", " ") for cell in cells) + "\n")
    return "".join(lines)


def write_tsv(notes: Iterable[AnyNote], path: str | os.PathLike) -> ExportResult:
    """Write ``notes`` as a tab-separated file for Anki's File > Import.

    Anki needs the Duizhao note types to exist: import one ``.apkg`` first.
    """
    notes = list(notes)
    text = tsv_text(notes)

    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)

    _replace_atomically(Path(path), write)
    words, sentences, passages = _counts(notes)
    return ExportResult(Path(path), words, sentences, passages, tsv=True)


def write_notes(notes: Iterable[AnyNote], path: str | os.PathLike, *, tsv: bool = False,
                media: Mapping[str, str | os.PathLike] | None = None,
                sounds: Mapping[str, Mapping[str, str]] | None = None) -> ExportResult:
    """Write ``notes`` as ``.apkg`` (default) or ``.tsv`` (which cannot carry ``media``)."""
    if tsv:
        if media:
            raise ExportError("audio needs an .apkg: a text file for Anki cannot carry media files")
        return write_tsv(notes, path)
    return write_apkg(notes, path, media=media, sounds=sounds)
