"""Plain-text files (often copies of scraped pages) → title, date, author and article paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.ingest import heuristics
from reader.ingest.normalize import normalize_text

_BLANK = re.compile(r"\n[ \t\u00a0\u3000]*\n")
_INDENT = re.compile(r"^(?=\u3000|[ \t\u00a0]{2})[ \t\u00a0\u3000]+\S")
_LINE_END = re.compile(r"[。！？!?.…”」』\"']\s*$")


@dataclass(frozen=True)
class TextArticle:
    """What a text file yields before the language split."""

    title: str | None
    date: str | None
    author: str | None
    paragraphs: tuple[str, ...]
    site: str | None = None


def text_lines(text: str) -> list[str]:
    """Non-empty normalised lines; hard-wrapped paragraphs (blocks of evenly long lines) are rejoined."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines: list[str] = []
    for block in _BLANK.split(text):
        raw = [line for line in block.split("\n") if line.strip()]
        if len(raw) < 2:  # most often: one paragraph a line, blank lines between
            lines.extend(map(normalize_text, raw))
            continue
        for segment in _indented_segments(raw):
            if _wrapped(segment) or _indented_paragraph(segment):
                lines.append(normalize_text("\n".join(segment)))
            else:
                lines.extend(normalize_text(line) for line in segment)
    return [line for line in lines if line]


def _indented_segments(raw: list[str]) -> list[list[str]]:
    """Cut a block before each indented line when indentation marks paragraph starts (　　 or spaces)."""
    if not any(_INDENT.match(line) for line in raw[1:]):
        return [raw]
    segments: list[list[str]] = []
    for line in raw:
        if not segments or _INDENT.match(line):
            segments.append([line])
        else:
            segments[-1].append(line)
    return segments


def _indented_paragraph(segment: list[str]) -> bool:
    # An indented first line followed by flush-left lines: one wrapped paragraph.
    return (len(segment) >= 2 and bool(_INDENT.match(segment[0]))
            and not any(heuristics.is_boilerplate(line) for line in segment))


def _wrapped(raw: list[str]) -> bool:
    # A wrapped paragraph: 3+ lines, all but the last of similar width and not
    # ending a sentence, none of them boilerplate.  Menus and lists fail this.
    if len(raw) < 3:
        return False
    body = [line.strip() for line in raw[:-1]]
    widths = [_width(line) for line in body]
    if min(widths) < 20 or min(widths) < 0.75 * max(widths):
        return False
    if sum(1 for line in body if _LINE_END.search(line)) > len(body) // 2:
        return False
    return not any(heuristics.is_boilerplate(line) for line in raw)


def _width(line: str) -> int:
    return len(line) + heuristics.han_count(line)  # a Han character is two columns wide


def extract_text(text: str) -> TextArticle:
    """The article in a text file; a file that is just prose comes through whole."""
    lines = text_lines(text)
    found = heuristics.analyse_lines(lines)
    if found is None:
        return TextArticle(None, None, None, ())
    return TextArticle(found.title, found.date, found.author, found.paragraphs, found.site)


def paste_paragraphs(text: str) -> tuple[str, ...]:
    """Pasted text: every non-empty line or wrapped block is a paragraph; nothing is judged boilerplate."""
    return tuple(text_lines(text))
