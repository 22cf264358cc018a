"""The article controller: rendering an ArticleView in both panes, its layers, pair lighting, scroll following.

Also the edits that re-render the article (pair merge/split, word
merge/split) and the panes' context menu.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtGui import QColor, QTextCharFormat
from PySide6.QtWidgets import QApplication, QMenu

from reader.errors import DuizhaoError
from reader.ui.header import header_texts
from reader.ui.panes import sentence_format, weak_format
from reader.ui.rows import row_layout
from reader.ui.safe_text import window_title

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow

WEAK = 0.5
WEAK_TIP = ("Alignment unsure (confidence {confidence:.2f}) — check the English, merge or split pairs "
            "from the context menu")
WEAK_NOTE = ("A wavy underline marks a pair the aligner is unsure of: check the English, and merge or split "
             "pairs from the context menu (right click).")


class ReadingController:
    """Shows the window's article and keeps the two panes in step."""

    def __init__(self, window: MainWindow) -> None:
        self.w = window
        self._active_pair = -1  # the pair clicked (lit when nothing is hovered)
        self._weak_hint_shown = bool(window.setting("weak_hint_shown", False))
        self._position_timer = QTimer(window)  # the reading position is saved once scrolling stops
        self._position_timer.setSingleShot(True)
        self._position_timer.setInterval(800)
        self._position_timer.timeout.connect(self._save_position)

    def show_article(self, view, keep_position: bool = False) -> None:
        """Render an ArticleView in both panes and fill the side panels."""
        self.w.opening._previewing = False
        previous = self.w.zh.top_sentence() if keep_position and self.w.view is not None else None
        self.w.view = view
        self.w.hover.reset()
        self._active_pair = -1
        self.w._hide_popup()
        self._render_article(keep_position=False)
        title = view.info.title or "Untitled"
        self.w.setWindowTitle(window_title(title, self.w.app_title))
        self.w.stack.setCurrentIndex(0)
        self.w.notes.refresh_annotations()
        self.w.notes.refresh_vocabulary()
        position = previous if previous is not None else (view.info.position or 0)
        if position and position < len(self.w.zh.sentence_spans):
            QTimer.singleShot(0, lambda: self.w.zh.scroll_to_sentence(position, top_offset=0))
        self.w._set_setting("last_article", view.id)
        if self.w.opening._welcome_pending:
            self.w.opening._welcome_pending = False
            self.w.banner.show()
            self.w._set_setting("welcome_shown", True)
        self.w.learner.article_shown()  # statuses, the header's figures, the Article tab
        self.w._update_actions()
        self.w.article_shown.emit(view.id)

    def _render_article(self, keep_position: bool) -> None:
        view = self.w.view
        top = self.w.zh.top_sentence() if keep_position else None
        base = Path(view.info.paths[0]).parent if view.info.paths else None
        display_text = None
        if self.w.settings.traditional != bool(getattr(view.zh, "traditional", False)):
            display_text = self._convert_script(view.zh.text, self.w.settings.traditional)
        s = self.w.settings  # pairs in rows only side by side, both shown (reader.ui.rows)
        layout = row_layout(view, s.aligned_rows and not s.vertical and not s.hide_english)
        self.w.zh.set_article(view.zh, display_text=display_text, base_dir=base, insertions=layout.zh_insertions)
        self.w.en.set_english(view.en_text or "", list(view.en_sentences), base_dir=base,
                              insertions=layout.en_insertions)
        for pane, header in zip((self.w.zh, self.w.en), header_texts(view.info)):
            pane.set_header(header)
        self.w.rows.set_rows(layout.rows)
        self.w.en.setPlaceholderText("No English version yet: File → Add English version…")
        self._refresh_layers()
        if top is not None and top >= 0:
            QTimer.singleShot(0, lambda: self.w.zh.scroll_to_sentence(top, top_offset=0))

    @staticmethod
    def _convert_script(text: str, traditional: bool) -> str:
        # Same-length conversion, so offsets stay valid (the core guarantees it).
        from reader.text.script import to_simplified, to_traditional

        converted = to_traditional(text) if traditional else to_simplified(text)
        return converted if len(converted) == len(text) else text

    def _refresh_layers(self) -> None:
        """Annotations and weak-pair marks as extra selections."""
        if self.w.view is None:
            return
        weak_zh, weak_en = [], []
        fmt = weak_format(self.w.accent("weak"))
        for pair in self.w.view.pairs:
            if pair.confidence < WEAK and pair.zh and pair.en:
                weak_zh += [(*self.w.zh.sentence_spans[i], fmt) for i in pair.zh if i < len(self.w.zh.sentence_spans)]
                weak_en += [(*self.w.en.sentence_spans[i], fmt) for i in pair.en if i < len(self.w.en.sentence_spans)]
        self.w.zh.set_layer("weak", weak_zh)
        self.w.en.set_layer("weak", weak_en)
        self._paint_annotations()
        self.w.finder.refresh()

    def _paint_annotations(self) -> None:
        from reader.ui.side_panels import color_hex

        spans = {"zh": [], "en": []}
        for a in self.w.sidebar.annotations.values():
            if a.deleted or a.status == "orphan" or a.side not in spans:
                continue
            color = QColor(color_hex(a.color))
            if self.w.dark:
                color.setAlpha(110)
            fmt = QTextCharFormat()
            fmt.setBackground(color)
            if self.w.dark:
                fmt.setForeground(QColor("#ffffff"))
            if a.note:
                fmt.setUnderlineStyle(QTextCharFormat.SingleUnderline)
                fmt.setUnderlineColor(QColor("#555555" if not self.w.dark else "#dddddd"))
            spans[a.side].append((a.start, a.end, fmt))
        self.w.zh.set_layer("annotations", spans["zh"])
        self.w.en.set_layer("annotations", spans["en"])

    def _pane(self, side: str):
        return self.w.zh if side == "zh" else self.w.en

    def _pair_for(self, side: str, sentence: int):
        if self.w.view is None or sentence < 0:
            return None
        index = (self.w.view.pair_of_zh if side == "zh" else self.w.view.pair_of_en).get(sentence)
        return None if index is None else self.w.view.pairs[index]

    def _light_pair(self, side: str, sentence: int, scroll_partner: bool) -> None:
        pair = self._pair_for(side, sentence)
        if pair is None:
            if sentence >= 0:
                self._pane(side).light_sentences([sentence], sentence_format(self.w.accent("sentence")))
                self._pane("en" if side == "zh" else "zh").light_sentences([], QTextCharFormat())
            return
        own = sentence_format(self.w.accent("sentence"))
        partner = sentence_format(self.w.accent("partner"))
        self.w.zh.light_sentences(pair.zh, own if side == "zh" else partner)
        self.w.en.light_sentences(pair.en, own if side == "en" else partner)
        if scroll_partner and not self.w.rows.active:  # in rows the partner is on the same line
            other = self.w.en if side == "zh" else self.w.zh
            indices = pair.en if side == "zh" else pair.zh
            if indices and other.isVisible():
                other.scroll_to_sentence(indices[0], only_if_hidden=True)

    def _sentence_hovered(self, side: str, sentence: int) -> None:
        self._explain_weak(side, sentence)
        if sentence < 0:
            # Back to the clicked pair (or nothing).
            if self._active_pair >= 0 and self.w.view is not None and self._active_pair < len(self.w.view.pairs):
                pair = self.w.view.pairs[self._active_pair]
                if pair.zh:
                    self._light_pair("zh", pair.zh[0], scroll_partner=False)
                    return
            self.w.zh.light_sentences([], QTextCharFormat())
            self.w.en.light_sentences([], QTextCharFormat())
            return
        self._light_pair(side, sentence, scroll_partner=True)

    def _explain_weak(self, side: str, sentence: int) -> None:
        """A tooltip on a weak (wavy-underlined) pair, and a status-bar note the first time one is hovered."""
        pane = self._pane(side)
        pair = self._pair_for(side, sentence)
        if pair is None or not (pair.confidence < WEAK and pair.zh and pair.en):
            pane.viewport().setToolTip("")
            return
        pane.viewport().setToolTip(WEAK_TIP.format(confidence=pair.confidence))
        if not self._weak_hint_shown:
            self._weak_hint_shown = True
            self.w.statusBar().showMessage(WEAK_NOTE, 12000)
            self.w._set_setting("weak_hint_shown", True)

    def _sentence_clicked(self, side: str, sentence: int) -> None:
        if self.w.view is None:
            return
        index = (self.w.view.pair_of_zh if side == "zh" else self.w.view.pair_of_en).get(sentence, -1)
        self._active_pair = index
        self._light_pair(side, sentence, scroll_partner=True)

    def _follow_scroll(self, side: str, sentence: int) -> None:
        """Keep the other pane in step by the alignment (not by percentage)."""
        pair = self._pair_for(side, sentence)
        if side == "zh":
            self._position_timer.start()
        if pair is None or self.w.rows.active:  # rows: the two scroll bars move together
            return
        source = self._pane(side)
        other = self.w.en if side == "zh" else self.w.zh
        indices = pair.en if side == "zh" else pair.zh
        if not indices or not other.isVisible() or other.underMouse():
            return
        offset = source.sentence_top(sentence) - source.verticalScrollBar().value()
        other.scroll_to_sentence(indices[0], top_offset=max(0, offset))

    def _save_position(self) -> None:
        if self.w.view is None or (self.w.ops.busy):
            return
        top = self.w.zh.top_sentence()
        if top >= 0:
            try:
                self.w.library.set_position(self.w.view.id, top)
            except DuizhaoError:
                pass

    def _current_pair(self) -> int:
        if self.w.view is None:
            return -1
        if self._active_pair >= 0:
            return self._active_pair
        sentence = self.w.zh.sentence_at(self.w.zh.cursor_offset())
        return self.w.view.pair_of_zh.get(sentence, -1)

    def merge_pair(self) -> None:
        """Merge the current pair (clicked sentence) with the next one."""
        index = self._current_pair()
        if index < 0 or index + 1 >= len(self.w.view.pairs):
            self.w.statusBar().showMessage("Click a sentence that has a following pair first.", 4000)
            return
        self._edit_article(lambda: self.w.library.merge_pair(self.w.view.id, index))

    def split_pair(self) -> None:
        """Split the current pair before the sentence holding the cursor (Chinese or English)."""
        if self.w.view is None:
            return
        focused_en = QApplication.focusWidget() is self.w.en
        pane = self.w.en if focused_en else self.w.zh
        sentence = pane.sentence_at(pane.cursor_offset())
        mapping = self.w.view.pair_of_en if focused_en else self.w.view.pair_of_zh
        index = mapping.get(sentence, -1)
        if index < 0:
            self.w.statusBar().showMessage("Click inside the sentence where the new pair should start.", 4000)
            return
        pair = self.w.view.pairs[index]
        members = pair.en if focused_en else pair.zh
        if sentence == members[0]:
            self.w.statusBar().showMessage("The pair already starts at this sentence; click a later one in the pair.",
                                         5000)
            return
        at = pane.sentence_spans[sentence][0]
        kwargs = {"en_at": at} if focused_en else {"zh_at": at}
        self._edit_article(lambda: self.w.library.split_pair(self.w.view.id, index, **kwargs))

    def _edit_article(self, edit: Callable) -> None:
        if not self.w._idle():
            return
        try:
            view = edit()
        except DuizhaoError as exc:
            self.w._show_error(exc)
            return
        self.show_article(view, keep_position=True)

    def _context_menu(self, side: str, offset: int, global_pos: QPoint) -> None:
        self.build_context_menu(side, offset).exec(global_pos)

    def build_context_menu(self, side: str, offset: int) -> QMenu:
        """The context menu of a pane at a code-point offset (-1: not on text)."""
        menu = QMenu(self.w)
        pane = self._pane(side)
        if pane.selected_span():
            menu.addAction(self.w.actions["highlight"])
            menu.addAction(self.w.actions["note"])
        if side == "zh" and offset >= 0 and self.w.view is not None:
            token = self.w.zh.token_at(offset)
            if token is not None and token.kind == "han":
                self.w.hover._popup_span = (token.start, token.end)
                save = menu.addAction(f"Save “{token.text}” to my words")
                save.triggered.connect(lambda: self.w.notes._save_span(token.start, token.end))
                word = self.w.view.zh.base[token.start:token.end]
                status = self.w.learner.status_of(word)
                statuses = menu.addMenu(f"“{token.text}” is {status}: mark it…")  # every word has a status
                for choice in ("new", "learning", "known", "ignored"):
                    action = statuses.addAction(choice.capitalize())
                    action.setEnabled(choice != status)
                    action.triggered.connect(lambda _c=False, c=choice: self.w.learner.set_status((word,), c))
                nxt = self.w.zh.neighbour_word(token.start, 1)
                if nxt is not None and nxt.start == token.end:
                    for everywhere in (False, True):
                        label = f"Merge “{token.text}” + “{nxt.text}”" + (" everywhere" if everywhere else "")
                        action = menu.addAction(label)
                        action.triggered.connect(lambda _c=False, e=everywhere, a=token.start, b=nxt.end:
                                                 self._edit_article(lambda: self.w.library.merge_words(
                                                     self.w.view.id, a, b, everywhere=e)))
                if token.end - token.start > 1:
                    at = min(max(offset, token.start + 1), token.end - 1)
                    if at == token.start:
                        at = token.start + 1
                    for everywhere in (False, True):
                        label = (f"Split “{token.text}” → “{token.text[:at - token.start]}” + "
                                 f"“{token.text[at - token.start:]}”" + (" everywhere" if everywhere else ""))
                        action = menu.addAction(label)
                        action.triggered.connect(lambda _c=False, e=everywhere, s=token.start, a=at:
                                                 self._edit_article(lambda: self.w.library.split_word(
                                                     self.w.view.id, s, a, everywhere=e)))
        if offset >= 0 and self.w.view is not None:
            menu.addSeparator()
            sentence = pane.sentence_at(offset)
            if sentence >= 0:
                self._active_pair = (self.w.view.pair_of_zh if side == "zh" else self.w.view.pair_of_en).get(sentence, -1)
                cursor = pane.cursor_for_span(offset, offset)
                pane.setTextCursor(cursor)
                pane.setFocus()
            menu.addAction(self.w.actions["merge_pair"])
            menu.addAction(self.w.actions["split_pair"])
        menu.addSeparator()
        copy = menu.addAction("Copy")
        copy.setEnabled(pane.textCursor().hasSelection())
        copy.triggered.connect(pane.copy)
        return menu
