"""The hover controller: the word under the mouse or keyboard cursor, its popup, and its lookup cache.

The Chinese pane reports the word span hovered; this finds its dictionary
matches (cached per position for the article shown), fills and places the
popup beside the word (clear of the English partner), and lights the English
words linked to it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QGuiApplication, QTextCharFormat
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit

from reader.errors import DuizhaoError
from reader.ui.compat import Qt
from reader.ui.fonts import cjk_family

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow

LOOKUP_WINDOW = 40  # longer than any CC-CEDICT headword


class HoverController:
    """The popup and the word cursor of the window's Chinese pane."""

    def __init__(self, window: MainWindow) -> None:
        self.w = window
        self._word_links: dict[int, list] = {}  # word links per pair index, for the article shown
        self._lookups: dict[int, list] = {}  # dictionary matches by article offset, for the article shown
        self._popup_matches: list = []
        self._popup_span: tuple[int, int] | None = None
        self._family: tuple[str | None, str | None] | None = None  # (chosen family, installed CJK family)

    def reset(self) -> None:
        """Forget the caches of the article shown (another one replaces it)."""
        self._word_links = {}
        self._lookups = {}

    def show_word(self, start: int, end: int) -> None:
        """The word cursor moved to [start, end) (or left every word when start < 0)."""
        if self.w.popup.pinned and self.w.popup.isVisible() and not self.w.zh.keyboard_word:
            return  # a pinned card stays on its word; the keyboard can still move it
        if start < 0 or self.w.view is None:
            self.w.zh.set_word_cursor(0, 0, None)
            self.w.en.set_layer("links", [])
            self._popup_span = None
            self.w.popup.request_hide()
            return
        focused = QApplication.focusWidget()
        if not isinstance(focused, (QLineEdit, QPlainTextEdit)):
            self.w.zh.setFocus(Qt.MouseFocusReason)  # so S, H and the arrows act on what the mouse shows
        matches = self._lookup(start)
        current = -1
        for i, m in enumerate(matches):
            if m.end <= end:
                current = i
                break
        if current < 0 and matches:
            current = len(matches) - 1
        self._popup_matches = matches
        self._show_match(start, end, current, keyboard=self.w.zh.keyboard_word)

    def _show_match(self, start: int, end: int, current: int, keyboard: bool) -> None:
        matches = self._popup_matches
        if 0 <= current < len(matches):
            span_end = matches[current].end
        else:
            span_end = end
        base = getattr(self.w.view.zh, "base", self.w.view.zh.text)
        word = base[start:span_end]
        breakdown = ()
        token = self.w.zh.token_at(start)
        if 1 < len(word) <= 4:
            from reader.text.glossing import reading_first

            # each character as the word reads it: the token's reading in context, else the card's first
            if token is not None and (token.start, token.end) == (start, span_end) and token.syllables:
                syllables = list(token.syllables)
            elif 0 <= current < len(matches) and matches[current].entries:
                syllables = matches[current].entries[0].pinyin_numbers.split()
            else:
                syllables = []
            if len(syllables) != len(word):
                syllables = [""] * len(word)
            parts = []
            for k, char in enumerate(word):
                single = [m for m in self._lookup(start + k) if m.end - m.start == 1]
                parts.append((char, reading_first(single[0].entries, syllables[k]) if single else ()))
            breakdown = tuple(parts)
        from reader.ui.popup import PopupContent

        content = PopupContent(word=self.w.view.zh.text[start:span_end], start=start, end=span_end,
                               matches=tuple(matches), current=current, breakdown=breakdown,
                               word_pinyin=token.pinyin if token else None,
                               info=self.w.learner.word_info(start, self._links_of))  # status, rank, senses
        self._popup_span = (start, span_end)
        self.w.zh.set_word_cursor(start, span_end, QColor(self.w.accent("word")), keyboard=keyboard)
        rect = self.w.zh.span_rect(start, span_end)
        anchor = QRect(self.w.zh.viewport().mapToGlobal(rect.topLeft()), rect.size())
        viewport = self.w.zh.viewport()
        prefer = QRect(viewport.mapToGlobal(QPoint(0, 0)), viewport.size())
        self.w.popup.show_content(content, anchor, scheme=self.w.settings.tone_scheme, dark=self.w.dark,
                                tones=self.w.settings.tone_mode != "off", font_family=self._popup_family(),
                                avoid=self.partner_rects(start), prefer=prefer)
        self._light_links(start, span_end)
        self.w.popup_shown.emit(start, span_end)

    def _popup_family(self) -> str | None:
        """The CJK family of the popup (listing the installed fonts is slow: once per choice)."""
        key = self.w.settings.zh_family
        if self._family is None or self._family[0] != key:
            self._family = (key, cjk_family(key))
        return self._family[1]

    def partner_rects(self, offset: int) -> list[QRect]:
        """Global rectangles of the English sentences paired with the Chinese sentence at ``offset``."""
        if self.w.view is None or not self.w.en.isVisible():
            return []
        pair = self.w.reading._pair_for("zh", self.w.zh.sentence_at(offset))
        if pair is None:
            return []
        viewport = self.w.en.viewport()
        rects = []
        for index in pair.en:
            rect = self.w.en.sentence_rect(index).intersected(viewport.rect())
            if not rect.isEmpty():
                rects.append(QRect(viewport.mapToGlobal(rect.topLeft()), rect.size()))
        return rects

    def _lookup(self, start: int) -> list:
        """Dictionary matches at ``start`` of the article (longest first), in article offsets.

        Only a short window of the text is passed: the facade may convert the
        text it is given, which must not cost time proportional to the article.
        The dictionary pass-through does not touch SQLite: no lock, so the
        hover never waits for a background job.  Cached per position for the
        article shown (hovering back and forth, the breakdown's characters).
        """
        cached = self._lookups.get(start)
        if cached is not None:
            return cached
        base = getattr(self.w.view.zh, "base", self.w.view.zh.text)
        window = base[start:start + LOOKUP_WINDOW]
        found = [replace(m, start=m.start + start, end=m.end + start)
                 for m in self.w.library.unlocked.lookup(window, 0)]
        self._lookups[start] = found
        return found

    def cycle_match(self) -> None:
        """M: the next shorter dictionary match at the same position."""
        content = self.w.popup.content
        if content is None or len(self._popup_matches) < 2:
            return
        current = (content.current + 1) % len(self._popup_matches)
        self._show_match(content.start, content.end, current, keyboard=True)

    def toggle_pin(self) -> None:
        if self.w.popup.isVisible():
            self.w.popup.set_pinned(not self.w.popup.pinned)

    def _links_of(self, pair_index: int) -> list:
        """A pair's word links, cached; none while the worker holds the database (they come on a later hover)."""
        links = self._word_links.get(pair_index)
        if links is None:
            if self.w.ops.busy:
                return []
            try:
                links = list(self.w.library.word_links(self.w.view.id, pair_index))
            except (DuizhaoError, ImportError):  # links are a nicety: never let them break the hover
                links = []
            self._word_links[pair_index] = links
        return links

    def _light_links(self, start: int, end: int) -> None:
        """Light the English words linked to the hovered Chinese word."""
        if self.w.view is None or not self.w.view.en_text:
            self.w.en.set_layer("links", [])
            return
        sentence = self.w.zh.sentence_at(start)
        pair_index = self.w.view.pair_of_zh.get(sentence)
        if pair_index is None:
            self.w.en.set_layer("links", [])
            return
        links = self._word_links.get(pair_index)
        if links is None:
            if self.w.ops.busy:
                return  # the worker holds the database; links come back on the next hover
            try:
                links = list(self.w.library.word_links(self.w.view.id, pair_index))
            except (DuizhaoError, ImportError):  # links are a nicety: never let them break the hover
                links = []
            self._word_links[pair_index] = links
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(self.w.accent("link")))
        spans = [(s, e, fmt) for link in links if link.zh_start < end and start < link.zh_end
                 for s, e in link.en_spans]
        self.w.en.set_layer("links", spans)

    def _word_span(self) -> tuple[int, int] | None:
        if self.w.popup.isVisible() and self._popup_span:
            return self._popup_span
        span = self.w.zh.selected_span()
        if span:
            return span
        return self.w.zh.current_word

    def copy_current_word(self) -> None:
        content = self.w.popup.content
        if content is None:
            return
        text = content.word
        if 0 <= content.current < len(content.matches):
            entry = content.matches[content.current].entries[0]
            text = f"{content.word}\t{entry.pinyin}\t{'; '.join(entry.senses[:3])}"
        QGuiApplication.clipboard().setText(text)
        self.w.statusBar().showMessage(f"Copied {content.word}.", 3000)
