"""Find in the article (Ctrl+F): the bar under the panes and the matching itself.

The bar only emits signals; the window searches the pane's text (code
points), lights every match in the pane's "find" layer and selects the
current one (so H or N act on it).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget


def find_all(texts, query: str, ignore_case: bool = False) -> list[tuple[int, int]]:
    """Non-overlapping ``(start, end)`` of ``query`` in any of ``texts`` (same-length renderings of one text).

    The Chinese pane passes the stored simplified text and what it shows
    (traditional), so a query in either script is found.
    """
    if not query:
        return []
    found: set[tuple[int, int]] = set()
    for text in texts:
        haystack, needle = (text.casefold(), query.casefold()) if ignore_case else (text, query)
        if len(haystack) != len(text):  # a case fold that changes lengths would shift offsets
            haystack, needle = text, query
        at = haystack.find(needle)
        while at >= 0:
            found.add((at, at + len(needle)))
            at = haystack.find(needle, at + max(1, len(needle)))
    spans, last_end = [], -1
    for start, end in sorted(found):
        if start >= last_end:
            spans.append((start, end))
            last_end = end
    return spans


class FindBar(QWidget):
    """Query, pane, "3 of 12", previous / next, close."""

    #: the query or the pane changed (query, side "zh" | "en")
    search_changed = Signal(str, str)
    #: +1 next, -1 previous
    step_requested = Signal(int)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FindBar")
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Find in the article (Enter: next, Shift+Enter: previous, Esc: close)")
        self.edit.setClearButtonEnabled(True)
        self.side = QComboBox(self)
        self.side.addItem("Chinese", "zh")
        self.side.addItem("English", "en")
        self.count = QLabel("", self)
        self.count.setMinimumWidth(90)
        previous, following, close = (QToolButton(self) for _ in range(3))
        previous.setText("↑")
        previous.setToolTip("Previous match (Shift+Enter)")
        following.setText("↓")
        following.setToolTip("Next match (Enter)")
        close.setText("✕")
        close.setToolTip("Close (Esc)")
        previous.clicked.connect(lambda: self.step_requested.emit(-1))
        following.clicked.connect(lambda: self.step_requested.emit(1))
        close.clicked.connect(self.close_bar)
        self.edit.textChanged.connect(self._changed)
        self.side.currentIndexChanged.connect(self._changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.side)
        layout.addWidget(self.count)
        layout.addWidget(previous)
        layout.addWidget(following)
        layout.addWidget(close)
        self.edit.installEventFilter(self)
        self.hide()

    def current_side(self) -> str:
        return self.side.currentData()

    def open(self, side: str) -> None:
        """Show the bar for a pane, the query selected for typing over."""
        index = self.side.findData(side)
        if index >= 0 and index != self.side.currentIndex():
            self.side.setCurrentIndex(index)
        self.show()
        self.edit.setFocus(Qt.ShortcutFocusReason)
        self.edit.selectAll()
        self._changed()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def set_count(self, current: int, total: int) -> None:
        if not self.edit.text():
            self.count.setText("")
        elif total == 0:
            self.count.setText("no match")
        else:
            self.count.setText(f"{current + 1} of {total}")

    def _changed(self, *_args) -> None:
        self.search_changed.emit(self.edit.text(), self.current_side())

    def eventFilter(self, obj, event) -> bool:  # Qt override
        if obj is self.edit and event.type() == event.Type.KeyPress:
            if event.key() in (Qt.Key_Return, Qt.Key_Enter):
                self.step_requested.emit(-1 if event.modifiers() & Qt.ShiftModifier else 1)
                return True
            if event.key() == Qt.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(obj, event)
