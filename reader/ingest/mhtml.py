"""MHTML (``.mhtml``/``.mht``, Chrome's "single file") → the page's HTML bytes and charset.

Only the document part is read; the images, stylesheets and frames stored
beside it are never looked at.
"""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass


@dataclass(frozen=True)
class MhtmlPage:
    """The HTML part of an archive: raw bytes, its MIME charset, and the saved page's address."""

    html: bytes
    charset: str | None
    location: str | None
    subject: str | None


def looks_like_mhtml(data: bytes) -> bool:
    """MIME headers with a multipart/related body at the start of the file."""
    head = data[:4096].lower()
    return b"mime-version:" in head and b"multipart/" in head


def _header(part, name: str) -> str | None:
    value = part.get(name)
    if value is None:
        return None
    # Headers with raw 8-bit bytes come back as Header objects.
    text = str(value) if not isinstance(value, str) else value
    return text.strip() or None


def read_mhtml(data: bytes) -> MhtmlPage | None:
    """The text/html part (the one the snapshot points at, else the first); None if there is none."""
    try:
        message = email.message_from_bytes(data, policy=email.policy.compat32)
        location = _header(message, "Snapshot-Content-Location") or _header(message, "Content-Location")
        subject = _header(message, "Subject")
        if subject:
            subject = str(email.header.make_header(email.header.decode_header(subject)))
        parts = [p for p in message.walk() if p.get_content_type() in ("text/html", "application/xhtml+xml")]
        if not parts:
            return None
        chosen = next((p for p in parts if location and _header(p, "Content-Location") == location), parts[0])
        payload = chosen.get_payload(decode=True)
        if not isinstance(payload, bytes):
            return None
        charset = chosen.get_content_charset()
        return MhtmlPage(payload, charset, location or _header(chosen, "Content-Location"), subject)
    except (ValueError, LookupError, TypeError, AttributeError, UnicodeError, IndexError):
        # The email package tolerates most damage; whatever it still trips on
        # means "not a readable archive".
        return None
