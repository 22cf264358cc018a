"""Opening files: size/kind checks, decoding, extraction, language split and English pairing."""

from __future__ import annotations

import functools
import logging
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from reader.errors import InputError
from reader.ingest import heuristics
from reader.ingest.decode import Decoded, decode_bytes
from reader.ingest.language import EN, ZH, language, split_mixed, split_sides
from reader.ingest.normalize import NORMALIZER_VERSION, normalize_paragraphs, normalize_text
from reader.ingest.plaintext import extract_text, paste_paragraphs

_LOG = logging.getLogger(__name__)

#: Files larger than this are refused with a clear message (pages of 20 MB and more do open).
MAX_FILE_BYTES = 64 * 1024 * 1024

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".xht")
MHTML_SUFFIXES = (".mhtml", ".mht")
TEXT_SUFFIXES = (".txt", ".text")
SUPPORTED_SUFFIXES = HTML_SUFFIXES + MHTML_SUFFIXES + TEXT_SUFFIXES

_ENGLISH_SUFFIXES = ("-en", "_en", ".en", " en", "english", "-english", "_english", ".english", " english")
_CHINESE_SUFFIX = re.compile(r"(?i)[-_. ]?(?:zh|cn|chs|cht|zh-cn|zh-tw|zh_cn|zh_tw|chinese|中文)$")

# Magic numbers of formats people save or rename by mistake.
_BINARY_MAGIC = (
    (b"%PDF", "a PDF document"), (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"), (b"PK\x03\x04", "a ZIP archive (or Office document)"), (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"), (b"7z\xbc\xaf", "a 7-Zip archive"), (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"RIFF", "a media file"), (b"\x7fELF", "a program"), (b"MZ", "a program"), (b"BM", None),
    (b"SQLite format 3", "a database"), (b"OggS", "an audio file"), (b"ID3", "an audio file"), (b"wOFF", "a font"),
)


def extract_page(text: str):
    """:func:`reader.ingest.html.extract_page`, imported when a page is first read.

    The HTML module and lxml are a third of the package's import time; a text
    file never needs them (the window's first open of a .txt waits for this import).
    """
    from reader.ingest.html import extract_page as extract

    return extract(text)


def _looks_like_mhtml(data: bytes) -> bool:
    """:func:`reader.ingest.mhtml.looks_like_mhtml`, loading that module (and ``email``) only when it may be one."""
    if b"mime-version:" not in data[:4096].lower():
        return False  # the same first test as looks_like_mhtml: no MIME headers, no archive
    from reader.ingest.mhtml import looks_like_mhtml

    return looks_like_mhtml(data)


def _guarded(function):
    """Turn an unexpected library failure into an InputError: the user never sees a traceback.

    The failure is logged with its traceback; the fuzz tests call the unguarded
    functions so that such failures are still found and fixed.
    """

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        what = args[0] if args else kwargs.get("path") or "the text"
        try:
            return function(*args, **kwargs)
        except InputError:
            raise
        except RecursionError:
            raise InputError(f"{what}: the page is nested too deeply to read") from None
        except MemoryError:
            raise InputError(f"{what}: the file is too large to read in the available memory") from None
        except Exception as exc:  # noqa: BLE001 - last line of defence, logged
            _LOG.exception("unexpected failure while reading %s", what)
            raise InputError(f"cannot read {what}: unexpected {exc.__class__.__name__}") from None

    wrapper.unguarded = function  # type: ignore[attr-defined]  # a plain attribute on the wrapper
    return wrapper


@dataclass(frozen=True)
class Extracted:
    """An article as read from a file: metadata, Chinese and English paragraphs, initial pairing."""

    title: str
    date: str | None
    author: str | None
    site: str | None
    source_url: str | None
    encoding: str
    zh: tuple[str, ...]
    en: tuple[str, ...]
    pairs: tuple[tuple[int, int], ...]
    path: str
    en_path: str | None
    en_title: str | None
    normalizer_version: int


@dataclass(frozen=True)
class _Read:
    title: str
    date: str | None
    author: str | None
    site: str | None
    source_url: str | None
    encoding: str
    paragraphs: tuple[str, ...]
    headings: tuple[str, ...]


def _open_regular(path: Path):
    """``path`` opened for reading if it is a regular file, else None: opened without blocking (a FIFO
    would block ``open()`` forever) and checked on the open file, so nothing swapped in after a check is read."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        return None
    return os.fdopen(fd, "rb")


def _read_bytes(path: Path) -> bytes:
    name = str(path)
    try:
        if path.is_dir():
            raise InputError(f"{name} is a folder, not a file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"{name} is too large ({size / 2**20:.0f} MB; the limit is {MAX_FILE_BYTES // 2**20} MB)")
        handle = _open_regular(path)
        if handle is None:
            raise InputError(f"{name} is not a regular file (a pipe, a device or a socket): it is not read")
        with handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied (cannot read the file)") from None
    except IsADirectoryError:
        raise InputError(f"{name} is a folder, not a file") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read the file ({exc.strerror or exc.__class__.__name__})") from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"{name} is too large (the limit is {MAX_FILE_BYTES // 2**20} MB)")
    if not data.strip():
        raise InputError(f"{name} is empty")
    return data


def _check_binary(data: bytes, name: str) -> None:
    for magic, what in _BINARY_MAGIC:
        if what and data.startswith(magic):
            raise InputError(f"{name} looks like {what}, not a web page or text file")
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return  # UTF-16 text is full of NUL bytes
    # Text in any legacy encoding has no C0 control bytes besides tab, line
    # breaks, form feed and ESC (ISO-2022); binary formats are full of them.
    controls = sum(head.count(bytes([b])) for b in (*range(0, 9), 11, *range(14, 27), *range(28, 32)))
    if controls > max(2, len(head) // 100):
        raise InputError(f"{name} looks like a binary file, not a web page or text file")


def _kind(path: Path, data: bytes) -> str:
    suffix = path.suffix.lower()
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if suffix in MHTML_SUFFIXES or _looks_like_mhtml(data):
        return "mhtml"
    if suffix in HTML_SUFFIXES:
        # A page renamed .html that holds no markup at all is plain text.
        return "html" if b"<" in data[:65536] else "text"
    if suffix in TEXT_SUFFIXES:
        # "Save as text" sometimes writes the HTML source.
        return "html" if head.startswith((b"<!doctype html", b"<html")) else "text"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in head or b"<body" in head:
        return "html"
    return "text"


def read_plain_text(path: str | Path) -> str | None:
    """A plain text file's whole text, every line and character kept (only line ends made ``\\n``);
    None when the file is a web page or archive (read those with :func:`load_article`)."""
    path = Path(path)
    data = _read_bytes(path)
    _check_binary(data, str(path))
    if _kind(path, data) != "text":
        return None
    from reader.ingest.decode import decode_bytes

    return decode_bytes(data, sniff_markup=False).text.replace("\r\n", "\n").replace("\r", "\n")


def _read_file(path: Path) -> _Read:
    name = str(path)
    data = _read_bytes(path)
    _check_binary(data, name)
    kind = _kind(path, data)
    subject = location = None
    if kind == "mhtml":
        from reader.ingest.mhtml import read_mhtml

        page = read_mhtml(data)
        if page is None:
            raise InputError(f"{name} is not a readable web archive (no HTML part found)")
        _check_binary(page.html, name)
        decoded = decode_bytes(page.html, declared=page.charset)
        subject, location = page.subject, page.location
        kind = "html"
    else:
        decoded = decode_bytes(data, sniff_markup=(kind == "html"))
    return _extract(decoded, kind, name, subject, location, path)


def _extract(decoded: Decoded, kind: str, name: str, subject, location, path: Path) -> _Read:
    if kind == "html":
        try:
            page = extract_page(decoded.text)
        except RecursionError:
            raise InputError(f"{name}: the page is nested too deeply to read") from None
        if page.too_deep and not page.paragraphs:
            raise InputError(f"{name}: the page is nested too deeply (over 256 levels) to read")
        title = page.title or normalize_text(subject or "")
        source = page.source_url or (location if location and re.match(r"https?://", location) else None)
        return _Read(title, page.date, page.author, page.site, source, decoded.encoding,
                     normalize_paragraphs(page.paragraphs), page.headings)
    found = extract_text(decoded.text)
    return _Read(found.title or "", found.date, found.author, found.site, None, decoded.encoding,
                 normalize_paragraphs(found.paragraphs), ())


def find_english_sibling(path: str | os.PathLike) -> Path | None:
    """A file beside ``path`` whose stem is the same plus ``-en``/``_en``/``.en``/``english``.

    A Chinese marker on the stem is swapped (``story-zh.html`` → ``story-en.html``).
    """
    path = Path(path)
    folder = path.parent
    stem = path.stem
    bases = {stem.lower()}
    bare = _CHINESE_SUFFIX.sub("", stem)
    if bare and bare != stem:
        bases.add(bare.lower())
    wanted = {base + suffix for base in bases for suffix in _ENGLISH_SUFFIXES}
    try:
        # The same kind of file first: story-zh.txt pairs with story-en.txt before story-en.html.
        entries = sorted(folder.iterdir(), key=lambda c: (c.suffix.lower() != path.suffix.lower(), c.name))
    except OSError:
        return None
    for candidate in entries:
        if candidate == path or candidate.suffix.lower() not in SUPPORTED_SUFFIXES:
            continue
        if candidate.stem.lower() in wanted and candidate.is_file():
            return candidate
    return None


@_guarded
def load_english(path: str | os.PathLike | None = None, text: str | None = None) -> tuple[str, ...]:
    """English paragraphs from a file (page or text, boilerplate removed) or from pasted text (kept whole)."""
    if (path is None) == (text is None):
        raise InputError("give either an English file or pasted English text")
    if text is not None:
        paragraphs = paste_paragraphs(text)
        if not paragraphs:
            raise InputError("the pasted English text is empty")
        return paragraphs
    if path is None:
        raise InputError("no English file or text given")
    paragraphs, _title = _load_english_file(Path(path))
    return paragraphs


def _load_english_file(path: Path) -> tuple[tuple[str, ...], str | None]:
    read = _read_file(path)
    sides = split_sides(read.paragraphs)
    # A bilingual page gives its English side; a file that is not English
    # after all is handed over as it is (the aligner/facade decides).
    paragraphs = sides.en or sides.zh
    if not paragraphs:
        raise InputError(f"no text found in {path}")
    return paragraphs, (read.title or None)


def _english_heading(headings: tuple[str, ...], title: str) -> str | None:
    for heading in headings:
        if heading != title and language(heading) == EN and heuristics.size(heading) >= 6:
            return heading
    return None


@_guarded
def load_article(path: str | os.PathLike, english: str | os.PathLike | None = None) -> Extracted:
    """Read a page or text file; pair it with ``english`` or with an English sibling file if there is one.

    Raises :class:`~reader.errors.InputError` for anything that is not a readable article.
    """
    path = Path(path)
    read = _read_file(path)
    sides = split_sides(read.paragraphs)
    if not sides.zh and not sides.en:
        raise InputError(f"no Chinese or English article text found in {path}")
    zh, en, pairs = sides.zh, sides.en, sides.pairs
    title = read.title or path.stem
    en_title = None
    if sides.bilingual:
        en_title = _english_heading(read.headings, title)
        if language(title) != ZH:
            # "English headline 中文标题" in one <title>: each side gets its half.
            halves = dict(split_mixed(title) or ())
            title = halves.get(ZH, title)
            en_title = en_title or halves.get(EN)
    elif not zh:
        en_title = title
    en_path = None
    if english is not None:
        en, en_title = _load_english_file(Path(english))
        en_path, pairs = str(english), ()
    elif zh and not sides.bilingual:
        sibling = find_english_sibling(path)
        if sibling is not None:
            # A broken sibling must not stop the Chinese file from opening.
            try:
                en, en_title = _load_english_file(sibling)
                en_path = str(sibling)
            except InputError:
                pass
            except Exception:  # noqa: BLE001 - logged; the article itself is fine
                _LOG.exception("unexpected failure while reading the English sibling %s", sibling)
    return Extracted(
        title=title, date=read.date, author=read.author, site=read.site, source_url=read.source_url,
        encoding=read.encoding, zh=zh, en=en, pairs=pairs, path=str(path), en_path=en_path, en_title=en_title,
        normalizer_version=NORMALIZER_VERSION,
    )


#: How much of a long plain-text file :func:`preview_article` reads for a first look.
PREVIEW_BYTES = 64 * 1024


def _head(path: Path, limit: int) -> bytes | None:
    """The first ``limit`` bytes of a file longer than that, cut after its last line break; None otherwise."""
    try:
        if not path.is_file() or path.stat().st_size <= limit:
            return None
        handle = _open_regular(path)
        if handle is None:
            return None
        with handle:
            data = handle.read(limit)
    except OSError:
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16: a line break is two bytes, and any byte may be half of one
    # A paragraph boundary if there is one near the end, else a line break: in UTF-8 and the
    # GB and Big5 encodings, byte 0x0A is never part of a multi-byte character.
    cut = max(data.rfind(b"\n\n"), data.rfind(b"\n\r\n"))
    if cut < limit // 2:
        cut = data.rfind(b"\n")
    return data[:cut + 1] if cut > 0 else None


def _preview_text(path: Path, limit: int) -> _Read | None:
    """A long plain-text file's beginning read as :func:`_read_file` reads the whole; None when not such a file."""
    head = _head(path, limit)
    if head is None:
        return None
    _check_binary(head, str(path))
    if _kind(path, head) != "text":
        return None  # a page's main text can only be found in the whole page
    return _extract(decode_bytes(head, sniff_markup=False), "text", str(path), None, None, path)


@_guarded
def preview_article(path: str | os.PathLike, english: str | os.PathLike | None = None,
                    limit: int = PREVIEW_BYTES) -> Extracted | None:
    """The beginning of a long plain-text article, from its first ``limit`` bytes: a first look.

    For showing a long file at once while :func:`load_article` reads the whole
    of it, which it then replaces; the paragraphs are those the whole file's
    reading begins with (the last one may stop early), the title and byline
    the same when the beginning holds them.  None when the file is short
    (read it whole), is a web page (its article is only found in the whole
    page), or its beginning holds no Chinese or English paragraph.  The
    English side: ``english`` or the sibling file, whole when short, its
    beginning when a long text file, else left empty.  ``pairs`` are empty.
    """
    path = Path(path)
    read = _preview_text(path, limit)
    if read is None:
        return None
    sides = split_sides(read.paragraphs)
    if not sides.zh:
        return None
    en: tuple[str, ...] = sides.en
    en_path = None if english is None else str(english)
    other = Path(english) if english is not None else (None if sides.bilingual else find_english_sibling(path))
    if other is not None:
        try:
            if other.stat().st_size <= limit:
                en = _load_english_file(other)[0]
            else:
                english_read = _preview_text(other, limit)
                english_sides = split_sides(english_read.paragraphs) if english_read is not None else None
                en = (english_sides.en or english_sides.zh) if english_sides is not None else ()
        except (InputError, OSError):
            en = ()  # the whole reading says what is wrong with it
        en_path = str(other) if english is None else en_path
    return Extracted(
        title=read.title or path.stem, date=read.date, author=read.author, site=read.site,
        source_url=read.source_url, encoding=read.encoding, zh=sides.zh, en=en, pairs=(), path=str(path),
        en_path=en_path, en_title=None, normalizer_version=NORMALIZER_VERSION,
    )
