"""Annotations, saved words and the library view: the window's handlers for them, every change an Op.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from reader.errors import DuizhaoError
from reader.ui.ops import Changes, Op
from reader.ui.safe_text import message_box
from reader.ui.startup import APP_TITLE

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow


class NotesController:
    """Highlights, notes, saved words and the library list of the window."""

    def __init__(self, window: MainWindow) -> None:
        self.w = window
        self.last_color = "yellow"  # the colour H uses (the last one chosen)

    def _selection(self):
        """(side, start, end) of the selection in the focused pane, else in either."""
        panes = [self.w.zh, self.w.en]
        focused = QApplication.focusWidget()
        if focused is self.w.en:
            panes.reverse()
        for pane in panes:
            span = pane.selected_span()
            if span:
                return ("zh" if pane is self.w.zh else "en", *span)
        return None

    def highlight_selection(self, color: str | None = None):
        """H / 1–5: highlight the selection; returns the new Annotation (or None)."""
        if self.w.view is None or not self.w._idle():
            return None
        selection = self._selection()
        if selection is None:
            self.w.statusBar().showMessage("Select some text first, then press H (or 1–5 for a colour).", 4000)
            return None
        color = color or self.last_color
        self.last_color = color
        side, start, end = selection
        article_id = self.w.view.id
        annotation = self.w.ops.run(Op(
            "highlight", lambda: self.w.library.add_annotation(article_id, side, start, end, color=color),
            Changes(annotations=True), undo=lambda added: lambda: self.w.library.delete_annotation(added.uuid)))
        if annotation is None:
            return None
        pane = self.w.reading._pane(side)
        cursor = pane.textCursor()
        cursor.clearSelection()
        pane.setTextCursor(cursor)
        self.w.sidebar.select(annotation.uuid)
        return annotation

    def note_on_selection(self) -> None:
        """N: a note on the selection (highlighting it) or on the annotation chosen in the sidebar."""
        annotation = self.highlight_selection(None) if self._selection() else None
        uuid = annotation.uuid if annotation else self.w.sidebar.current_uuid
        if not uuid and self.w.view is not None:
            self.w.statusBar().showMessage("Select some text first, then press N to write a note on it.", 4000)
        if uuid:
            self.w.dock.show()
            self.w.side_tabs.setCurrentWidget(self.w.sidebar)
            self.w.sidebar.focus_note(uuid)

    def update_annotation(self, uuid: str, **changes) -> None:
        old = self.w.sidebar.annotations.get(uuid)
        if old is None or not self.w._idle():
            return
        previous = {key: getattr(old, key) for key in changes}
        self.w.ops.run(Op("edit", lambda: self.w.library.update_annotation(uuid, **changes), Changes(annotations=True),
                        undo=lambda _: lambda: self.w.library.update_annotation(uuid, **previous)))

    def delete_annotation(self, uuid: str) -> None:
        if not self.w._idle():
            return
        self.w.ops.run(Op("delete", lambda: self.w.library.delete_annotation(uuid), Changes(annotations=True),
                        undo=lambda _: lambda: self.w.library.restore_annotation(uuid)))

    def reattach_annotation(self, uuid: str) -> None:
        """Re-attach an orphan to the current selection (on its side)."""
        annotation = self.w.sidebar.annotations.get(uuid)
        if annotation is None or not self.w._idle():
            return
        span = self.w.reading._pane(annotation.side).selected_span()
        if not span:
            side = "Chinese" if annotation.side == "zh" else "English"
            self.w.statusBar().showMessage(f"Select the passage in the {side} text first.", 5000)
            return
        try:
            self.w.library.reattach_annotation(uuid, *span)
        except DuizhaoError as exc:
            self.w._show_error(exc)
            return
        self.refresh_annotations()

    def refresh_annotations(self) -> None:
        if self.w.view is None:
            self.w.sidebar.set_annotations([])
            return
        try:
            annotations = self.w.library.annotations(self.w.view.id)
        except DuizhaoError as exc:
            self.w._show_error(exc)
            return
        self.w.sidebar.set_annotations(annotations)
        self.w.reading._paint_annotations()

    def jump_to_annotation(self, uuid: str) -> None:
        annotation = self.w.sidebar.annotations.get(uuid)
        if annotation is None or annotation.status == "orphan":
            return
        pane = self.w.reading._pane(annotation.side)
        sentence = pane.sentence_at(annotation.start)
        if sentence >= 0:
            pane.scroll_to_sentence(sentence)
        pane.setTextCursor(pane.cursor_for_span(annotation.start, annotation.end))

    def refresh_vocabulary(self) -> None:
        if self.w.ops.busy:
            return
        article_id = self.w.view.id if (self.w.view is not None and self.w.vocabulary.only_this_article()) else None
        try:
            words = self.w.library.words(article_id=article_id, status=self.w.vocabulary.status_filter(),
                                       query=self.w.vocabulary.query())
        except DuizhaoError as exc:
            self.w._show_error(exc)
            return
        self.w.vocabulary.set_words(words)

    def set_word_status(self, word_id: int, status: str) -> None:
        if not self.w._idle():
            return
        old = next((w.status for w in self.w.vocabulary.words if w.id == word_id), None)
        self.w.ops.run(Op("status", lambda: self.w.library.set_word_status(word_id, status),
                        Changes(words=True, known=True),
                        undo=lambda _: (lambda: self.w.library.set_word_status(word_id, old)) if old else None))

    def delete_word(self, word_id: int) -> None:
        if not self.w._idle():
            return
        try:
            self.w.library.delete_word(word_id)
        except DuizhaoError as exc:
            self.w._show_error(exc)
            return
        self.refresh_vocabulary()

    def save_current_word(self) -> None:
        """S: save the hovered word (or the Chinese selection) to the vocabulary."""
        if self.w.view is None or not self.w._idle():
            return
        span = self.w.hover._word_span()
        if not span:
            self.w.statusBar().showMessage("Point at a Chinese word first.", 3000)
            return
        self._save_word(*span)

    def _save_word(self, start: int, end: int) -> None:
        """Save ``zh[start:end]`` of the article shown (Ctrl+Z removes it again)."""
        article_id = self.w.view.id
        word = self.w.ops.run(Op("save word", lambda: self.w.library.save_word(article_id, start, end), Changes(words=True),
                               undo=lambda saved: lambda: self.w.library.delete_word(saved.id),
                               named=lambda saved: f"save {saved.simplified}"))
        if word is not None:
            self.w.statusBar().showMessage(f"Saved {word.simplified} to your words.", 4000)

    def _save_span(self, start: int, end: int) -> None:
        self.w.hover._popup_span = (start, end)
        self.w._hide_popup()
        if self.w.view is None or not self.w._idle():
            return
        self._save_word(start, end)  # undoable, like S

    def show_library(self) -> None:
        if not self.w._idle():
            return
        try:
            self.w.library_panel.set_articles(self.w.library.articles(), self.w.library.article_figures())
        except DuizhaoError as exc:
            self.w._show_error(exc)
            return
        self.w.stack.setCurrentWidget(self.w.library_panel)

    def search_library(self, query: str) -> None:
        if not query:
            self.w.library_panel.show_hits([])
            return
        if not self.w._idle():
            return
        try:
            hits = self.w.library.search(query)
        except DuizhaoError as exc:
            self.w._show_error(exc)
            return
        self.w.library_panel.show_hits(hits)

    def open_hit(self, article_id: int, annotation_uuid: str) -> None:
        """Open a search hit's article (and jump to the note it found)."""
        if annotation_uuid:
            def jump(shown_id: int) -> None:
                self.w.article_shown.disconnect(jump)
                if shown_id == article_id:
                    self.w.sidebar.select(annotation_uuid)
                    QTimer.singleShot(0, lambda: self.jump_to_annotation(annotation_uuid))

            self.w.article_shown.connect(jump)
        self.w.opening.open_article_id(article_id)

    def delete_article(self, article_id: int) -> None:
        if not self.w._idle():
            return
        question = "Delete this article and its notes from the library?"
        if not self.w.quiet and message_box(self.w, APP_TITLE, question, icon="question") != QMessageBox.Yes:
            return
        try:
            self.w.library.delete_article(article_id)
        except DuizhaoError as exc:
            self.w._show_error(exc)
            return
        if self.w.view is not None and self.w.view.id == article_id:
            self.w.view = None
            self.w.zh.clear()
            self.w.en.clear()
            self.w.setWindowTitle(self.w.app_title)
            self.w.sidebar.set_annotations([])
        self.show_library()
