"""The window's dialogs: pasting an article or its English, the exports' options, the keyboard shortcuts."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class PasteDialog(QDialog):
    """Paste Chinese (and optionally English) text."""

    def __init__(self, parent: QWidget, title: str, with_english: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.title = QLineEdit(self)
        self.title.setPlaceholderText("Title (optional)")
        self.first = QPlainTextEdit(self)
        self.first.setPlaceholderText("Chinese text…" if with_english else "English text…")
        self.second = QPlainTextEdit(self) if with_english else None
        layout = QVBoxLayout(self)
        if with_english:
            layout.addWidget(self.title)
        layout.addWidget(self.first, 1)
        if self.second is not None:
            self.second.setPlaceholderText("English version (optional)…")
            layout.addWidget(self.second, 1)
        else:
            self.title.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, parent=self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 520)

    def values(self) -> tuple[str, str, str]:
        return (self.first.toPlainText(), self.second.toPlainText() if self.second else "", self.title.text().strip())


class AnkiExportDialog(QDialog):
    """What to export to Anki, and how."""

    def __init__(self, parent: QWidget, has_article: bool, remembered_per_article: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export to Anki")
        self.words = QCheckBox("Saved words (word → meaning, with the sentence)", self)
        self.sentences = QCheckBox("Highlighted sentences (Chinese → English)", self)
        self.passages = QCheckBox("Highlighted passages with notes (cloze)", self)
        for box in (self.words, self.sentences, self.passages):
            box.setChecked(True)
        self.scope = QComboBox(self)
        if has_article:
            self.scope.addItem("This article", True)
        self.scope.addItem("All articles", False)
        self.deck = QComboBox(self)
        self.deck.addItem("One deck: “Duizhao”", False)
        self.deck.addItem("A deck per article: “Duizhao::<title>”", True)
        self.deck.setCurrentIndex(1 if remembered_per_article else 0)
        self.changed_only = QCheckBox("Only what changed since the last export", self)
        self.format = QComboBox(self)
        self.format.addItem("Anki package (.apkg)", False)
        self.format.addItem("Tab-separated text (.tsv)", True)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, parent=self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Export", self.words)
        form.addRow("", self.sentences)
        form.addRow("", self.passages)
        form.addRow("From", self.scope)
        form.addRow("Deck", self.deck)
        form.addRow("", self.changed_only)
        form.addRow("Format", self.format)
        form.addRow(buttons)

    def options(self) -> dict:
        return {"words": self.words.isChecked(), "sentences": self.sentences.isChecked(),
                "passages": self.passages.isChecked(), "this_article": bool(self.scope.currentData()),
                "deck_per_article": bool(self.deck.currentData()), "changed_only": self.changed_only.isChecked(),
                "tsv": bool(self.format.currentData())}


class NotesExportDialog(QDialog):
    """Which annotations to export, and in which format."""

    def __init__(self, parent: QWidget, has_article: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export annotations")
        self.format = QComboBox(self)
        for label, value in (("Markdown", "md"), ("CSV", "csv"), ("JSON (W3C Web Annotation)", "json")):
            self.format.addItem(label, value)
        self.scope = QComboBox(self)
        if has_article:
            self.scope.addItem("This article", True)
        self.scope.addItem("All articles", False)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, parent=self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Format", self.format)
        form.addRow("Which", self.scope)
        form.addRow(buttons)

    def choice(self) -> tuple[str, bool]:
        """(format: md, csv or json; only the article shown)."""
        return self.format.currentData(), bool(self.scope.currentData())


class ShortcutsDialog(QDialog):
    """Help → Keyboard shortcuts: a table of (keys, command)."""

    def __init__(self, parent: QWidget, rows: list[tuple[str, str]]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.table = table = QTableWidget(len(rows), 2, self)
        table.setHorizontalHeaderLabels(["Keys", "Command"])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.NoEditTriggers)
        for row, (keys, label) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(keys))
            table.setItem(row, 1, QTableWidgetItem(label))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Close, parent=self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.resize(520, 640)
