"""The two text panes: Chinese (words, tones, ruby pinyin) and English.

Both are read-only ``QTextBrowser``s whose document text is the article
text (paragraphs joined by "\\n", one block per paragraph), plus, in the
English pane, display-only spaces and paragraph breaks (see
:mod:`reader.ui.english_layout`); :class:`~reader.ui.offsets.OffsetMap`
converts document positions to the core's code points and back.

Nothing is re-rendered on hover: highlights, the lit sentence, the hovered
word and linked words are ``ExtraSelection`` layers; tone colours and the
unknown-word marks are per-block layout formats applied lazily to the blocks
that become visible (a 1 MB article is shown as a plain-text preview first, then
coloured as the reader scrolls); ruby pinyin and word boundaries are painted
over the viewport for the visible blocks only.

Privacy: links are never followed and ``loadResource`` refuses anything that
is not a regular file inside the article's own folder (see :mod:`reader.ui.safe_text`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QWidget

from reader.ui.compat import Qt
from reader.ui.header import GAP as HEADER_GAP
from reader.ui.header import ArticleHeader, HeaderText
from reader.ui.offsets import OffsetMap, display_text
from reader.ui.ruby import RubyOverlay, TokenSpan, is_han_kind
from reader.ui.safe_text import load_resource, resource_path

#: Qt.AlignTop | Qt.TextWordWrap as the plain int drawText takes (the enums would load Qt's namespace
#: for a first paint: see reader.ui.compat.LazyQt).
_ALIGN_TOP_WORD_WRAP = 0x0020 | 0x1000

#: Extra-selection layers, bottom to top.
LAYERS = ("weak", "sentence", "reading", "annotations", "find", "links")


class ArticlePane(QTextBrowser):
    """A read-only view of one side of an article, addressed in code points."""

    #: sentence index under the mouse (-1 when none)
    sentence_hovered = Signal(int)
    #: sentence index clicked (no selection made)
    sentence_clicked = Signal(int)
    #: the index of the first sentence at the top after the user scrolled
    top_sentence_changed = Signal(int)
    #: code-point offset (or -1) and global position of a context-menu request
    context_requested = Signal(int, QPoint)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setUndoRedoEnabled(False)
        self.setMouseTracking(True)
        self.viewport().setMouseTracking(True)
        self.base_dir: Path | None = None
        self.text = ""
        self.offsets = OffsetMap("")
        self.sentence_spans: list[tuple[int, int]] = []
        self._sentence_starts: list[int] = []
        self._layers: dict[str, list[QTextEdit.ExtraSelection]] = {name: [] for name in LAYERS}
        self._layer_keys: dict[str, list] = {}  # what each layer was last set to
        self._hovered_sentence = -1
        self._top_sentence = -1
        self._syncing = False  # set while the window scrolls us to follow the other pane
        self.dark = False
        self._placeholder = ""
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.header: ArticleHeader | None = None  # built by the first set_header
        self._header_height = 0
        self._base_format = QTextBlockFormat()
        #: Row-aligned layout (reader.ui.rows): extra top margin per block number, before the text, after it.
        self.row_pads: dict[int, float] = {}
        self.row_lead = 0.0
        self.row_tail = 0.0

    def setPlaceholderText(self, text: str) -> None:  # Qt override
        """The hint shown while the pane is empty, wrapped (Qt 6 cuts its own to one line)."""
        self._placeholder = text
        self.viewport().update()

    def placeholderText(self) -> str:  # Qt override
        return self._placeholder

    def _paint_placeholder(self) -> None:
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().placeholderText().color())
        margin = int(self.document().documentMargin())
        area = self.viewport().rect().adjusted(margin, margin, -margin, -margin)
        painter.drawText(area, _ALIGN_TOP_WORD_WRAP, self._placeholder)
        painter.end()

    def paintEvent(self, event) -> None:  # Qt override
        super().paintEvent(event)
        if self._placeholder and self.document().isEmpty():
            self._paint_placeholder()

    # -- content -------------------------------------------------------------------------------

    def set_content(self, text: str, sentence_spans, base_dir: Path | None = None,
                    block_format: QTextBlockFormat | None = None, insertions=()) -> None:
        """Show ``text`` with its sentence spans (code points); resets every layer.

        ``insertions`` are display-only ``(offset, string)`` shown before
        ``text[offset]`` ("\\n" starts a paragraph); they are never part of a
        selection, a highlight or an offset.
        """
        self.base_dir = Path(base_dir).resolve() if base_dir else None
        self.text = text
        insertions = tuple(insertions)
        self.offsets = OffsetMap(text, insertions)
        self.sentence_spans = [tuple(span) for span in sentence_spans]
        self._sentence_starts = [start for start, _ in self.sentence_spans]
        self._layers = {name: [] for name in LAYERS}
        self._layer_keys = {}
        self._hovered_sentence = -1
        self._top_sentence = -1
        self._base_format = QTextBlockFormat(block_format) if block_format is not None else QTextBlockFormat()
        self.row_pads, self.row_lead, self.row_tail = {}, 0.0, 0.0
        # One C++ call: "\n" becomes a block separator (one position), so the
        # document position of every character is its UTF-16 offset.  The widget's setPlainText,
        # not a cursor's insertText (~15x slower for a long text) nor the document's (the widget's
        # cursor follows that insert to the end, and moving it back lays out all of it: 0.12 s for
        # 1 MB): 0.01 s for 1 MB, the cursor at the start.  The block format then goes on every
        # block in one edit block (block by block, each change lays the document out again: 0.28 s).
        self.setPlainText(display_text(text, insertions) if insertions else text)
        if block_format is not None:
            self._format_every_block(block_format)
        self.setExtraSelections([])
        self._apply_top_margin()

    def show_preview(self, text: str) -> None:
        """Show the preview: plain text while the article is being analysed (no sentences, no hover)."""
        if self.header is not None:
            self.set_header(HeaderText())
        self.set_content(text, [])

    def set_block_format(self, block_format: QTextBlockFormat) -> None:
        """Apply a block format (line spacing for ruby) to every paragraph."""
        self._base_format = QTextBlockFormat(block_format)
        self.row_pads = {}  # every block has the new format: the row aligner pads again
        self._format_every_block(block_format)

    def _format_every_block(self, block_format: QTextBlockFormat) -> None:
        """``block_format`` on every block, laid out once (one edit block; see set_content)."""
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        cursor.select(QTextCursor.Document)
        cursor.setBlockFormat(block_format)
        cursor.endEditBlock()

    # -- the header and the frame's margins ----------------------------------------------------

    def set_header(self, text: HeaderText) -> None:
        """The article's headline and date · site · author above the text (not part of it)."""
        if self.header is None:
            if text.empty:
                return
            self.header = ArticleHeader(self.viewport())
        self.header.set_text(text)
        self._place_header()

    def set_stats_line(self, line: str) -> None:
        """The reading stats line under the header ("" hides it)."""
        if self.header is None:
            if not line:
                return
            self.header = ArticleHeader(self.viewport())
        self.header.set_stats_line(line)
        self._place_header()

    def _place_header(self) -> None:
        """Put the header in the room above the text, and make that room as tall as the header."""
        header = self.header
        height = 0
        if header is not None:
            margin = int(self.document().documentMargin())
            width = max(1, self.viewport().width() - 2 * margin)
            inner = header.height_for(width)
            header.setGeometry(margin - self.horizontalScrollBar().value(),
                               margin - self.verticalScrollBar().value(), width, inner)
            height = inner + HEADER_GAP if inner else 0
        if height != self._header_height:
            self._header_height = height
            self._apply_top_margin()

    def _extra_top(self) -> float:
        """Room above the first line besides the header's (the Chinese pane's first line of pinyin)."""
        return 0.0

    def _apply_top_margin(self) -> None:
        """The root frame's margins: header, first-line room and row lead above, row tail below.

        Qt drops the first block's top margin but keeps the frame's; set only on a change (a
        frame format change lays the document out again).
        """
        frame = self.document().rootFrame()
        fmt = frame.frameFormat()
        margin = self.document().documentMargin()
        top = margin + self._header_height + self._extra_top() + self.row_lead
        bottom = margin + self.row_tail
        if fmt.topMargin() != top or fmt.bottomMargin() != bottom:
            fmt.setTopMargin(top)
            fmt.setBottomMargin(bottom)
            frame.setFrameFormat(fmt)

    def row_block(self, offset: int) -> int | None:
        """The number of the block holding code point ``offset``; None for the first (padded by the frame)."""
        number = self.document().findBlock(self.offsets.to_utf16(offset)).blockNumber()
        return number if number > 0 else None

    def set_row_padding(self, pads: dict[int, float], lead: float, tail: float) -> None:
        """Extra room above blocks (by number), above the text and below it (see reader.ui.rows)."""
        document = self.document()
        base = self._base_format
        # Qt collapses a block's top margin with the previous bottom margin: the larger of the two,
        # plus the padding, shifts the block by exactly the padding.
        padded_top = max(base.topMargin(), base.bottomMargin())
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        for number in sorted(set(self.row_pads) | set(pads)):
            block = document.findBlockByNumber(number)
            if not block.isValid():
                continue
            pad = pads.get(number, 0.0)
            fmt = block.blockFormat()
            fmt.setTopMargin(padded_top + pad if pad > 0 else base.topMargin())
            cursor.setPosition(block.position())
            cursor.setBlockFormat(fmt)
        cursor.endEditBlock()
        self.row_pads = {n: p for n, p in pads.items() if p > 0}
        self.row_lead, self.row_tail = max(0.0, lead), max(0.0, tail)
        self._apply_top_margin()

    # -- addressing ----------------------------------------------------------------------------

    def offset_at(self, point: QPoint) -> int | None:
        """Code-point offset of the character under a viewport point, None off the text."""
        layout = self.document().documentLayout()
        content = point + QPoint(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        position = layout.hitTest(content, Qt.ExactHit)
        if position < 0:
            return None
        # hitTest gives a cursor position; the character is the one whose box holds the point.
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        rect = self.cursorRect(cursor)
        if point.x() < rect.left() and position > 0:
            position -= 1
        if self.offsets.is_display_only(position):
            return None
        offset = self.offsets.to_code_point(position)
        if offset >= len(self.text) or self.text[offset] == "\n":
            return None
        return offset

    def sentence_at(self, offset: int | None) -> int:
        """Index of the sentence containing ``offset`` (-1 if none)."""
        if offset is None or not self._sentence_starts:
            return -1
        i = bisect_right(self._sentence_starts, offset) - 1
        if i >= 0 and self.sentence_spans[i][0] <= offset < self.sentence_spans[i][1]:
            return i
        return -1

    def cursor_for_span(self, start: int, end: int) -> QTextCursor:
        """A document cursor selecting a code-point span."""
        cursor = QTextCursor(self.document())
        u_start, u_end = self.offsets.span_to_utf16(start, end)
        last = self.document().characterCount() - 1
        cursor.setPosition(min(u_start, last))
        cursor.setPosition(min(u_end, last), QTextCursor.KeepAnchor)
        return cursor

    def selected_span(self) -> tuple[int, int] | None:
        """The selection as a code-point span, None when nothing is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = self.offsets.span_to_code_points(cursor.selectionStart(), cursor.selectionEnd())
        # Trim surrounding whitespace so highlights hug the words.
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return (start, end) if start < end else None

    def cursor_offset(self) -> int:
        """Code-point offset of the text cursor (the caret set by the last click)."""
        return self.offsets.to_code_point(self.textCursor().position())

    def position_rect(self, offset: int, *, as_end: bool = False) -> QRect:
        """Viewport cursor rectangle at a code-point offset (``as_end``: just after ``text[offset - 1]``)."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(min(self.offsets.to_utf16(offset, as_end=as_end), self.document().characterCount() - 1))
        return self.cursorRect(cursor)

    def span_rect(self, start: int, end: int) -> QRect:
        """Viewport rectangle of the first line of a code-point span."""
        first = self.position_rect(start)
        last = self.position_rect(end, as_end=True)
        if last.top() != first.top():  # wrapped: up to the end of the first line
            return QRect(first.left(), first.top(), max(8, self.viewport().width() - first.left()), first.height())
        return QRect(first.left(), first.top(), max(8, last.left() - first.left()), first.height())

    def sentence_rect(self, index: int) -> QRect:
        """Viewport rectangle covering every line of sentence ``index`` (empty if there is none)."""
        if not 0 <= index < len(self.sentence_spans):
            return QRect()
        start, end = self.sentence_spans[index]
        first = self.position_rect(start)
        last = self.position_rect(end, as_end=True)
        if last.top() == first.top():
            return QRect(first.left(), first.top(), max(1, last.left() - first.left()), first.height())
        return QRect(0, first.top(), self.viewport().width(), last.bottom() - first.top() + 1)

    # -- layers --------------------------------------------------------------------------------

    def set_layer(self, name: str, spans) -> None:
        """Replace one highlight layer: ``spans`` are ``(start, end, QTextCharFormat)`` in code points.

        Setting the layer it already shows does nothing (hovering within a
        word or a sentence must not re-lay out the extra selections).
        """
        spans = [(start, end, fmt) for start, end, fmt in spans if end > start]
        if self._layer_keys.get(name) == spans:
            return
        self._layer_keys[name] = spans
        selections = []
        for start, end, fmt in spans:
            if end <= start:
                continue
            selection = QTextEdit.ExtraSelection()
            selection.cursor = self.cursor_for_span(start, end)
            selection.format = fmt
            selections.append(selection)
        self._layers[name] = selections
        self.setExtraSelections([s for layer in LAYERS for s in self._layers[layer]])

    def layer_spans(self, name: str) -> list[tuple[int, int]]:
        """The code-point spans currently in a layer (used by tests and the window)."""
        out = []
        for selection in self._layers.get(name, []):
            out.append(self.offsets.span_to_code_points(selection.cursor.selectionStart(),
                                                        selection.cursor.selectionEnd()))
        return out

    def light_sentences(self, indices, fmt: QTextCharFormat) -> None:
        """Light the given sentences (the hovered one and/or its partners)."""
        spans = [(*self.sentence_spans[i], fmt) for i in indices if 0 <= i < len(self.sentence_spans)]
        self.set_layer("sentence", spans)

    # -- scrolling -----------------------------------------------------------------------------

    def sentence_top(self, index: int) -> int:
        """Content y of the top of a sentence's first line."""
        start = self.sentence_spans[index][0]
        rect = self.cursorRect(self.cursor_for_span(start, start))
        return rect.top() + self.verticalScrollBar().value()

    def scroll_to_sentence(self, index: int, *, top_offset: int | None = None, only_if_hidden: bool = False) -> None:
        """Scroll so sentence ``index`` is visible: at ``top_offset`` px from the top, or centred."""
        if not 0 <= index < len(self.sentence_spans):
            return
        start, end = self.sentence_spans[index]
        first = self.position_rect(start)
        last = self.position_rect(end, as_end=True)
        height = self.viewport().height()
        if only_if_hidden and first.top() >= 0 and last.bottom() <= height:
            return
        bar = self.verticalScrollBar()
        y = first.top() + bar.value()
        if top_offset is None:
            span_height = last.bottom() - first.top()
            target = y - max(0, (height - span_height) // 2) if span_height < height else y - 8
        else:
            target = y - top_offset
        self._syncing = True
        try:
            bar.setValue(max(0, target))
        finally:
            self._syncing = False

    def top_sentence(self) -> int:
        """The sentence the reader is at: the first one starting on the top line, else the one running through it.

        Defined so that ``scroll_to_sentence(i, top_offset=0)`` gives back
        ``i`` (sentences often start mid-line).
        """
        if not self.sentence_spans:
            return -1
        cursor = self.cursorForPosition(QPoint(4, 4))
        line_top = self.cursorRect(cursor).top()
        offset = self.offsets.to_code_point(cursor.position())
        i = max(bisect_right(self._sentence_starts, offset) - 1, 0)
        if self._sentence_starts[i] < offset and i + 1 < len(self.sentence_spans):
            following = self.cursor_for_span(self._sentence_starts[i + 1], self._sentence_starts[i + 1])
            if self.cursorRect(following).top() == line_top:
                return i + 1
        return i

    def _on_scrolled(self, _value: int) -> None:
        if self.header is not None:
            margin = int(self.document().documentMargin())
            self.header.move(margin - self.horizontalScrollBar().value(), margin - self.verticalScrollBar().value())
        if self._syncing or not self.sentence_spans:
            return
        top = self.top_sentence()
        if top != self._top_sentence:
            self._top_sentence = top
            self.top_sentence_changed.emit(top)

    # -- events --------------------------------------------------------------------------------

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # Qt override
        super().mouseMoveEvent(event)
        self.hover_at(event.position().toPoint())

    def hover_at(self, point: QPoint) -> None:
        """Handle the mouse at a viewport point (also called by tests)."""
        offset = self.offset_at(point)
        sentence = self.sentence_at(offset)
        if sentence != self._hovered_sentence:
            self._hovered_sentence = sentence
            self.sentence_hovered.emit(sentence)
        self._hover_offset(offset, point)

    def _hover_offset(self, offset: int | None, point: QPoint) -> None:
        """Hook for the Chinese pane's word hover."""

    def leaveEvent(self, event) -> None:  # Qt override
        super().leaveEvent(event)
        if self._hovered_sentence != -1:
            self._hovered_sentence = -1
            self.sentence_hovered.emit(-1)
        self._hover_offset(None, QPoint())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # Qt override
        super().mouseReleaseEvent(event)
        if event.button() == Qt.LeftButton and not self.textCursor().hasSelection():
            offset = self.offset_at(event.position().toPoint())
            sentence = self.sentence_at(offset)
            if sentence >= 0:
                self.sentence_clicked.emit(sentence)
            self._clicked_offset(offset)

    def _clicked_offset(self, offset: int | None) -> None:
        """Hook for the Chinese pane's word cursor."""

    def resizeEvent(self, event) -> None:  # Qt override
        super().resizeEvent(event)
        if self.header is not None:
            self._place_header()

    def changeEvent(self, event) -> None:  # Qt override
        super().changeEvent(event)
        if event.type() == event.Type.FontChange and self.header is not None:
            self.header.apply_font(self.font())
            self._place_header()

    def contextMenuEvent(self, event) -> None:  # Qt override: the window builds the menu
        point = event.pos()  # in the viewport, as QAbstractScrollArea hands it on
        offset = self.offset_at(point)
        self.context_requested.emit(-1 if offset is None else offset, self.viewport().mapToGlobal(point))
        event.accept()

    # -- privacy -------------------------------------------------------------------------------

    def loadResource(self, resource_type: int, url: QUrl):  # Qt override
        """Only regular files inside the article's folder, size-capped; never the network, never elsewhere."""
        return load_resource(self.base_dir, resource_type, url)

    def allowed_resource_path(self, url: QUrl) -> Path | None:
        """The local file a resource URL may be read from, or None if it must not be loaded."""
        return resource_path(self.base_dir, url)


class EnglishPane(ArticlePane):
    """The English pane: sentences only, laid out in paragraphs with display-only breaks."""

    def set_english(self, text: str, sentence_spans, base_dir: Path | None = None, insertions=()) -> None:
        """Show the English text; ``insertions`` come from :func:`reader.ui.english_layout.english_insertions`."""
        fmt = QTextBlockFormat()
        fmt.setLineHeight(125, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        fmt.setBottomMargin(10)
        self.set_content(text, sentence_spans, base_dir, fmt, insertions)


class ChinesePane(RubyOverlay, ArticlePane):
    """The Chinese pane: segmented words, tone colours, ruby pinyin, the word cursor."""

    #: (start, end) of the word under the mouse or the keyboard word cursor; (-1, -1) when none
    word_hovered = Signal(int, int)
    #: the keyboard asked for the next shorter dictionary match of the current word
    cycle_match_requested = Signal()
    #: Enter pressed on the current word
    pin_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.analyzed = None
        self._tokens: dict[int, list[TokenSpan]] = {}
        self._formatted: dict[int, int] = {}
        self._generation = 0
        self.tone_mode = "characters"
        self.tone_scheme = "pleco"
        self.ruby = False
        self.ruby_hide_known = True
        self.word_boundaries = True
        self.mark_unknown = False
        self.known: frozenset[str] = frozenset()
        #: The learner's mark of a word (reader.ui.learner): a format, or None for none; None: the built-in
        #: dotted underline under words not in ``known``.
        self.word_mark: Callable[[TokenSpan], QTextCharFormat | None] | None = None
        self.current_word: tuple[int, int] | None = None
        self.keyboard_word = False
        self.word_box: QRect | None = None
        self.word_color: QColor | None = None
        self._geometry: dict[int, list] = {}
        self._geometry_key = None
        self._geometry_generation = 0
        self._ruby_cache: dict = {}
        self._ruby_fonts: dict = {}
        self._format_timer = QTimer(self)
        self._format_timer.setSingleShot(True)
        self._format_timer.setInterval(0)
        self._format_timer.timeout.connect(self.format_visible_blocks)
        self.verticalScrollBar().valueChanged.connect(lambda _v: self._format_timer.start())

    # -- content -------------------------------------------------------------------------------

    def set_article(self, analyzed, display_text: str | None = None, base_dir: Path | None = None,
                    insertions=()) -> None:
        """Show an ``AnalyzedText``; ``display_text`` (same length, e.g. traditional) replaces what is drawn.

        ``insertions``: display-only breaks (the row-aligned layout's, see :func:`reader.ui.rows.row_breaks`).
        """
        self.analyzed = analyzed
        self.word_box = None
        self._geometry_generation += 1
        self._tokens = {}
        self._formatted = {}
        self._generation += 1
        self.current_word = None
        text = display_text if display_text is not None and len(display_text) == len(analyzed.text) else analyzed.text
        spans = [(s.start, s.end) for s in analyzed.sentences]
        self.set_content(text, spans, base_dir, self._block_format(), insertions)
        self._format_timer.start()

    def show_preview(self, text: str) -> None:
        self.analyzed = None
        self.word_box = None
        self._tokens = {}
        self._geometry_generation += 1
        self.current_word = None
        super().show_preview(text)

    def apply_display(self, *, tone_mode: str, tone_scheme: str, ruby: bool, ruby_hide_known: bool,
                      word_boundaries: bool, mark_unknown: bool, known: frozenset[str], dark: bool) -> None:
        """Change how words are drawn, without re-rendering the text."""
        ruby_changed = ruby != self.ruby
        self.tone_mode, self.tone_scheme, self.ruby = tone_mode, tone_scheme, ruby
        self.ruby_hide_known, self.word_boundaries, self.mark_unknown = ruby_hide_known, word_boundaries, mark_unknown
        self.known, self.dark = known, dark
        self._geometry_generation += 1  # pinyin placement depends on every one of these
        if ruby_changed and self.analyzed is not None:
            self.set_block_format(self._block_format())
            self._apply_top_margin()
        self.refresh_formats()

    def refresh_formats(self) -> None:
        """Recolour (lazily) after a display change or a font change."""
        self._generation += 1
        self._format_timer.start()
        self.viewport().update()

    def _block_format(self) -> QTextBlockFormat:
        fmt = QTextBlockFormat()
        if self.ruby:
            extra = self.ruby_height()
            fmt.setTopMargin(extra + 2)
            fmt.setLineHeight(extra + 2, QTextBlockFormat.LineHeightTypes.LineDistanceHeight.value)
            fmt.setBottomMargin(6)
        else:
            fmt.setLineHeight(130, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
            fmt.setBottomMargin(8)
        return fmt

    def _extra_top(self) -> float:
        """Room for the first line's pinyin (the first block's own top margin is dropped by Qt)."""
        return self.ruby_height() + 2 if self.ruby else 0.0

    def changeEvent(self, event) -> None:  # Qt override
        super().changeEvent(event)
        if event.type() == event.Type.FontChange and self.analyzed is not None:
            self._geometry_generation += 1
            self.set_block_format(self._block_format())
            self._apply_top_margin()
            self.refresh_formats()

    # -- words ---------------------------------------------------------------------------------

    def sentence_tokens(self, index: int) -> list[TokenSpan]:
        """The words of sentence ``index`` in article offsets (segmented on first use)."""
        cached = self._tokens.get(index)
        if cached is not None:
            return cached
        sentence = self.analyzed.sentences[index]
        # Token offsets are article offsets; syllables are computed per sentence on first use.
        spans = [TokenSpan(t.start, t.end, t.text, t.kind, syl) for t, syl in zip(sentence.tokens, sentence.syllables)]
        self._tokens[index] = spans
        return spans

    def token_at(self, offset: int | None) -> TokenSpan | None:
        """The segmented word covering ``offset``."""
        sentence = self.sentence_at(offset)
        if sentence < 0:
            return None
        tokens = self.sentence_tokens(sentence)
        starts = [t.start for t in tokens]
        i = bisect_right(starts, offset) - 1
        if i >= 0 and tokens[i].start <= offset < tokens[i].end:
            return tokens[i]
        return None

    def neighbour_word(self, offset: int, step: int) -> TokenSpan | None:
        """The next (step=1) or previous (step=-1) Chinese word from ``offset``."""
        if self.analyzed is None or not self.sentence_spans:
            return None
        sentence = self.sentence_at(offset)
        if sentence < 0:
            sentence = max(0, bisect_right(self._sentence_starts, offset) - (1 if step < 0 else 0))
            sentence = min(sentence, len(self.sentence_spans) - 1)
        while 0 <= sentence < len(self.sentence_spans):
            tokens = self.sentence_tokens(sentence)
            ordered = tokens if step > 0 else list(reversed(tokens))
            for token in ordered:
                if not is_han_kind(token.kind):
                    continue
                if (step > 0 and token.start > offset) or (step < 0 and token.end <= offset):
                    return token
            sentence += step
        return None

    def set_word_cursor(self, start: int, end: int, color: QColor | None, keyboard: bool = False) -> None:
        """Mark the current word (mouse or keyboard) with a box painted behind it.

        Painted by hand, not as an extra selection: only the old and the new
        word's rectangles are repainted, so moving word by word stays cheap.
        """
        old = self.word_box
        self.current_word = (start, end) if end > start else None
        self.keyboard_word = keyboard and self.current_word is not None
        self.word_color = color
        self.word_box = self._span_box(start, end) if (color is not None and end > start) else None
        for box in (old, self.word_box):
            if box is not None:
                self.viewport().update(box.translated(-self.horizontalScrollBar().value(),
                                                      -self.verticalScrollBar().value()).adjusted(-2, -2, 2, 2))

    def _span_box(self, start: int, end: int) -> QRect:
        """Content-coordinate rectangle of a span's first line."""
        rect = self.span_rect(start, end)
        return rect.translated(self.horizontalScrollBar().value(), self.verticalScrollBar().value())

    def _hover_offset(self, offset: int | None, point: QPoint) -> None:
        token = self.token_at(offset) if offset is not None else None
        if token is not None and is_han_kind(token.kind):
            span = (token.start, token.end)
        else:
            span = None
        if self.keyboard_word and span is None:
            return  # the keyboard owns the word cursor until the mouse points at another word
        if span != self.current_word or self.keyboard_word:
            self.keyboard_word = False
            self.current_word = span
            self.word_hovered.emit(*(span or (-1, -1)))

    def _clicked_offset(self, offset: int | None) -> None:
        token = self.token_at(offset) if offset is not None else None
        if token is not None and is_han_kind(token.kind):
            self.current_word = (token.start, token.end)
            self.word_hovered.emit(token.start, token.end)

    def keyPressEvent(self, event) -> None:  # Qt override
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeypadModifier
        if modifiers == Qt.NoModifier and key in (Qt.Key_Left, Qt.Key_Right):
            self.step_word(1 if key == Qt.Key_Right else -1)
            return
        if modifiers == Qt.NoModifier and key in (Qt.Key_Return, Qt.Key_Enter) and self.current_word:
            self.pin_requested.emit()
            return
        if modifiers == Qt.NoModifier and key == Qt.Key_M and self.current_word:
            self.cycle_match_requested.emit()
            return
        super().keyPressEvent(event)

    def step_word(self, step: int) -> None:
        """Move the word cursor to the next/previous word and announce it."""
        if self.current_word is not None:
            origin = self.current_word[0] if step > 0 else self.current_word[0]
        else:
            origin = self.offsets.to_code_point(self.textCursor().position()) - (1 if step > 0 else 0)
        token = self.neighbour_word(origin, step)
        if token is None:
            return
        self.current_word = (token.start, token.end)
        self.keyboard_word = True
        cursor = self.cursor_for_span(token.start, token.start)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        self.word_hovered.emit(token.start, token.end)

    def resizeEvent(self, event) -> None:  # Qt override
        super().resizeEvent(event)
        if self.word_box is not None and self.current_word:
            self.word_box = self._span_box(*self.current_word)  # the text re-wrapped
        self._format_timer.start()

    def paintEvent(self, event) -> None:  # Qt override
        super().paintEvent(event)
        self.paint_words()


def sentence_format(color: str) -> QTextCharFormat:
    """Background format for a lit sentence."""
    fmt = QTextCharFormat()
    fmt.setBackground(QColor(color))
    return fmt


def weak_format(color: str) -> QTextCharFormat:
    """Wavy underline marking a low-confidence pair."""
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.WaveUnderline)
    fmt.setUnderlineColor(QColor(color))
    return fmt
