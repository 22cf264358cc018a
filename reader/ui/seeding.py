"""The "words I already know" dialog: HSK levels, the most frequent words, a word list, an Anki collection.

The dialog only says which source the reader chose (:meth:`SeedDialog.source`,
the keyword arguments of ``Library.seed_known``); the learner controller
(:mod:`reader.ui.learner`) reads it off the GUI thread and reports one line.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from reader.text.wordlists import ANKI_FIELDS

#: The frequency list's size when it cannot be read (the spin box's bound; the core checks again).
_TOP_MAX = 50_000
AUTOMATIC = "(automatic)"
INTRO = ("Tell Duizhao which words you already know: they count as known in every article, their "
         "pinyin above the characters can be hidden and they are not underlined as new. Words you have "
         "already given a status keep it.")
ANKI_NOTE = ("Cards studied for 21 days or more count as known, those reviewed before as learning. "
             "A shared deck without reviews marks every word known.")


#: The dialog's controls on a dark palette (see SeedDialog._style): outlines of #80858d on #2b2d30 (3.7:1).
DARK_STYLE = """
QRadioButton::indicator { width: 12px; height: 12px; border-radius: 7px; border: 1px solid #80858d;
                          background: palette(base); }
QRadioButton::indicator:checked { border: 1px solid #8ab4f8; background: qradialgradient(cx: 0.5, cy: 0.5,
    radius: 0.5, fx: 0.5, fy: 0.5, stop: 0 #8ab4f8, stop: 0.5 #8ab4f8, stop: 0.6 palette(base), stop: 1 palette(base)); }
QLineEdit { border: 1px solid #80858d; border-radius: 3px; padding: 2px 3px; background: palette(base); }
QLineEdit:focus { border: 1px solid #8ab4f8; }
"""


def mixed(a: QColor, b: QColor, share: float) -> QColor:
    """``a`` moved ``share`` of the way towards ``b``."""
    return QColor(round(a.red() + (b.red() - a.red()) * share), round(a.green() + (b.green() - a.green()) * share),
                  round(a.blue() + (b.blue() - a.blue()) * share))


def seed_result_line(changes, source: dict) -> str:
    """The one line after seeding: "4,312 words marked known" (and learning, from Anki)."""
    after = [a for _b, a in getattr(changes, "changed", {}).values()]
    known, learning = after.count("known"), after.count("learning")
    if not after:
        return "No new words to mark: every word of that list already has a status."
    line = f"{known:,} word{'s' if known != 1 else ''} marked known"
    if learning:
        line += f", {learning:,} learning"
    return line + f" ({describe_source(source)})."


def describe_source(source: dict) -> str:
    """A short name of a seed source for messages and the undo label."""
    if source.get("hsk") is not None:
        return f"HSK {source.get('hsk_version', '3.0')} levels 1–{source['hsk']}"
    if source.get("top") is not None:
        return f"the {source['top']:,} most frequent words"
    from pathlib import Path

    path = source.get("file") or source.get("anki") or ""
    return Path(path).name or "a file"


class SeedDialog(QDialog):
    """Choose one source of known words; :meth:`source` gives it once accepted."""

    def __init__(self, parent: QWidget | None = None, *, top_max: int | None = None, last_dir: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Words I already know")
        self._last_dir = last_dir
        intro = QLabel(INTRO, self)
        intro.setWordWrap(True)
        self.choices = QButtonGroup(self)
        self.hsk_choice = QRadioButton("I know HSK levels 1 to", self)
        self.top_choice = QRadioButton("I know the", self)
        self.file_choice = QRadioButton("Words from a list (one a line, or CSV/TSV):", self)
        self.anki_choice = QRadioButton("Words from Anki (.apkg, .colpkg, .anki2):", self)
        for i, button in enumerate((self.hsk_choice, self.top_choice, self.file_choice, self.anki_choice)):
            self.choices.addButton(button, i)
        self.hsk_choice.setChecked(True)
        self.hsk_level = QSpinBox(self)
        self.hsk_version = QComboBox(self)
        self.hsk_version.addItem("HSK 3.0 (levels 1–6, 7–9)", "3.0")
        self.hsk_version.addItem("HSK 2.0 (levels 1–6)", "2.0")
        self.hsk_version.currentIndexChanged.connect(self._hsk_range)
        self._hsk_range()
        self.hsk_level.setValue(3)
        self.top_count = QSpinBox(self)
        self.top_count.setRange(100, top_max or _TOP_MAX)
        self.top_count.setSingleStep(500)
        self.top_count.setValue(min(3000, self.top_count.maximum()))
        self.top_count.setGroupSeparatorShown(True)
        self.file_path = QLineEdit(self)
        self.file_path.setPlaceholderText("A text or CSV file…")
        self.file_field = QLineEdit(self)
        self.file_field.setPlaceholderText("column: name or number (optional)")
        self.anki_path = QLineEdit(self)
        self.anki_path.setPlaceholderText("An Anki package or collection…")
        self.anki_field = QComboBox(self)
        self.anki_field.setEditable(True)
        self.anki_field.addItem(AUTOMATIC)
        for name in ANKI_FIELDS:
            self.anki_field.addItem(name.capitalize())
        self.anki_field.setToolTip("The note field holding the Chinese word, by name (automatic: the first of "
                                   + ", ".join(ANKI_FIELDS) + " a note type has, else its first field)")
        file_browse = QPushButton("Browse…", self)
        file_browse.clicked.connect(lambda: self._browse(self.file_path, "Word lists (*.txt *.csv *.tsv);;All files (*)"))
        anki_browse = QPushButton("Browse…", self)
        anki_browse.clicked.connect(lambda: self._browse(self.anki_path, "Anki (*.apkg *.colpkg *.anki2);;All files (*)"))
        for widget, button in ((self.file_path, self.file_choice), (self.file_field, self.file_choice),
                               (self.anki_path, self.anki_choice)):
            widget.textEdited.connect(lambda _t, b=button: b.setChecked(True))
        self.hsk_level.valueChanged.connect(lambda _v: self.hsk_choice.setChecked(True))
        self.top_count.valueChanged.connect(lambda _v: self.top_choice.setChecked(True))
        grid = QGridLayout()
        grid.addWidget(self.hsk_choice, 0, 0)
        hsk_row = QHBoxLayout()
        hsk_row.addWidget(self.hsk_level)
        hsk_row.addWidget(self.hsk_version, 1)
        grid.addLayout(hsk_row, 0, 1, 1, 2)
        grid.addWidget(self.top_choice, 1, 0)
        top_row = QHBoxLayout()
        top_row.addWidget(self.top_count)
        top_row.addWidget(QLabel("most frequent words", self), 1)
        grid.addLayout(top_row, 1, 1, 1, 2)
        grid.addWidget(self.file_choice, 2, 0, 1, 3)
        grid.addWidget(self.file_path, 3, 0, 1, 2)
        grid.addWidget(file_browse, 3, 2)
        grid.addWidget(self.file_field, 4, 0, 1, 2)
        grid.addWidget(self.anki_choice, 5, 0, 1, 3)
        grid.addWidget(self.anki_path, 6, 0, 1, 2)
        grid.addWidget(anki_browse, 6, 2)
        field_row = QHBoxLayout()
        field_row.addWidget(QLabel("Field:", self))
        field_row.addWidget(self.anki_field, 1)
        grid.addLayout(field_row, 7, 0, 1, 2)
        note = self.note = QLabel(ANKI_NOTE, self)
        note.setWordWrap(True)
        grid.setColumnStretch(1, 1)
        self.problem = QLabel("", self)
        self.problem.setWordWrap(True)
        self.problem.hide()
        self._style()
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, parent=self)
        self.buttons.button(QDialogButtonBox.Ok).setText("Mark known")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(note)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.ensurePolished()  # sized with the style's own sizes (a style sheet changes the controls')
        self.resize(560, self.sizeHint().height())

    def _style(self) -> None:
        """Colours with enough contrast in either theme (the dialog is made anew each time: the theme now)."""
        palette = self.palette()
        window, text = palette.color(QPalette.Window), palette.color(QPalette.WindowText)
        dark = window.lightness() < 128
        colors = ((self.note, mixed(window, text, 0.72)), (self.problem, QColor("#ff8a80" if dark else "#b3261e")))
        for label, color in colors:
            own = label.palette()
            own.setColor(QPalette.WindowText, color)
            label.setPalette(own)
        if dark:
            # Fusion draws radio buttons and line edits on a dark palette with outlines darker than the window:
            # invisible on it.  Outlines light enough to see (>= 3:1 against the window).
            self.setStyleSheet(DARK_STYLE)

    def _hsk_range(self) -> None:
        # HSK 3.0's 7-9 band is one list: level 7, 8 or 9 all mean "up to 7-9"
        self.hsk_level.setRange(1, 9 if self.hsk_version.currentData() == "3.0" else 6)

    def _browse(self, target: QLineEdit, filter_: str) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose a file", target.text() or self._last_dir, filter_)
        if path:
            target.setText(path)
            (self.file_choice if target is self.file_path else self.anki_choice).setChecked(True)

    def source(self) -> dict:
        """The chosen source as ``Library.seed_known`` keywords (``{}``: a file is still missing)."""
        if self.hsk_choice.isChecked():
            return {"hsk": self.hsk_level.value(), "hsk_version": self.hsk_version.currentData()}
        if self.top_choice.isChecked():
            return {"top": self.top_count.value()}
        if self.file_choice.isChecked():
            path = self.file_path.text().strip()
            field = self.file_field.text().strip() or None
            return {"file": path, "field": field} if path else {}
        path = self.anki_path.text().strip()
        field = self.anki_field.currentText().strip()
        return {"anki": path, "field": None if field in ("", AUTOMATIC) else field} if path else {}

    def _accept(self) -> None:
        if not self.source():
            self.problem.setText("Choose a file first.")
            self.problem.show()
            return
        self.accept()
