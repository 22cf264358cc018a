"""Text normalisation applied to every extracted paragraph.

Annotation offsets are stored against normalised text, so any change to what
:func:`normalize_text` produces must bump :data:`NORMALIZER_VERSION`.
"""

from __future__ import annotations

import re
import unicodedata

#: Version of :func:`normalize_text`; stored with each article.
NORMALIZER_VERSION = 1

# Invisible characters that only break matching: zero-width space/joiners,
# word joiner, BOM, soft hyphen.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# C0/C1 controls other than whitespace become nothing (they come from broken
# encodings or binary junk, never from prose).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# Runs of horizontal space are folded first, so the line-break pattern below
# never rescans a long run of spaces (that would be quadratic).
_HSPACE = re.compile(r"[^\S\r\n\u2028\u2029\x0c\x0b\x85]+")
_LINE_BREAK = re.compile(r" ?[\r\n\u2028\u2029\x0c\x0b\x85]+(?: ?[\r\n\u2028\u2029\x0c\x0b\x85]+)* ?")
_SPACES = re.compile(r"\s+")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\U00020000-\U0003ffff]")


def _join_line(match: re.Match[str]) -> str:
    # A hard line break between two CJK characters is a wrap, not a word
    # boundary: joining with a space would put a space inside a sentence.
    text, start, end = match.string, match.start(), match.end()
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if before and after and _CJK.match(before) and _CJK.match(after):
        return ""
    return " "


def normalize_text(text: str) -> str:
    """One paragraph: NFC, invisible/control characters removed, whitespace folded to single spaces, trimmed."""
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_INVISIBLE)
    text = _CONTROL.sub("", text)
    text = _HSPACE.sub(" ", text)
    text = _LINE_BREAK.sub(_join_line, text)
    return _SPACES.sub(" ", text).strip()


def normalize_paragraphs(paragraphs) -> tuple[str, ...]:
    """Normalise each paragraph and drop the ones left empty."""
    out = []
    for paragraph in paragraphs:
        cleaned = normalize_text(paragraph)
        if cleaned:
            out.append(cleaned)
    return tuple(out)
