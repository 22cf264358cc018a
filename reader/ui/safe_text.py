"""Text from a page, the database or the user is never markup, and no widget reads a file it was not meant to.

The one rule of the Qt shell, kept here so that every widget follows it the same way:

- Such text is shown as plain text (:func:`set_plain`, :func:`plain_label`,
  :func:`message_box`), or HTML-escaped (:func:`escape`) when it goes into
  rich text we build (the hover popup, :func:`tooltip`).  Qt guesses "rich
  text" from a string (``Qt::mightBeRichText``): a saved sentence that reads
  ``&lt;img src="file:///dev/zero"&gt;`` would otherwise become an image that
  Qt reads from disk.
- Every widget that shows rich text loads its resources through
  :func:`load_resource`: only a regular file inside the article's folder and
  at most :data:`RESOURCE_MAX_BYTES` long; anything else gets an empty
  answer that Qt cannot take as "load it yourself" (a ``None`` answer makes
  Qt open the file by its own means).  A ``QLabel``'s rich text cannot be
  guarded that way (its document asks no widget), so rich text we build goes
  into a :class:`RichLabel` instead.
- Text embedded in a line of ours (a title before "— Duizhao", a quote in
  quotation marks) is one line, bounded in length and, when it holds
  right-to-left text or bidi controls, isolated (:func:`one_line`), so that
  such controls in a page cannot reorder the rest of the line.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from PySide6.QtCore import QByteArray, QUrl
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFrame, QLabel, QMessageBox, QTextBrowser, QWidget

from reader.ui.compat import Qt

#: Largest resource (an image beside a saved page) a rich-text widget may read.
RESOURCE_MAX_BYTES = 8 * 1024 * 1024
#: Schemes allowed to reach the file system at all; everything remote is refused.
_LOCAL_SCHEMES = ("", "file")
#: QTextDocument.ResourceType.ImageResource, as the int loadResource receives.
_IMAGE_RESOURCE = 2

#: ``html.escape`` without importing :mod:`html` (it loads ``html.entities``: a cost at start-up).
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})
#: FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE: what is inside cannot reorder what is around it.
_FSI, _PDI = "\u2068", "\u2069"
#: Bidi classes of right-to-left letters and of the embedding, override and isolate controls.
_BIDI_CLASSES = frozenset(("R", "AL", "RLE", "RLO", "LRE", "LRO", "PDF", "RLI", "LRI", "FSI", "PDI"))


def escape(text: str) -> str:
    """Text made safe inside HTML (what ``html.escape(text)`` gives)."""
    return text.translate(_ESCAPES)


def one_line(text: str | None, limit: int = 200) -> str:
    """``text`` as one line of at most ``limit`` characters (elided with "…"), bidi-isolated.

    For text set inside a line of ours: a window title, a quote, a file name in a sentence.
    """
    text = displayable(" ".join((text or "").split()))
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"{_FSI}{text}{_PDI}" if needs_isolation(text) else text


def displayable(text: str) -> str:
    """``text`` with any lone surrogate (a file name's undecodable byte) as "�": Qt cannot show or encode one."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text)
    return text


def needs_isolation(text: str) -> bool:
    """True when ``text`` holds right-to-left letters or bidi controls (it could reorder the text around it)."""
    if text.isascii():
        return False
    from unicodedata import bidirectional

    return any(bidirectional(ch) in _BIDI_CLASSES for ch in text)


def bounded(text: str | None, lines: int = 4, width: int = 300) -> str:
    """``text`` kept to at most ``lines`` lines of at most ``width`` characters (a notice, a dialog's message)."""
    rows = [row.strip() for row in displayable(text or "").splitlines() if row.strip()]
    shown = [row if len(row) <= width else row[: width - 1] + "…" for row in rows[:lines]]
    if len(rows) > lines:
        shown[-1] += f" (and {len(rows) - lines} more lines)"
    return "\n".join(shown)


def display_path(path: str | os.PathLike) -> str:
    """A file name as it can be shown: bytes that are not UTF-8 become "�" (never a lone surrogate)."""
    return os.fsencode(os.fspath(path)).decode("utf-8", "replace")


def window_title(title: str | None, suffix: str, state: str = "") -> str:
    """``"<title><state> — <suffix>"`` with ``title`` on one line, bounded, and its "[*]" shown as typed."""
    # QWidget.setWindowTitle takes "[*]" as the "modified" placeholder and "[*][*]" as a literal "[*]".
    shown = one_line(title, 120).replace("[*]", "[*][*]")
    return f"{shown}{state} — {suffix}" if shown else suffix


def set_plain(label: QLabel, text: str | None) -> None:
    """Show ``text`` in ``label`` as plain text, whatever it looks like."""
    label.setTextFormat(Qt.PlainText)
    label.setText(text or "")


def plain_label(text: str | None = "", parent: QWidget | None = None) -> QLabel:
    """A QLabel that shows plain text only."""
    label = QLabel(parent)
    set_plain(label, text)
    return label


def tooltip(text: str | None) -> str:
    """A tooltip string that shows ``text`` literally (tooltips guess rich text, so it is escaped rich text)."""
    if not text:
        return ""
    return f'<p style="white-space:pre-wrap">{escape(bounded(text, lines=12, width=500))}</p>'


def message_box(parent: QWidget | None, title: str, text: str, *, icon: str = "warning",
                buttons=None, default=None) -> int:
    """A modal message whose text is plain (kept to a few lines); returns the button pressed.

    ``icon``: "warning", "information", "critical" or "question"; ``buttons``: QMessageBox
    standard buttons (Ok, or Yes | No for a question).
    """
    box = QMessageBox(parent)
    box.setIcon({"warning": QMessageBox.Warning, "information": QMessageBox.Information,
                 "critical": QMessageBox.Critical, "question": QMessageBox.Question}[icon])
    box.setWindowTitle(title)
    box.setTextFormat(Qt.PlainText)
    box.setText(bounded(text, lines=6, width=400))
    if buttons is None:
        buttons = QMessageBox.Yes | QMessageBox.No if icon == "question" else QMessageBox.Ok
    box.setStandardButtons(buttons)
    if default is not None:
        box.setDefaultButton(default)
    box.setObjectName("DuizhaoMessage")
    return box.exec()


# -- resources ---------------------------------------------------------------------------------


def resource_path(base_dir: Path | None, url: QUrl) -> Path | None:
    """The file inside ``base_dir`` a resource URL may be read from, or None if it must not be read.

    Only a regular file (never a device, FIFO or folder), at most RESOURCE_MAX_BYTES long;
    ``os.stat`` only: nothing is opened here.
    """
    if base_dir is None or url.scheme().lower() not in _LOCAL_SCHEMES:
        return None
    if url.host():  # file://server/share is a network location
        return None
    raw = url.toLocalFile() if url.scheme() else url.path()
    if not raw:
        return None
    candidate = Path(raw)
    if not candidate.is_absolute():
        candidate = base_dir / candidate
    try:
        resolved = candidate.resolve()
        if not resolved.is_relative_to(base_dir):
            return None
        info = os.stat(resolved)
    except (OSError, RuntimeError, ValueError):
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_size > RESOURCE_MAX_BYTES:
        return None
    return resolved


_placeholder: QImage | None = None


def refused_resource(resource_type: int):
    """What loadResource answers for a refused resource: empty, but not "nothing".

    ``None`` would make Qt read the file itself (QTextDocument's own file loading, and
    QImage::load of the image's name), so images get a transparent pixel and the rest
    empty bytes.
    """
    global _placeholder
    if resource_type == _IMAGE_RESOURCE:
        if _placeholder is None:
            _placeholder = QImage(1, 1, QImage.Format_ARGB32)
            _placeholder.fill(0)
        return _placeholder
    return QByteArray()


def read_resource(path: Path) -> bytes | None:
    """A resource file's bytes, read only if it is still a regular file within the size cap."""
    try:
        # O_NONBLOCK: should the file have been swapped for a FIFO since resource_path looked, opening
        # it does not wait for a writer; fstat then refuses it.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > RESOURCE_MAX_BYTES:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(RESOURCE_MAX_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if len(data) <= RESOURCE_MAX_BYTES else None


def load_resource(base_dir: Path | None, resource_type: int, url: QUrl):
    """The answer of every rich-text widget's ``loadResource``: a file of the article's folder, or an empty one."""
    path = resource_path(base_dir, url)
    data = read_resource(path) if path is not None else None
    if data is None:
        return refused_resource(resource_type)
    return QByteArray(data)


class RichLabel(QTextBrowser):
    """A label for rich text we build from escaped strings: reads no file, follows no link.

    Looks and sizes like a word-wrapped QLabel of a fixed width (``text()`` /
    ``setText()`` as QLabel's), but its resources go through :func:`load_resource`
    with no folder, so every image, style sheet or background is refused.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source = ""
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)
        self.setFrameShape(QFrame.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.setFocusPolicy(Qt.NoFocus)
        self.setContextMenuPolicy(Qt.NoContextMenu)
        self.viewport().setAutoFillBackground(False)
        self.document().setDocumentMargin(0)

    def loadResource(self, resource_type: int, url: QUrl):  # Qt override
        """Nothing: this label never shows a resource."""
        return refused_resource(resource_type)

    def text(self) -> str:
        """The rich text last set (as ``QLabel.text``)."""
        return self._source

    def setText(self, text: str) -> None:  # as QLabel.setText
        self._source = text or ""
        self.setHtml(self._source)
        self._fit_height()

    def resizeEvent(self, event) -> None:  # Qt override
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit_height()

    def _fit_height(self) -> None:
        # The widget's width, not the viewport's: the viewport follows only once the scroll area lays it out.
        document = self.document()
        document.setTextWidth(max(1, self.width() - 2 * self.frameWidth()))
        height = int(document.size().height() + 0.999) + 2 * self.frameWidth()
        if height != self.minimumHeight() or height != self.maximumHeight():
            self.setFixedHeight(height)
