"""Paragraph and Chinese sentence boundaries, as code-point spans.

A sentence ends at 。！？ or ASCII ! ? (the seed text uses ASCII punctuation
in Chinese), at an ellipsis …… , or at an ASCII full stop between Han text;
closing quotes and brackets after the end stay with their sentence (“……。”).
"""

from __future__ import annotations

import re

_TERMINAL = "。！？!?｡"
_CLOSERS = "”’」』）)】》〉\"'］]"
_T, _C = re.escape(_TERMINAL), re.escape(_CLOSERS)
_END = re.compile(rf"(?:[{_T}]+|…+|\.{{3,}}|(?<=[\u4e00-\u9fff])\.(?=\s|[\u4e00-\u9fff]|$))[{_C}{_T}…]*")


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines of ``text`` (a paragraph is one line), spaces trimmed."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            spans.append((pos + lead, pos + lead + len(stripped)))
        pos = end + 1
    return spans


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans within ``text[start:end]`` (one paragraph), spaces trimmed."""
    end = len(text) if end is None else end
    spans = []
    pos = start
    for m in _END.finditer(text, start, end):
        # An ellipsis followed by more of the same clause (……的) does not end a sentence
        # unless a quote closes or a new sentence plainly starts; keep it simple:
        # … ends a sentence only when followed by a closer, space or the end.
        if m.group()[0] in "….":
            nxt = text[m.end() : m.end() + 1]
            if m.group()[-1] not in _CLOSERS and nxt and not nxt.isspace() and m.group()[0] == "…":
                continue
        spans.append((pos, m.end()))
        pos = m.end()
    if pos < end:
        spans.append((pos, end))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def zh_sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a Chinese article text, exactly as :func:`reader.text.analysis.analyze` cuts them."""
    return [s for p in split_paragraphs(text) for s in split_sentences(text, *p)]
