"""How the Chinese pane draws its words: tone colours and marks, ruby pinyin, boundaries, the word box.

Tone colours and the learner's word marks are per-block layout formats,
applied lazily to the blocks on screen and near it.  Pinyin, word
boundaries and the current word's box are painted over the viewport for
the visible blocks only, from each word's geometry (cached per block
until the layout changes); pinyin over a word
narrower than it shrinks, and neighbours never overlap (see
:meth:`RubyOverlay.ruby_placements`).  :class:`RubyOverlay` is a mixin of
:class:`reader.ui.panes.ChinesePane`, whose state it reads (``analyzed``,
``ruby``, ``known``, ``tone_mode`` …).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import NamedTuple

from PySide6.QtCore import QPoint, QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QTextCharFormat, QTextCursor, QTextLayout

from reader.ui.tones import syllable_to_marks, tone_color, tone_of


@dataclass(frozen=True)
class TokenSpan:
    """A segmented word in article code-point offsets."""

    start: int
    end: int
    text: str
    kind: str
    syllables: tuple[str, ...] | None  # numbered, one per character ("yin2", "hang2"); None for non-Han

    @property
    def tones(self) -> list[int]:
        """Tone 1–5 per character (5 where unknown)."""
        count = self.end - self.start
        if not self.syllables or len(self.syllables) != count:
            return [5] * count
        return [tone_of(s) if s else 5 for s in self.syllables]

    @property
    def pinyin(self) -> str | None:
        """Tone-marked pinyin, syllables joined."""
        if not self.syllables:
            return None
        return "".join(syllable_to_marks(s) for s in self.syllables if s)


def is_han_kind(kind: str) -> bool:
    """True for a Chinese word (the kinds a pane marks, boxes and puts pinyin over)."""
    return kind == "han"


class RubyPlacement(NamedTuple):
    """One word's pinyin over the Chinese text (document coordinates)."""

    token: TokenSpan
    x: float  # left of the pinyin
    baseline: float
    size: float  # point size (shrunk to fit the word when needed)
    parts: tuple  # ((tone-marked syllable, tone), ...)
    line_top: float  # top of the line of characters it sits over
    width: float


class RubyOverlay:
    """Tone colours and word marks (lazy block formats), ruby pinyin, word boundaries and the word box."""

    # -- lazy formats --------------------------------------------------------------------------

    def visible_blocks(self, margin: int = 0):
        """Blocks intersecting the viewport (plus ``margin`` px above and below)."""
        if self.analyzed is None:
            return
        layout = self.document().documentLayout()
        scroll = self.verticalScrollBar().value()
        height = self.viewport().height()
        block = self.cursorForPosition(QPoint(0, -margin if margin else 0)).block()
        if margin:
            first = self.document().findBlock(self.cursorForPosition(QPoint(0, 0)).position())
            while first.previous().isValid() and layout.blockBoundingRect(first).top() - scroll > -margin:
                first = first.previous()
            block = first
        while block.isValid():
            rect = layout.blockBoundingRect(block)
            if rect.top() - scroll > height + margin:
                break
            yield block, rect
            block = block.next()

    def format_visible_blocks(self) -> None:
        """Apply tone colours and unknown-word marks to the blocks on screen and near it."""
        if self.analyzed is None:
            return
        margin = self.viewport().height()
        for block, _rect in list(self.visible_blocks(margin)):
            number = block.blockNumber()
            if self._formatted.get(number) == self._generation:
                continue
            self._formatted[number] = self._generation
            block.layout().setFormats(self._block_formats(block))
            self.document().markContentsDirty(block.position(), block.length())
        self.viewport().update()

    def block_tokens(self, block) -> list[TokenSpan]:
        """Tokens of the sentences in one block (article offsets)."""
        start = self.offsets.to_code_point(block.position())
        end = self.offsets.to_code_point(block.position() + block.length() - 1)
        first = max(0, bisect_right(self._sentence_starts, start) - 1)
        tokens = []
        i = first
        while i < len(self.sentence_spans) and self.sentence_spans[i][0] < end:
            if self.sentence_spans[i][1] > start:
                tokens.extend(t for t in self.sentence_tokens(i) if t.start >= start and t.end <= end)
            i += 1
        return tokens

    def _block_formats(self, block) -> list:
        ranges = []
        want_tones = self.tone_mode == "characters"
        if not want_tones and not self.mark_unknown:
            return ranges
        origin = block.position()
        palette_unknown = QColor("#c77d00" if not self.dark else "#ffb347")
        for token in self.block_tokens(block):
            if not is_han_kind(token.kind):
                continue
            if want_tones:
                for k, tone in enumerate(token.tones):
                    fmt = QTextCharFormat()
                    fmt.setForeground(QColor(tone_color(tone, self.tone_scheme, self.dark)))
                    r = QTextLayout.FormatRange()
                    u0, u1 = self.offsets.span_to_utf16(token.start + k, token.start + k + 1)
                    r.start, r.length, r.format = u0 - origin, u1 - u0, fmt
                    ranges.append(r)
            if not self.mark_unknown:
                continue
            if self.word_mark is not None:
                mark = self.word_mark(token)
            elif token.text not in self.known:
                mark = QTextCharFormat()
                mark.setUnderlineStyle(QTextCharFormat.DotLine)
                mark.setUnderlineColor(palette_unknown)
            else:
                mark = None
            if mark is not None:
                r = QTextLayout.FormatRange()
                u0, u1 = self.offsets.span_to_utf16(token.start, token.end)
                r.start, r.length, r.format = u0 - origin, u1 - u0, mark
                ranges.append(r)
        return ranges

    # -- painting over the text ----------------------------------------------------------------

    def ruby_height(self) -> float:
        return QFontMetricsF(self._ruby_font()).height() + 1

    def _ruby_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.55))
        return font

    def paint_words(self) -> None:
        """Paint pinyin, word boundaries and the word box over the viewport (after the text)."""
        want_overlay = self.analyzed is not None and (self.ruby or self.word_boundaries)
        if not want_overlay and self.word_box is None:
            return
        painter = QPainter(self.viewport())
        try:
            if want_overlay:
                self._paint_overlay(painter)
            if self.word_box is not None and self.word_color is not None:
                # Over the text (sentence lights are drawn by the layout, under it): a translucent
                # fill keeps the characters and their tone colours readable.
                box = QRectF(self.word_box.translated(-self.horizontalScrollBar().value(),
                                                      -self.verticalScrollBar().value())).adjusted(-1, 0, 1, 0)
                fill = QColor(self.word_color)
                fill.setAlpha(60)
                painter.setRenderHint(QPainter.Antialiasing)
                painter.setBrush(fill)
                painter.setPen(QPen(self.word_color, 1.5))
                painter.drawRoundedRect(box, 3, 3)
        finally:
            painter.end()

    def _token_geometry(self, block) -> list[tuple[TokenSpan, float, float, float, float]]:
        """(token, left, right, top, bottom) of each Han word of a block, in document coordinates.

        Cached per block until the layout changes (resize, font, ruby, new
        text): hovering repaints the viewport often and must not redo this.
        """
        key = (self.viewport().width(), self.font().pointSizeF(), self.ruby, self._geometry_generation)
        if key != self._geometry_key:
            self._geometry_key = key
            self._geometry = {}
            self._ruby_cache = {}
        number = block.blockNumber()
        cached = self._geometry.get(number)
        if cached is not None:
            return cached
        # Positions come from cursorRect; QTextLine.cursorToX is avoided because
        # its PySide6 binding has mishandled reference counts.
        dx, dy = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        cursor = QTextCursor(self.document())
        out = []
        for token in self.block_tokens(block):
            if not is_han_kind(token.kind):
                continue
            u0, u1 = self.offsets.span_to_utf16(token.start, token.end)
            cursor.setPosition(u0)
            first = self.cursorRect(cursor)
            cursor.setPosition(u1)
            last = self.cursorRect(cursor)
            right = last.left() if last.top() == first.top() else self.viewport().width() - 4
            out.append((token, first.left() + dx, right + dx, first.top() + dy, first.bottom() + dy))
        self._geometry[number] = out
        return out

    #: Pinyin over a word narrower than it shrinks down to this share of the ruby size (then overflows).
    RUBY_MIN_SCALE = 0.8

    def _ruby_metrics(self, size: float) -> tuple[QFont, QFontMetricsF]:
        """The ruby font at ``size`` points and its metrics (cached per size)."""
        cache = self._ruby_fonts
        key = (size, self.font().key())
        found = cache.get(key)
        if found is None:
            font = QFont(self._ruby_font())
            font.setPointSizeF(size)
            found = cache[key] = (font, QFontMetricsF(font))
        return found

    def ruby_placements(self, block) -> list[RubyPlacement]:
        """Where each word's pinyin goes over one block, in document coordinates.

        Each word's pinyin is centred over the word and shrunk (down to
        ``RUBY_MIN_SCALE``) to fit its width with a small gap; when it must
        overflow it is pushed right of the previous word's pinyin, pulled
        left of the next one's and of the right edge, and kept inside the
        left edge, so neighbours never overlap.  Cached with the block's
        word geometry.
        """
        cache = self._ruby_cache
        number = block.blockNumber()
        geometry = self._token_geometry(block)  # resets the caches when the layout changed
        found = cache.get((number, self._geometry_key))
        if found is not None:
            return found
        base_size = self._ruby_font().pointSizeF()
        _font, base_metrics = self._ruby_metrics(base_size)
        gap = max(3.0, base_metrics.averageCharWidth() * 0.6)
        left_edge = self.document().documentMargin() / 2
        right_edge = self.viewport().width() + self.horizontalScrollBar().value() - 2
        lines: dict[float, list] = {}
        for token, left, right, top, _bottom in geometry:
            if not token.syllables or (self.ruby_hide_known and token.text in self.known):
                continue
            parts = tuple((syllable_to_marks(s), tone_of(s)) for s in token.syllables if s)
            if not parts:
                continue
            text = "".join(p for p, _ in parts)
            size = base_size
            width = base_metrics.horizontalAdvance(text)
            room = (right - left) - gap
            if width > room > 0:
                size = max(base_size * self.RUBY_MIN_SCALE, base_size * room / width)
                size = max(1.0, int(size * 4) / 4)  # quarter points: few distinct fonts to cache
                width = self._ruby_metrics(size)[1].horizontalAdvance(text)
            lines.setdefault(top, []).append([token, (left + right - width) / 2, width, size, parts, top])
        out = []
        for items in lines.values():
            items.sort(key=lambda item: item[1])
            previous_end = left_edge - gap
            for item in items:  # push right of the previous word's pinyin, inside the left edge
                item[1] = max(item[1], previous_end + gap)
                previous_end = item[1] + item[2]
            limit = right_edge
            for item in reversed(items):  # pull left of the next one and of the right edge
                item[1] = max(left_edge, min(item[1], limit - item[2]))
                limit = item[1] - gap
            for token, x, width, size, parts, line_top in items:
                descent = self._ruby_metrics(size)[1].descent()
                out.append(RubyPlacement(token, x, line_top - descent - 1, size, parts, line_top, width))
        cache[(number, self._geometry_key)] = out
        return out

    def _paint_overlay(self, painter: QPainter) -> None:
        text_color = self.palette().text().color()
        boundary = QColor(text_color)
        boundary.setAlpha(55)
        boundary_pen = QPen(boundary, 1)
        dx, dy = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        coloured = self.tone_mode != "off"
        for block, _rect in self.visible_blocks():
            if block.layout() is None or block.layout().lineCount() == 0:
                continue
            if self.word_boundaries:
                painter.setPen(boundary_pen)
                for _token, left, right, _top, bottom in self._token_geometry(block):
                    painter.drawLine(QPointF(left - dx + 2, bottom - dy), QPointF(right - dx - 2, bottom - dy))
            if not self.ruby:
                continue
            for placement in self.ruby_placements(block):
                font, metrics = self._ruby_metrics(placement.size)
                painter.setFont(font)
                x, y = placement.x - dx, placement.baseline
                for part, tone in placement.parts:
                    colour = tone_color(tone, self.tone_scheme, self.dark) if coloured else None
                    painter.setPen(QColor(colour) if colour else text_color)
                    painter.drawText(QPointF(x, y - dy), part)
                    x += metrics.horizontalAdvance(part)
