"""Focus mode: one sentence pair at a time, the Chinese large, the English hidden until asked for.

Keyboard-driven: Space or Enter shows (and hides) the English, → / J / ↓ the
next pair, ← / K / ↑ the previous one, P pinyin above the characters, Esc
back to the article at the pair last shown (:attr:`FocusView.closed`).  The
pair is drawn by the ordinary panes (tone colours, ruby, word boundaries,
hover), given a slice of the article: :class:`PairSlice` re-bases the
analysed sentences of one pair to offset 0, so the panes' code-point
addressing holds inside the slice as in the article.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QLabel, QToolTip, QVBoxLayout, QWidget

from reader.ui.compat import Qt
from reader.ui.panes import ChinesePane, EnglishPane

if TYPE_CHECKING:
    from reader.text.segment import Token

#: How much larger than the reading pane's font the Chinese of a focused pair is.
SCALE = 1.8
HINT = "Space: show or hide the English · → / J next · ← / K previous · P pinyin · Esc back to the article"


@dataclass(frozen=True)
class SliceSentence:
    """A sentence of a :class:`PairSlice` (offsets into the slice)."""

    index: int
    start: int
    end: int
    tokens: tuple[Token, ...]
    syllables: tuple


@dataclass(frozen=True)
class PairSlice:
    """The Chinese of one pair as the panes read an ``AnalyzedText``: text, base and sentences from 0."""

    text: str
    base: str
    traditional: bool
    sentences: tuple[SliceSentence, ...]
    origin: int  # the slice's start in the article
    source: object  # the article's AnalyzedText (dictionary look-ups)

    @classmethod
    def of(cls, analyzed, indices) -> PairSlice:
        """The sentences ``indices`` (consecutive) of ``analyzed``, from the first one's start to the last one's end."""
        chosen = [analyzed.sentences[i] for i in sorted(indices)]
        origin, end = chosen[0].start, chosen[-1].end
        sentences = []
        for k, sentence in enumerate(chosen):
            tokens = tuple(t._replace(start=t.start - origin, end=t.end - origin) for t in sentence.tokens)
            sentences.append(SliceSentence(k, sentence.start - origin, sentence.end - origin, tokens,
                                           tuple(sentence.syllables)))
        return cls(analyzed.text[origin:end], analyzed.base[origin:end], analyzed.traditional, tuple(sentences),
                   origin, analyzed)

    def gloss(self, start: int, end: int) -> str:
        """A one-line meaning of the word at ``[start, end)`` of the slice ("" when none is known)."""
        source = self.source
        token = source.token_at(self.origin + start) if hasattr(source, "token_at") else None
        if token is None or token.end != self.origin + end:
            return ""
        entries = source.glosses(token)
        if not entries:
            return ""
        entry = entries[0]
        return f"{entry.pinyin}  {'; '.join(entry.senses[:3])}"


class FocusView(QWidget):
    """One pair at a time; :meth:`set_article` then keys (see the module docstring)."""

    #: Esc: the index (into the article's pairs) of the pair shown last
    closed = Signal(int)
    #: the pair shown changed (its index into the article's pairs)
    pair_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FocusView")
        self.setFocusPolicy(Qt.StrongFocus)
        self.view = None
        self.order: list[int] = []  # indices of the pairs with Chinese, in reading order
        self.position = -1  # into ``order``
        self.revealed = False
        self.slice: PairSlice | None = None
        self.counter = QLabel(self)
        self.counter.setObjectName("FocusCounter")
        self.hint = QLabel(HINT, self)
        self.hint.setObjectName("FocusHint")
        self.hint.setWordWrap(True)
        self.zh = ChinesePane(self)
        self.en = EnglishPane(self)
        self.hidden_note = QLabel("Space: show the English", self)
        self.hidden_note.setAlignment(Qt.AlignCenter)
        for pane in (self.zh, self.en):
            pane.setFocusPolicy(Qt.NoFocus)  # every key comes here
            pane.setFrameShape(pane.Shape.NoFrame)
        self.zh.word_hovered.connect(self._word_hovered)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.addWidget(self.counter)
        layout.addWidget(self.zh, 3)
        layout.addWidget(self.hidden_note)
        layout.addWidget(self.en, 2)
        layout.addWidget(self.hint)
        self.en.hide()

    # -- content -------------------------------------------------------------------------------

    def set_article(self, view, pair: int = 0) -> None:
        """Focus on ``view``'s pairs (an :class:`reader.library.ArticleView`), starting at pair index ``pair``."""
        self.view = view
        self.order = [i for i, p in enumerate(view.pairs) if p.zh]
        self.position = -1
        if not self.order:
            self.slice = None
            self.zh.show_preview("")
            self.en.show_preview("")
            self.counter.setText("No sentences")
            return
        self.show_pair(pair)

    def apply_fonts(self, zh_font: QFont, en_font: QFont) -> None:
        """The reading panes' fonts, the Chinese enlarged."""
        big = QFont(zh_font)
        big.setPointSizeF(max(12.0, zh_font.pointSizeF() * SCALE))
        self.zh.setFont(big)
        english = QFont(en_font)
        english.setPointSizeF(max(10.0, en_font.pointSizeF() * 1.2))
        self.en.setFont(english)

    def follow_display(self, pane) -> None:
        """Draw words as the reading pane ``pane`` does (tones, marks, theme); pinyin stays this view's own (P)."""
        zh = self.zh
        zh.word_mark = pane.word_mark
        zh.apply_display(tone_mode=pane.tone_mode, tone_scheme=pane.tone_scheme, ruby=zh.ruby,
                         ruby_hide_known=pane.ruby_hide_known, word_boundaries=pane.word_boundaries,
                         mark_unknown=pane.mark_unknown, known=pane.known, dark=pane.dark)
        self.en.dark = pane.dark

    @property
    def pair_index(self) -> int:
        """The index (into the article's pairs) of the pair shown, -1 when none."""
        return self.order[self.position] if 0 <= self.position < len(self.order) else -1

    def show_pair(self, pair: int) -> None:
        """Show the pair with index ``pair`` (or the first one with Chinese after it), the English hidden."""
        if not self.order or self.view is None:
            return
        position = next((k for k, index in enumerate(self.order) if index >= pair), len(self.order) - 1)
        self.position = position
        chosen = self.view.pairs[self.order[position]]
        self.slice = PairSlice.of(self.view.zh, chosen.zh)
        self.zh.set_article(self.slice)
        spans = [self.view.en_sentences[i] for i in chosen.en if i < len(self.view.en_sentences)]
        if spans:
            start, end = spans[0][0], spans[-1][1]
            self.en.set_english(self.view.en_text[start:end], [(a - start, b - start) for a, b in spans])
        else:
            self.en.set_english("(no English for this sentence)", [])
        self.counter.setText(f"{position + 1} / {len(self.order)}")
        self.set_revealed(False)
        self.pair_changed.emit(self.pair_index)

    # -- commands ------------------------------------------------------------------------------

    def step(self, step: int) -> None:
        """The next (1) or previous (-1) pair; nothing past either end."""
        target = self.position + step
        if 0 <= target < len(self.order):
            self.show_pair(self.order[target])

    def set_revealed(self, on: bool) -> None:
        """Show or hide the English."""
        self.revealed = on
        self.en.setVisible(on)
        self.hidden_note.setVisible(not on)

    def toggle_pinyin(self) -> None:
        """Pinyin above the characters on or off."""
        zh = self.zh
        zh.apply_display(tone_mode=zh.tone_mode, tone_scheme=zh.tone_scheme, ruby=not zh.ruby,
                         ruby_hide_known=zh.ruby_hide_known, word_boundaries=zh.word_boundaries,
                         mark_unknown=zh.mark_unknown, known=zh.known, dark=zh.dark)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        key = event.key()
        if event.modifiers() & ~(Qt.KeypadModifier | Qt.ShiftModifier):
            super().keyPressEvent(event)
            return
        if key in (Qt.Key_Space, Qt.Key_Return, Qt.Key_Enter):
            self.set_revealed(not self.revealed)
        elif key in (Qt.Key_Right, Qt.Key_J, Qt.Key_Down, Qt.Key_PageDown):
            self.step(1)
        elif key in (Qt.Key_Left, Qt.Key_K, Qt.Key_Up, Qt.Key_PageUp):
            self.step(-1)
        elif key == Qt.Key_P:
            self.toggle_pinyin()
        elif key == Qt.Key_Escape:
            self.closed.emit(self.pair_index)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    # -- hover ---------------------------------------------------------------------------------

    def _word_hovered(self, start: int, end: int) -> None:
        if start < 0 or self.slice is None:
            QToolTip.hideText()
            return
        text = self.slice.gloss(start, end)
        if text:
            rect = self.zh.span_rect(start, end)
            QToolTip.showText(self.zh.viewport().mapToGlobal(QPoint(rect.left(), rect.bottom() + 4)),
                              # escaped into a paragraph: shown as typed, never interpreted
                              f"<p>{escape(self.slice.text[start:end])}  {escape(text)}</p>", self.zh)


class FocusController:
    """The window's focus mode (F): a :class:`FocusView` page in the central stack, built on first use."""

    def __init__(self, window) -> None:
        self.w = window
        self.page: FocusView | None = None

    def enter(self) -> None:
        """Focus on the clicked pair, else the one at the top of the Chinese pane."""
        w = self.w
        if w.view is None or not w.view.pairs:
            return
        if self.page is None:
            self.page = FocusView(w)
            w.stack.addWidget(self.page)
            self.page.closed.connect(self.leave)
        page = self.page
        w._hide_popup()
        page.apply_fonts(w.zh.font(), w.en.font())
        page.follow_display(w.zh)
        active = w.reading._active_pair
        page.set_article(w.view, active if active >= 0 else w.view.pair_of_zh.get(w.zh.top_sentence(), 0))
        w.stack.setCurrentWidget(page)
        page.setFocus()

    def leave(self, pair: int) -> None:
        """Esc: back to the article, the pair shown last at the top and lit."""
        w = self.w
        w.stack.setCurrentIndex(0)
        view = w.view
        if view is not None and 0 <= pair < len(view.pairs) and view.pairs[pair].zh:
            w.reading._active_pair = pair
            sentence = view.pairs[pair].zh[0]
            w.zh.scroll_to_sentence(sentence, top_offset=0)
            w.reading._light_pair("zh", sentence, scroll_partner=True)
        w.zh.setFocus()
