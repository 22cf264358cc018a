"""The article header at the top of each pane: headline, date, site, author and a stats line.

The header is a widget on the pane's viewport, in the room the document's
root frame leaves above the text (its top margin), scrolled with the text.
It is not part of the document: the article's code-point offsets, sentence
indices, highlights, find and hover never see it.  It can be selected and
copied, never annotated.  Its labels show plain text only (Qt.PlainText):
a headline such as ``<img src=http://…>`` is shown as typed, never
interpreted or fetched (see :mod:`reader.ui.safe_text`).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from reader.ui.compat import Qt

#: The separator between date, site and author.
SEPARATOR = " · "
#: Room under the header before the text (px).
GAP = 10


@dataclass(frozen=True)
class HeaderText:
    """What one pane's header says."""

    title: str = ""
    meta: str = ""  # date · site · author

    @property
    def empty(self) -> bool:
        return not (self.title or self.meta)


def _clean(value) -> str:
    return " ".join(str(value).split()) if value else ""


def header_texts(info) -> tuple[HeaderText, HeaderText]:
    """The Chinese and the English pane's header for an :class:`~reader.store.records.ArticleInfo`.

    Each pane shows its own language's headline, the other's when it has
    none; both show the same date, site and author.  An article without
    English leaves the English pane to its hint (no header there).
    """
    zh_title = _clean(getattr(info, "title", None))
    en_title = _clean(getattr(info, "en_title", None))
    meta = SEPARATOR.join(part for part in (_clean(getattr(info, name, None)) for name in ("date", "site", "author"))
                          if part)
    english = HeaderText(en_title or zh_title, meta) if getattr(info, "has_english", True) else HeaderText()
    return HeaderText(zh_title or en_title, meta), english


class ArticleHeader(QWidget):
    """Headline, date · site · author, and the reading stats line; selectable plain text."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("ArticleHeader")
        self.title = self._label("HeaderTitle")
        self.meta = self._label("HeaderMeta")
        self.stats = self._label("HeaderStats")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        for label in (self.title, self.meta, self.stats):
            layout.addWidget(label)
        self.text = HeaderText()
        self.apply_font(parent.font())
        self.hide()

    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setTextFormat(Qt.PlainText)  # never rich text: nothing from a page is interpreted
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)
        label.setOpenExternalLinks(False)
        if name != "HeaderTitle":
            label.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # dimmer, in either theme
        label.hide()
        return label

    def set_text(self, text: HeaderText) -> None:
        """Headline and meta line (empty parts hidden)."""
        self.text = text
        self.title.setText(text.title)
        self.title.setVisible(bool(text.title))
        self.meta.setText(text.meta)
        self.meta.setVisible(bool(text.meta))
        self._update_visible()

    def set_stats_line(self, line: str) -> None:
        """The reading stats line ("" hides it)."""
        line = _clean(line)
        self.stats.setText(line)
        self.stats.setVisible(bool(line))
        self._update_visible()

    def _update_visible(self) -> None:
        self.setVisible(not self.text.empty or bool(self.stats.text()))

    def apply_font(self, base: QFont) -> None:
        """Fonts from the pane's: a bold headline a quarter larger, the rest smaller."""
        size = base.pointSizeF() if base.pointSizeF() > 0 else 12.0
        title = QFont(base)
        title.setPointSizeF(size * 1.25)
        title.setBold(True)
        self.title.setFont(title)
        small = QFont(base)
        small.setPointSizeF(max(8.0, size * 0.72))
        self.meta.setFont(small)
        self.stats.setFont(small)

    def height_for(self, width: int) -> int:
        """The height the header takes at ``width`` px (0 when it has nothing to say)."""
        if self.text.empty and not self.stats.text():
            return 0
        return max(0, self.layout().heightForWidth(max(1, width)))
