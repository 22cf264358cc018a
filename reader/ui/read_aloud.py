"""Read aloud in the window: the hovered word, the current sentence, or the article from the cursor.

The speaking is :mod:`reader.speech` (eSpeak NG or the platform's voice, a
process per sentence); this controller only starts it, polls it from a
timer (no thread: starting a sentence is a process start and a few
milliseconds of pinyin), lights the sentence being read in the Chinese pane
and its English partner (the panes' ``reading`` layer, which the hover's
``sentence`` layer does not replace), keeps it in view, and stops on Esc.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QColor, QTextCharFormat
from PySide6.QtWidgets import QApplication

from reader.errors import DuizhaoError
from reader.speech import Reading, find_voice
from reader.ui.compat import Qt

POLL_MS = 80
LAYER = "reading"


def _format(color: str) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setBackground(QColor(color))
    return fmt


def current_sentence(zh: Any, span: tuple[int, int] | None = None) -> int:
    """The sentence to read: the hovered word's (``span``), else the caret's, else the first one in view."""
    for offset in ((span[0],) if span else ()) + (zh.cursor_offset(),):
        index = zh.sentence_at(offset)
        if index >= 0 and (span or zh.textCursor().position() > 0):
            return index
    return zh.top_sentence()


class ReadAloud(QObject):
    """Speaks words and sentences; ``reading_changed(index)`` for each Chinese sentence as it starts.

    ``zh``/``en`` are the reading panes, ``view()`` the article shown (an
    ``ArticleView`` or None) and ``accent(name)`` the theme's colours
    ("sentence" for the Chinese, "partner" for the English).
    """

    message = Signal(str)
    reading_changed = Signal(int)  # the Chinese sentence being read (-1: a word, no sentence)
    finished = Signal()  # everything was read, or it was stopped

    def __init__(self, zh: Any, en: Any, view: Callable[[], Any], *, accent: Callable[[str], str] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.zh, self.en, self.view = zh, en, view
        self.accent = accent or (lambda name: {"sentence": "#ffe066", "partner": "#b2f2bb"}[name])
        self._reading: Reading | None = None
        self._index: int | None = None
        self._view_id: int | None = None
        self._filtering = False
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self._poll)

    @property
    def reading(self) -> bool:
        return self._reading is not None

    # -- commands -------------------------------------------------------------------------------

    def speak_word(self, text: str | None) -> bool:
        """Say a word (or any short text); nothing is lit."""
        if not text or not text.strip():
            self.message.emit("Point at a Chinese word first.")
            return False
        return self._start([(-1, text)])

    def say_span(self, span: tuple[int, int] | None) -> bool:
        """R: say the hovered word (the popup's span) or the Chinese selection."""
        view = self.view()
        return self.speak_word(view.zh.text[span[0]:span[1]] if view is not None and span else None)

    def read_current(self, span: tuple[int, int] | None = None, *, to_end: bool = False) -> bool:
        """Ctrl+R / Ctrl+Shift+R: the sentence of the hovered word (else the caret's, else the first in view)."""
        if self.view() is None:
            return self._start([])
        index = current_sentence(self.zh, span)
        return self.read_from(index) if to_end else self.read_sentence(index)

    def read_sentence(self, index: int) -> bool:
        """Read one Chinese sentence, lit with its English partner."""
        return self._start(self._sentences(index, index + 1))

    def read_from(self, index: int) -> bool:
        """Read the article from sentence ``index`` to the end (Esc stops)."""
        return self._start(self._sentences(index, None))

    def stop(self) -> None:
        """Stop at once and take the light away."""
        if self._reading is None:
            return
        reading, self._reading = self._reading, None
        reading.stop()
        self._end()

    # -- inside -------------------------------------------------------------------------------

    def _sentences(self, first: int, last: int | None) -> list[tuple[int, str]]:
        view = self.view()
        if view is None or first < 0:
            return []
        spans = view.zh_sentences
        return [(i, view.zh.text[s:e]) for i, (s, e) in enumerate(spans[first:last], start=first)]

    def _start(self, sentences: list[tuple[int, str]]) -> bool:
        self.stop()
        if not any(text.strip() for _, text in sentences):
            self.message.emit("Open an article and point at a sentence first." if not sentences
                              else "Nothing to read aloud there.")
            return False
        try:
            self._reading = Reading(sentences, voice=find_voice())
        except DuizhaoError as exc:  # no engine, no Mandarin voice: say what to install
            self.message.emit(str(exc).splitlines()[0])
            return False
        self._index = None
        view = self.view()
        self._view_id = view.id if view is not None else None
        if not self._filtering:
            app = QApplication.instance()
            if app is not None:
                app.installEventFilter(self)
                self._filtering = True
        self._poll()
        if self._reading is not None:
            self.timer.start()
        return True

    def _poll(self) -> None:
        if self._reading is None:
            return
        view = self.view()
        if view is None or view.id != self._view_id:  # another article: its sentences are not these
            self.stop()
            return
        try:
            index = self._reading.poll()
        except DuizhaoError as exc:
            self.message.emit(str(exc).splitlines()[0])
            index = None
        if index is None:
            self._reading = None
            self._end()
            return
        if index != self._index:
            self._index = index
            self._light(index)
            self.reading_changed.emit(index)

    def _light(self, index: int) -> None:
        if index < 0:
            return
        view = self.view()
        zh_spans = self.zh.sentence_spans
        if view is None or not 0 <= index < len(zh_spans):
            return
        self.zh.set_layer(LAYER, [(*zh_spans[index], _format(self.accent("sentence")))])
        self.zh.scroll_to_sentence(index, only_if_hidden=True)
        pair_index = view.pair_of_zh.get(index)
        partners = view.pairs[pair_index].en if pair_index is not None else ()
        en_spans = self.en.sentence_spans
        fmt = _format(self.accent("partner"))
        self.en.set_layer(LAYER, [(*en_spans[i], fmt) for i in partners if 0 <= i < len(en_spans)])
        if partners and self.en.isVisible():
            self.en.scroll_to_sentence(partners[0], only_if_hidden=True)

    def _end(self) -> None:
        self.timer.stop()
        self._index = None
        self.zh.set_layer(LAYER, [])
        self.en.set_layer(LAYER, [])
        if self._filtering:
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
            self._filtering = False
        self.finished.emit()

    def eventFilter(self, obj, event) -> bool:  # Qt override: Esc anywhere in the app stops reading
        if self._reading is not None and event.type() == QEvent.KeyPress and event.key() == Qt.Key_Escape:
            self.stop()
            return True
        return False
