"""The row-aligned parallel layout: every aligned pair starts on the same line in both panes.

Each pair's first sentence starts a line of its own in both panes (a
display-only break: see :class:`reader.ui.offsets.OffsetMap`, it takes no
code point), and the blocks that start a row get padding so that pair k's
first line has the same y in both documents.  The shorter document gets a
bottom margin, so both scroll the same range, and in row mode the two
scroll bars move together.  Nothing of the text, its offsets or its layers
changes: only block margins.

Qt collapses a block's top margin with the previous block's bottom margin
(the larger wins), so a padded block's top margin is the larger of the two
plus the padding: that keeps paddings additive, and one measuring pass
after the natural layout is exact (a second one mops up rounding).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QTextCursor

from reader.ui.english_layout import view_insertions

#: Aligning lays the whole article out (measured: +3 ms for the seed's 21 rows, +0.2 s for 450 rows of a
#: 53,000-character article, +0.56 s for 1,950 rows): longer articles stay free-flowing.
MAX_ROWS = 1000


def row_starts(pairs: Iterable, zh_count: int, en_count: int) -> list[tuple[int, int]]:
    """``(first Chinese sentence, first English sentence)`` of each pair having both, in reading order.

    ``pairs`` are :class:`reader.align.pairs.Pair`; a pair going back on
    either side (which the aligner never makes) is left out, so rows are
    increasing in both.
    """
    rows: list[tuple[int, int]] = []
    for pair in pairs:
        if not pair.zh or not pair.en:
            continue
        zh, en = min(pair.zh), min(pair.en)
        if not (0 <= zh < zh_count and 0 <= en < en_count):
            continue
        if rows and (zh <= rows[-1][0] or en <= rows[-1][1]):
            continue
        rows.append((zh, en))
    return rows


def row_breaks(text: str, spans: Sequence[tuple[int, int]], sentences: Iterable[int]) -> tuple[tuple[int, str], ...]:
    """Display-only ``(offset, "\\n")`` breaks so that each of ``sentences`` starts a line.

    A sentence that already starts a paragraph (a "\\n" between it and the
    sentence before it, or the text's start) needs none.
    """
    out = []
    for index in sorted(set(sentences)):
        if not 0 <= index < len(spans):
            continue
        at = spans[index][0]
        before = spans[index - 1][1] if index > 0 else 0
        if at <= 0 or "\n" in text[before:at] or text[at - 1] == "\n":
            continue
        out.append((at, "\n"))
    return tuple(out)


@dataclass(frozen=True)
class RowLayout:
    """How to render an article: its rows (none: free flow) and each pane's display-only insertions."""

    rows: tuple[tuple[int, int], ...]
    zh_insertions: tuple[tuple[int, str], ...]
    en_insertions: tuple[tuple[int, str], ...]


def row_layout(view, rows_on: bool) -> RowLayout:
    """The layout of an :class:`reader.library.ArticleView`: rows when ``rows_on`` and it has English."""
    rows: list[tuple[int, int]] = []
    if rows_on and view.en_text:
        rows = row_starts(view.pairs, len(view.zh.sentences), len(view.en_sentences))
        if len(rows) > MAX_ROWS:
            rows = []
    zh = row_breaks(view.zh.text, view.zh_sentences, [i for i, _ in rows])
    return RowLayout(tuple(rows), zh, view_insertions(view, [j for _, j in rows]))


def line_top(pane, offset: int) -> float:
    """Document y of the top of the line holding code point ``offset`` (lays the text out up to there)."""
    document = pane.document()
    position = pane.offsets.to_utf16(offset)
    block = document.findBlock(position)
    document.documentLayout().blockBoundingRect(block)  # lays the block out
    layout = block.layout()
    line = layout.lineForTextPosition(position - block.position()) if layout is not None else None
    if line is None or not line.isValid():
        cursor = QTextCursor(document)
        cursor.setPosition(position)
        return pane.cursorRect(cursor).top() + pane.verticalScrollBar().value()
    return layout.position().y() + line.y()


class RowAligner(QObject):
    """Keeps the rows of two panes aligned (and their scroll bars together) while it is enabled.

    The window renders the panes with :func:`row_breaks` insertions, then
    calls :meth:`set_rows`; the aligner re-measures after a resize, a font
    or zoom change, pinyin on or off (anything that changes a document's
    size) and pads again.
    """

    def __init__(self, zh, en, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.zh, self.en = zh, en
        self.rows: list[tuple[int, int]] = []
        self._aligning = False
        self._scrolling = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(40)  # a window being resized sends many events: align once they pause
        self._timer.timeout.connect(self.align)
        for pane in (zh, en):
            pane.document().documentLayout().documentSizeChanged.connect(self._layout_changed)
            pane.viewport().installEventFilter(self)
            pane.installEventFilter(self)
            pane.verticalScrollBar().valueChanged.connect(lambda value, p=pane: self._scrolled(p, value))
        #: the alignment error after the last pass (px, the largest over the rows): tests and benchmarks
        self.error = 0.0

    @property
    def active(self) -> bool:
        """True while rows are aligned (set_rows with some rows, not cleared)."""
        return bool(self.rows)

    def set_rows(self, rows: Sequence[tuple[int, int]]) -> None:
        """Align these ``(zh sentence, en sentence)`` rows now (an empty list: free flow)."""
        self.rows = list(rows) if len(rows) <= MAX_ROWS else []
        if not self.rows:
            self.clear()
            return
        self.align()

    def clear(self) -> None:
        """Free flow: no padding, no tied scroll bars."""
        self.rows = []
        self._timer.stop()
        self._aligning = True
        try:
            for pane in (self.zh, self.en):
                pane.set_row_padding({}, 0.0, 0.0)
        finally:
            self._aligning = False

    # -- aligning ------------------------------------------------------------------------------

    def _layout_changed(self, _size) -> None:
        if self.rows and not self._aligning:
            self._timer.start()

    def eventFilter(self, obj, event) -> bool:  # Qt override
        if self.rows and not self._aligning and event.type() in (QEvent.Type.Resize, QEvent.Type.FontChange):
            self._timer.start()
        return False

    def _measure(self) -> tuple[list[float], list[float]]:
        zh_spans, en_spans = self.zh.sentence_spans, self.en.sentence_spans
        zh = [line_top(self.zh, zh_spans[i][0]) for i, _ in self.rows]
        en = [line_top(self.en, en_spans[j][0]) for _, j in self.rows]
        return zh, en

    def offsets(self) -> list[float]:
        """Per row, English y minus Chinese y (document px) as laid out now."""
        zh, en = self._measure()
        return [b - a for a, b in zip(zh, en)]

    def align(self) -> None:
        """Pad both panes so every row starts at the same y (at most three passes; usually one)."""
        self._timer.stop()
        if not self.rows or not self.zh.sentence_spans or not self.en.sentence_spans:
            return
        if any(i >= len(self.zh.sentence_spans) or j >= len(self.en.sentence_spans) for i, j in self.rows):
            self.rows = []
            return
        self._aligning = True
        try:
            pads = (dict(self.zh.row_pads), dict(self.en.row_pads))
            leads = [self.zh.row_lead, self.en.row_lead]
            for _ in range(3):
                zh, en = self._measure()
                self.error = max((abs(a - b) for a, b in zip(zh, en)), default=0.0)
                if self.error <= 0.5:
                    break
                self._repad(zh, en, pads, leads)
            scroll = max(self.zh.verticalScrollBar().value(), self.en.verticalScrollBar().value())
            self._match_ends()
            self._sync_to(scroll)
        finally:
            self._aligning = False

    def _repad(self, zh: list[float], en: list[float], pads: tuple[dict, dict], leads: list[float]) -> None:
        """New paddings from the measured row tops (the paddings they were measured with taken out first)."""
        panes = (self.zh, self.en)
        keys = [[pane.row_block(pane.sentence_spans[row[side]][0]) for row in self.rows]
                for side, pane in enumerate(panes)]
        natural = []
        for side, measured in enumerate((zh, en)):
            shift, seen, out = leads[side], set(), []
            for key, y in zip(keys[side], measured):
                if key is not None and key not in seen:
                    seen.add(key)
                    shift += pads[side].get(key, 0.0)
                out.append(y - shift)
            natural.append(out)
        new_pads: tuple[dict, dict] = ({}, {})
        new_leads = [0.0, 0.0]
        shifts = [0.0, 0.0]
        for k in range(len(self.rows)):
            ys = [natural[0][k] + shifts[0], natural[1][k] + shifts[1]]
            target = max(ys)
            for side in (0, 1):
                extra = target - ys[side]
                if extra <= 0.01:
                    continue
                key = keys[side][k]
                if key is None:
                    new_leads[side] += extra
                else:
                    new_pads[side][key] = new_pads[side].get(key, 0.0) + extra
                shifts[side] += extra
        for side, pane in enumerate(panes):
            pane.set_row_padding(new_pads[side], new_leads[side], pane.row_tail)
            pads[side].clear()
            pads[side].update(new_pads[side])
            leads[side] = new_leads[side]

    def _match_ends(self) -> None:
        """A bottom margin on the shorter document: both scroll the same range."""
        heights = []
        for pane in (self.zh, self.en):
            heights.append(pane.document().documentLayout().documentSize().height() - pane.row_tail)
        tallest = max(heights)
        for pane, height in zip((self.zh, self.en), heights):
            tail = round(tallest - height, 1)
            if abs(tail - pane.row_tail) > 0.5:
                pane.set_row_padding(pane.row_pads, pane.row_lead, tail)

    # -- scrolling together --------------------------------------------------------------------

    def _scrolled(self, pane, value: int) -> None:
        if not self.rows or self._scrolling or self._aligning:
            return
        other = self.en if pane is self.zh else self.zh
        if not other.isVisible():
            return
        self._scrolling = True
        try:
            other.verticalScrollBar().setValue(value)
        finally:
            self._scrolling = False

    def _sync_to(self, value: int) -> None:
        self._scrolling = True
        try:
            for pane in (self.zh, self.en):
                pane.verticalScrollBar().setValue(value)
        finally:
            self._scrolling = False
