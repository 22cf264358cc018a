"""The library view: every article on one line, its short columns whole, in either theme."""

import pytest
from PySide6.QtWidgets import QApplication

from reader.library import Library
from reader.ui.side_panels import LibraryPanel
from reader.ui.theme import apply_theme
from tests.ui.conftest import SEED_EN, SEED_ZH


@pytest.fixture
def themed(qapp):
    before = QApplication.palette()
    yield lambda mode: apply_theme(qapp, mode)
    QApplication.setPalette(before)


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_the_level_and_the_other_short_cells_fit_on_one_line(qtbot, tmp_path, themed, mode):
    themed(mode)
    with Library(tmp_path / "db.sqlite3") as lib:
        article = lib.open_article(SEED_ZH, SEED_EN).id
        lib.seed_known(hsk=1)
        articles, figures = lib.articles(), lib.article_figures()
    panel = LibraryPanel()
    qtbot.addWidget(panel)
    panel.resize(950, 400)
    panel.show()
    panel.set_articles(articles, figures)
    qtbot.wait(20)
    table = panel.table
    level = table.item(0, 5).text()
    assert figures[article].hsk_95 is not None and " · " in level  # e.g. "beyond HSK · hard": two parts
    assert not table.wordWrap()
    metrics = table.fontMetrics()
    for col in range(1, len(panel.COLUMNS)):
        text = table.item(0, col).text()
        assert table.columnWidth(col) >= metrics.horizontalAdvance(text), (panel.COLUMNS[col], text)
    table.resizeRowsToContents()  # even asked to fit their contents, the rows stay one line high
    assert table.rowHeight(0) < 2 * metrics.lineSpacing()
    assert table.columnWidth(0) > 150  # the title keeps the room left (it stretches, elided)
