"""Find in the article (Ctrl+F): the find bar's controller, its matches and the one it is on.

The bar (:class:`reader.ui.findbar.FindBar`) is built on first use under the
panes; matches are lit as the panes' ``find`` layer and the current one is
selected, so H or N act on it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QTextCharFormat

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLayout, QWidget

    from reader.ui.findbar import FindBar
    from reader.ui.panes import ArticlePane


class FindController:
    """Searches one pane, steps through its matches and clears them when the bar closes."""

    def __init__(self, parent: QWidget, layout: QLayout, panes: Callable[[str], ArticlePane],
                 simplified_text: Callable[[], str | None], colour: Callable[[], str]) -> None:
        self._parent = parent
        self._layout = layout  # where the bar goes (under the panes)
        self._pane = panes  # "zh" / "en" -> the pane
        self._simplified = simplified_text  # the article's own (simplified) Chinese text, None without article
        self._colour = colour  # the theme's find colour
        self._bar: FindBar | None = None
        self.spans: list[tuple[int, int]] = []
        self.index = -1
        self.side = "zh"

    @property
    def bar(self) -> FindBar:
        """The find bar (built on first use)."""
        if self._bar is None:
            from reader.ui.findbar import FindBar

            bar = FindBar(self._parent)
            self._layout.addWidget(bar)
            bar.search_changed.connect(self.search)
            bar.step_requested.connect(self.step)
            bar.closed.connect(self.closed)
            self._bar = bar
        return self._bar

    @property
    def visible(self) -> bool:
        return self._bar is not None and self._bar.isVisible()

    def open(self, side: str) -> None:
        self.bar.open(side)

    def refresh(self) -> None:
        """Light the matches again after the panes were repainted, staying on the current one."""
        if self.visible:
            self.search(self.bar.edit.text(), self.bar.current_side(), move=False)

    def search(self, query: str, side: str, move: bool = True) -> None:
        """Light every match of ``query`` in one pane and select the first one from the top of the view."""
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(self._colour()))
        for name in ("zh", "en"):
            self._pane(name).set_layer("find", [])
        self.spans, self.side = [], side
        simplified = self._simplified()
        if simplified is None or not query:
            self.index = -1
            self.bar.set_count(-1, 0)
            return
        pane = self._pane(side)
        texts = [pane.text]
        if side == "zh" and simplified != pane.text:
            texts.append(simplified)  # traditional shown: a simplified query still finds
        from reader.ui.findbar import find_all

        spans = find_all(texts, query, ignore_case=side == "en")
        pane.set_layer("find", [(s, e, fmt) for s, e in spans])
        self.spans = spans
        if not spans:
            self.index = -1
            self.bar.set_count(-1, 0)
            return
        if not move and 0 <= self.index < len(spans):
            self.bar.set_count(self.index, len(spans))
            return
        top = pane.top_sentence()
        top_offset = pane.sentence_spans[top][0] if top >= 0 else 0
        self._go_to(next((i for i, (start, _e) in enumerate(spans) if start >= top_offset), 0))

    def step(self, step: int) -> None:
        """The next (+1) or previous (-1) match, wrapping around."""
        if self.spans:
            self._go_to((self.index + step) % len(self.spans))

    def _go_to(self, index: int) -> None:
        self.index = index
        start, end = self.spans[index]
        pane = self._pane(self.side)
        pane.setTextCursor(pane.cursor_for_span(start, end))  # selected: H or N act on it
        sentence = pane.sentence_at(start)
        if sentence >= 0:
            pane.scroll_to_sentence(sentence, only_if_hidden=True)
        else:
            pane.ensureCursorVisible()
        self.bar.set_count(index, len(self.spans))

    def closed(self) -> None:
        for name in ("zh", "en"):
            self._pane(name).set_layer("find", [])
        self.spans, self.index = [], -1
        self._pane(self.side).setFocus()
