"""The bars above and below the panes (the first run's seeding offer, the end of the article) in both themes."""

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QPushButton

from reader.ui.learner_panel import EndOfArticleBar, SeedOffer
from reader.ui.theme import apply_theme
from tests.ui.contrast import contrast


@pytest.fixture
def themed(qapp):
    before = QApplication.palette()
    yield lambda mode: apply_theme(qapp, mode)
    QApplication.setPalette(before)


@pytest.mark.parametrize("bar_type", [SeedOffer, EndOfArticleBar])
def test_a_bar_stays_readable_when_the_theme_changes_under_it(qtbot, themed, bar_type):
    themed("light")
    bar = bar_type()
    qtbot.addWidget(bar)
    bar.style_for(False)  # as the window builds it: in the theme of the moment
    bar.resize(900, 48)
    bar.show()
    for mode in ("dark", "light", "dark"):
        themed(mode)  # the window changes the application's palette only (it styles the bars once, when built)
        qtbot.wait(10)
        image = bar.grab().toImage()
        background = image.pixelColor(image.width() // 2, image.height() - 3)
        text = bar.text.palette().color(QPalette.WindowText)
        window = QApplication.palette().color(QPalette.Window)
        assert (background.lightness() < 128) == (mode == "dark")  # the bar follows the theme…
        assert background != window  # …set off from the window, tinted
        assert contrast(text, background) >= 4.5, (mode, text.name(), background.name())
        button = bar.findChildren(QPushButton)[0]
        assert contrast(button.palette().color(QPalette.ButtonText), button.palette().color(QPalette.Button)) >= 4.5
