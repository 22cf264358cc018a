"""Exports from the window: Anki packages and annotation files (on a worker, with a one-line result).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QFileDialog

from reader.errors import DuizhaoError
from reader.ui.safe_text import message_box

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow


class ExportController:
    """The File menu's exports."""

    def __init__(self, window: MainWindow) -> None:
        self.w = window
        self.last_export = None  # the last export's result (tests and the status bar)
        self.anki_dialog = None

    def export_anki_dialog(self) -> None:
        from reader.ui.dialogs import AnkiExportDialog  # (the dialogs load on first use: start-up speed)

        dialog = AnkiExportDialog(self.w, has_article=self.w.view is not None,
                                  remembered_per_article=bool(self.w.setting("anki_deck_per_article", False)))
        self.anki_dialog = dialog
        if self.w.quiet or dialog.exec() != QDialog.Accepted:
            return
        options = dialog.options()
        self.w._set_setting("anki_deck_per_article", options["deck_per_article"])
        suffix = ".tsv" if options["tsv"] else ".apkg"
        path, _ = QFileDialog.getSaveFileName(self.w, "Export to Anki", str(Path.home() / f"duizhao{suffix}"),
                                              "Anki package (*.apkg)" if suffix == ".apkg" else "Tab-separated (*.tsv)")
        if not path:
            return
        self.export_anki(path, **options)

    def export_anki(self, path: str, *, this_article: bool = True, **options) -> None:
        article_id = self.w.view.id if (this_article and self.w.view is not None) else None
        self.w.run_job("Exporting to Anki…", lambda _p: self.w.library.unlocked.export_anki(path, article_id=article_id, **options),
                  lambda result: self._exported(path, result))

    def _exported(self, path: str, result) -> None:
        if not getattr(result, "written", True):
            message = "Nothing to export yet: save words or highlight sentences first."
        else:
            message = (f"Exported {result.total} notes ({result.words} words, {result.sentences} sentences, "
                       f"{result.passages} passages) to {result.path}.")
        self.last_export = result
        self.w.statusBar().showMessage(str(message), 8000)
        if not self.w.quiet:
            message_box(self.w, "Export", str(message), icon="information")

    def export_annotations_dialog(self) -> None:
        from reader.ui.dialogs import NotesExportDialog

        dialog = NotesExportDialog(self.w, has_article=self.w.view is not None)
        if dialog.exec() != QDialog.Accepted:
            return
        value, this_article = dialog.choice()
        path, _ = QFileDialog.getSaveFileName(self.w, "Export annotations", str(Path.home() / f"annotations.{value}"))
        if path:
            self.export_annotations(value, path, this_article=this_article)

    def export_annotations(self, fmt: str, path: str, this_article: bool = True):
        article_id = self.w.view.id if (this_article and self.w.view is not None) else None
        if not self.w._idle():
            return None
        try:
            written = self.w.library.export_annotations(fmt, path, article_id=article_id)
        except DuizhaoError as exc:
            self.w._show_error(exc)
            return None
        self.w.statusBar().showMessage(f"Annotations written to {written}.", 6000)
        return written
