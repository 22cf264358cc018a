"""The input dialogs (reader/ui/dialogs.py): what they hand back."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from reader.ui.dialogs import AnkiExportDialog, NotesExportDialog, PasteDialog, ShortcutsDialog


def test_paste_dialog_returns_both_texts_and_the_title(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = PasteDialog(parent, "New article", with_english=True)
    dialog.first.setPlainText("中文")
    dialog.second.setPlainText("English")
    dialog.title.setText("  A title  ")
    assert dialog.values() == ("中文", "English", "A title")
    english_only = PasteDialog(parent, "English", with_english=False)
    english_only.first.setPlainText("Only English")
    assert english_only.second is None and english_only.values() == ("Only English", "", "")


def test_anki_dialog_options_follow_the_choices(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = AnkiExportDialog(parent, has_article=True, remembered_per_article=True)
    assert dialog.options() == {"words": True, "sentences": True, "passages": True, "this_article": True,
                                "deck_per_article": True, "changed_only": False, "tsv": False}
    dialog.words.setChecked(False)
    dialog.scope.setCurrentIndex(1)
    dialog.format.setCurrentIndex(1)
    options = dialog.options()
    assert options["words"] is False and options["this_article"] is False and options["tsv"] is True
    assert AnkiExportDialog(parent, has_article=False).scope.count() == 1  # no article: all articles only


def test_notes_export_dialog_choice(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = NotesExportDialog(parent, has_article=True)
    assert dialog.choice() == ("md", True)
    dialog.format.setCurrentIndex(dialog.format.findData("json"))
    dialog.scope.setCurrentIndex(1)
    assert dialog.choice() == ("json", False)
    assert NotesExportDialog(parent, has_article=False).choice() == ("md", False)


def test_shortcuts_dialog_lists_every_row(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = ShortcutsDialog(parent, [("Ctrl+O", "Open…"), ("H", "Highlight")])
    table = dialog.table
    assert table.rowCount() == 2 and table.item(1, 0).text() == "H" and table.item(0, 1).text() == "Open…"
