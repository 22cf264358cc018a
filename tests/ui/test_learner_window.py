"""The learner controller and its panel on real parts: a Library on the seed, the Chinese pane, OpRunner."""

from __future__ import annotations

import shutil
import threading

import pytest
from PySide6.QtGui import QTextCharFormat

from reader.library import Library
from reader.text import difficulty
from reader.ui.learner import LearnerController
from reader.ui.learner_panel import LearnerPanel
from reader.ui.ops import OpRunner
from reader.ui.worker import LibraryLock
from tests.ui.conftest import SEED_EN, SEED_ZH


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("learner-ui")
    with Library(folder / "db.sqlite3") as lib:
        lib.open_article(SEED_ZH, SEED_EN)
    return folder / "db.sqlite3"


class Parts:
    """A controller wired to real parts as the window wires it."""

    def __init__(self, qtbot, path) -> None:
        from reader.ui.panes import ChinesePane

        self.raw = Library(path)
        self.library = LibraryLock(self.raw)
        self.view = self.raw.article(self.raw.articles()[0].id)
        self.zh = ChinesePane()
        qtbot.addWidget(self.zh)
        self.zh.resize(700, 600)
        self.zh.set_article(self.view.zh)
        self.ops = OpRunner(self.library.lock)
        self.notices: list[str] = []
        self.span: tuple[int, int] | None = None
        self.lines: list[str] = []
        self.learner = LearnerController(self.library, self.ops, self.zh, view=lambda: self.view, busy=lambda: False,
                                         notice=self.notices.append, word_span=lambda: self.span)
        self.ops.changes_applied.connect(self.learner.apply_changes)
        self.learner.stats_changed.connect(self.lines.append)
        self.learner.article_shown()

    def at(self, word: str, after: str = "") -> tuple[int, int]:
        text = self.view.zh.text
        start = text.index(word, text.index(after) if after else 0)
        return start, start + len(word)

    def token(self, start: int):
        return self.zh.token_at(start)


@pytest.fixture
def parts(qtbot, template, tmp_path):
    shutil.copy(template, tmp_path / "db.sqlite3")
    made = Parts(qtbot, tmp_path / "db.sqlite3")
    yield made
    made.raw.close()


def running_words(view, known: set[str]) -> tuple[int, int]:
    """(known running words, all running words) counted token by token, as a reader would."""
    zh = view.zh
    counted = [zh.base[t.start:t.end] for t in zh.tokens if t.kind == "han" and not t.name]
    return sum(1 for w in counted if w in known), len(counted)


def test_a_key_on_the_hovered_word_sets_its_status_marks_it_and_undoes(parts):
    parts.span = parts.at("支部", "临时党")
    token = parts.token(parts.span[0])
    assert token.text == "支部"
    other = parts.token(parts.at("隔离")[0])
    assert parts.learner.word_mark(token) is None  # a reader who has told nothing: no word marked
    parts.learner.set_current_status("learning")
    assert parts.raw.word_statuses()["支部"] == "learning"
    assert parts.learner.word_mark(token).underlineStyle() == QTextCharFormat.DashUnderline
    new_mark = parts.learner.word_mark(other)  # from the first word told, the words not yet known are marked
    assert isinstance(new_mark, QTextCharFormat) and new_mark.underlineStyle() == QTextCharFormat.DotLine
    parts.learner.set_current_status("known")
    assert parts.learner.word_mark(token) is None and parts.raw.word_statuses()["支部"] == "known"
    assert parts.ops.undo_label == "mark 支部 known"
    parts.ops.undo()
    assert parts.raw.word_statuses()["支部"] == "learning"
    parts.ops.undo()
    assert "支部" not in parts.raw.word_statuses()
    assert parts.learner.word_mark(token) is None and parts.learner.word_mark(other) is None  # nothing told again
    parts.learner.set_status(("隔离",), "known")
    assert parts.learner.word_mark(token).underlineStyle() == QTextCharFormat.DotLine
    parts.span = None
    assert parts.learner.set_current_status("known") is None and parts.notices[-1] == "Point at a Chinese word first."


def test_ignored_words_and_names_carry_no_mark(parts):
    parts.learner.set_status(("隔离",), "ignored")
    start, _end = parts.at("隔离")
    assert parts.learner.word_mark(parts.token(start)) is None
    name = next((t for t in parts.view.zh.tokens if t.name), None)
    if name is not None:
        assert parts.learner.word_mark(parts.token(name.start)) is None


def test_mark_the_rest_known_and_undo(parts):
    parts.learner.set_status(("支部",), "learning")
    before = parts.raw.word_statuses()
    new_words = parts.learner.last_stats.new_words
    changes = parts.learner.mark_rest_known()
    assert len(changes) == new_words and parts.learner.last_stats.new == 0
    assert parts.learner.last_stats.learning > 0  # 支部 stays being learned
    assert parts.notices[-1] == f"{new_words:,} words of this article marked known (Ctrl+Z undoes it)."
    assert parts.ops.undo() == "mark the rest known"
    assert parts.raw.word_statuses() == before
    assert parts.learner.last_stats.new_words == new_words


def test_seeding_hsk_gives_the_percentage_counted_by_hand(parts):
    from reader.text.wordlists import hsk_words

    seeded: list[str] = []
    parts.learner.seeded.connect(seeded.append)
    parts.learner.seed({"hsk": 4, "hsk_version": "3.0"})
    level_4 = set(hsk_words(4))
    assert seeded == [f"{len(level_4):,} words marked known (HSK 3.0 levels 1–4)."]
    hit, total = running_words(parts.view, level_4)
    stats = parts.learner.last_stats
    assert (stats.known, stats.running_words) == (hit, total) and 0 < hit < total
    assert parts.lines[-1].startswith(f"{hit * 100 // total} % of the words known · {stats.unknown_words:,} words")
    parts.ops.undo()  # one undo takes the whole seed back
    assert parts.raw.known_words() == frozenset() and parts.lines[-1].startswith("0 % of the words known")


def _apkg(tmp_path):
    """A real Anki package written by the anki library: a Hanzi field, one mature card, one young, one new."""
    collection = pytest.importorskip("anki.collection")
    col = collection.Collection(str(tmp_path / "made.anki2"))
    models = col.models
    model = models.new("Chinese")
    for name in ("Pinyin", "Hanzi", "Meaning"):
        models.add_field(model, models.new_field(name))
    template = models.new_template("Card 1")
    template["qfmt"], template["afmt"] = "{{Hanzi}}", "{{Meaning}}"
    models.add_template(model, template)
    models.add(model)
    model = models.by_name("Chinese")
    cards = {}
    for pinyin, hanzi, meaning in (("zhībù", "支部", "branch"), ("gélí", "隔離", "isolate"),
                                   ("xiānfēng", "先锋", "vanguard")):
        note = col.new_note(model)
        note["Pinyin"], note["Hanzi"], note["Meaning"] = pinyin, hanzi, meaning
        col.add_note(note, col.decks.id("Chinese"))
        cards[meaning] = note.cards()[0].id
    col.sched.set_due_date([cards["branch"]], "30!")
    col.sched.set_due_date([cards["isolate"]], "3!")
    apkg = tmp_path / "mine.apkg"
    col.export_anki_package(out_path=str(apkg), limit=collection.DeckIdLimit(col.decks.id("Chinese")),
                            options=collection.ExportAnkiPackageOptions(with_scheduling=True, with_media=False))
    col.close()
    return apkg


def test_seeding_from_an_anki_package_by_field_name(parts, tmp_path):
    apkg = _apkg(tmp_path)
    seeded: list[str] = []
    parts.learner.seeded.connect(seeded.append)
    parts.learner.seed({"anki": str(apkg), "field": "Hanzi"})
    assert seeded == ["1 word marked known, 1 learning (mine.apkg)."]
    statuses = parts.raw.word_statuses()
    assert statuses["支部"] == "known" and statuses["隔离"] == "learning" and "先锋" not in statuses
    parts.learner.seed({"anki": str(apkg), "field": "Meaning"})  # bad field: one line, nothing changed
    assert "no studied Chinese words" in parts.notices[-1] and parts.raw.word_statuses() == statuses


def test_the_one_unknown_sentences_and_saving_one_as_a_card(parts, qtbot):
    words = difficulty.article_words(parts.view.zh)
    parts.learner.set_status(tuple(words.counts), "known")
    target = words.sentences[3][0]
    parts.learner.set_status((target,), "new")
    study = parts.learner.study_sentences()
    # every sentence holding the word (and no other new one) is listed, the fourth among them
    holding = [i for i, ws in enumerate(words.sentences) if target in ws]
    assert [s.index for s in study] == holding and 3 in holding and {s.word for s in study} == {target}
    assert study[0].english and study[0].text == parts.view.zh.sentences[holding[0]].text
    panel = LearnerPanel()
    qtbot.addWidget(panel)
    panel.show()
    parts.learner.attach_panel(panel)
    assert panel.sentences.rowCount() == len(holding) and target in panel.sentences.item(0, 1).text()
    assert study[0].english[:30] in panel.sentences.item(0, 1).text()
    button = panel.save_buttons[holding[0]]
    assert button.isEnabled() and button.text() == f"Save {target}"
    button.click()
    saved = parts.raw.words()
    assert [w.simplified for w in saved] == [target]
    assert saved[0].sentence == study[0].text and saved[0].sentence_en == study[0].english
    # the list was filled again: every sentence of the word says it is saved
    assert not any(b.isEnabled() for b in panel.save_buttons.values())
    assert parts.ops.undo() == f"save {target}" and parts.raw.words() == []


def test_the_panel_shows_the_figures_and_sets_statuses_from_its_list(parts, qtbot):
    panel = LearnerPanel()
    qtbot.addWidget(panel)
    panel.show()
    parts.learner.attach_panel(panel)
    stats = parts.learner.last_stats
    assert panel.summary.text() == parts.lines[-1] and panel.summary.text().startswith("0 % of the words known")
    assert panel.words.rowCount() == min(stats.new_words, 300)
    assert panel.words_title.text().startswith(f"New words: {stats.new_words:,}")
    first = panel.words.item(0, 0).text()
    ranks = [panel.words.item(r, 1).data(0x0101) for r in range(panel.words.rowCount())]  # rank keys: sorted
    assert ranks == sorted(ranks)
    panel.words.selectRow(0)
    panel.status_buttons["known"].click()
    assert parts.raw.word_statuses()[first] == "known"
    assert panel.words.item(0, 0).text() != first  # no longer new
    assert parts.learner.last_stats.known > 0


def test_the_popup_info_puts_branch_first_without_the_database(parts):
    start, _end = parts.at("支部", "临时党")
    view = parts.view
    links = lambda pair: parts.raw.word_links(view.id, pair)  # noqa: E731
    info = parts.learner.word_info(start, links)
    assert info.word == "支部" and info.status == "new" and info.rank and info.rank > 1000
    assert info.matched is not None and info.matched.english.lower() == "branch"
    assert "branch" in info.entries[0].senses[0]


def test_the_stats_line_arithmetic():
    from reader.learning import stats_line

    stats = difficulty.counts_stats({"我": 5, "支部": 2, "党员": 1}, {"我": "known", "党员": "learning"}, {"我": 1},
                                    lambda w: 1 if w == "我" else None)
    assert (stats.known, stats.running_words, stats.unknown_words) == (5, 8, 2)
    assert stats_line(stats).startswith("62 % of the words known · 2 words to learn")
    assert stats_line(difficulty.counts_stats({}, {}, {}, lambda w: None)) == ""


def test_a_seed_off_the_gui_thread_reports_progress(qtbot, template, tmp_path):
    """Through a background runner like the window's: the job runs on a pool thread under the lock."""
    from reader.ui.worker import run_in_background

    shutil.copy(template, tmp_path / "db.sqlite3")
    parts = Parts(qtbot, tmp_path / "db.sqlite3")
    progress: list[str] = []
    threads: list = []

    def run_job(label, fn, on_done, on_error):
        def job(report):
            threads.append(threading.current_thread())
            with parts.library.lock:
                return fn(report)

        return run_in_background(job, on_done, on_error, lambda _f, message: progress.append(message))

    parts.learner._run_job = run_job
    with qtbot.waitSignal(parts.learner.seeded, timeout=30000) as blocker:
        parts.learner.seed({"top": 2000})
    assert blocker.args[0] == "2,000 words marked known (the 2,000 most frequent words)."
    assert threads and threads[0] is not threading.main_thread()
    assert "Marking 2,000 words…" in progress
    parts.raw.close()


def test_the_end_of_the_article_offers_to_mark_the_rest_known(parts, qtbot):
    from reader.ui.learner_panel import EndOfArticleBar

    bar = EndOfArticleBar()
    qtbot.addWidget(bar)
    parts.zh.resize(500, 250)
    parts.zh.show()
    qtbot.waitExposed(parts.zh)
    parts.learner.attach_end_bar(bar)
    scroll = parts.zh.verticalScrollBar()
    qtbot.waitUntil(lambda: scroll.maximum() > 0, timeout=5000)
    scroll.setValue(0)
    assert bar.isHidden()
    scroll.setValue(scroll.maximum())
    new_words = parts.learner.last_stats.new_words
    assert not bar.isHidden() and f"{new_words:,} words still new" in bar.text.text()
    bar.mark_button.click()
    assert parts.learner.last_stats.new_words == 0 and bar.isHidden()
    parts.ops.undo()
    assert parts.learner.last_stats.new_words == new_words and not bar.isHidden()


def test_a_first_run_offers_seeding_once(parts, qtbot):
    from reader.ui.learner_panel import SeedOffer

    settings: dict = {}
    offer = SeedOffer()
    qtbot.addWidget(offer)
    shown = parts.learner.offer_seeding(offer, get_setting=settings.get, set_setting=settings.__setitem__)
    assert shown and not offer.isHidden()
    offer.later.click()
    assert offer.isHidden() and settings == {"seed_offered": True}
    assert not parts.learner.offer_seeding(SeedOffer(), get_setting=settings.get, set_setting=settings.__setitem__)
    settings.clear()
    parts.learner.seed({"hsk": 1})
    assert not parts.learner.offer_seeding(SeedOffer(), get_setting=settings.get, set_setting=settings.__setitem__)


def test_the_seeding_dialog_gives_the_facade_its_keywords(qtbot, tmp_path):
    from reader.ui.seeding import SeedDialog

    dialog = SeedDialog(top_max=50000)
    qtbot.addWidget(dialog)
    dialog.hsk_version.setCurrentIndex(1)  # 2.0: levels 1-6
    assert dialog.hsk_level.maximum() == 6
    dialog.hsk_level.setValue(4)
    assert dialog.source() == {"hsk": 4, "hsk_version": "2.0"}
    dialog.top_count.setValue(5000)
    assert dialog.source() == {"top": 5000}
    dialog.anki_choice.setChecked(True)
    assert dialog.source() == {}  # no file yet: "Choose a file first."
    dialog._accept()
    assert dialog.result() == 0 and dialog.problem.text() == "Choose a file first."
    dialog.anki_path.setText(str(tmp_path / "deck.apkg"))
    dialog.anki_field.setCurrentText("Hanzi")
    assert dialog.source() == {"anki": str(tmp_path / "deck.apkg"), "field": "Hanzi"}
    dialog.anki_field.setCurrentIndex(0)
    assert dialog.source()["field"] is None  # automatic


def _content(parts, word: str, after: str = ""):
    """The popup's content for a word of the article, built as the window builds it."""
    from dataclasses import replace

    from reader.ui.popup import PopupContent

    start, end = parts.at(word, after)
    base = parts.view.zh.base
    matches = [replace(m, start=m.start + start, end=m.end + start) for m in parts.raw.lookup(base[start:start + 40], 0)]
    current = next(i for i, m in enumerate(matches) if m.end <= end)
    info = parts.learner.word_info(start, lambda i: parts.raw.word_links(parts.view.id, i))
    return PopupContent(word, start, end, tuple(matches), current, (), None, info=info)


def test_the_popup_says_the_rank_and_which_sense_the_english_uses(parts):
    from dataclasses import replace

    from reader.ui.popup import popup_html

    content = _content(parts, "支部", "临时党")
    info = content.info
    html = popup_html(content)
    assert f"New · frequency rank {info.rank:,}" in html
    assert "HSK" in html  # the entries' levels
    first = html.split("1. ", 1)[1]
    assert first.startswith(info.entries[0].senses[0]) and "branch" in info.entries[0].senses[0]
    assert "← “branch” in the English" in first.split("<br>")[0]
    plain = popup_html(replace(content, info=None))
    assert "frequency rank" not in plain and "in the English" not in plain


def test_the_popup_orders_the_senses_by_the_english(parts):
    """A word whose matched sense is not CC-CEDICT's first comes first, and only for that word."""
    from reader.ui.popup import popup_html

    zh = parts.view.zh
    found = None
    for token in zh.tokens:
        if token.kind != "han":
            continue
        info = parts.learner.word_info(token.start, lambda i: parts.raw.word_links(parts.view.id, i))
        if info is not None and info.matched is not None and (info.matched.entry, info.matched.sense) != (0, 0):
            found = (token, info)
            break
    if found is None:
        pytest.skip("no word of the seed has its English sense after the first")
    token, info = found
    word = zh.base[token.start:token.end]
    content = _content(parts, word, zh.text[max(0, token.start - 3):token.start])
    html = popup_html(content)
    first = html.split("1. ", 1)[1].split("<br>")[0]
    assert first.startswith(info.matched.text) and "in the English" in first


def test_the_popup_status_buttons_set_the_status(parts, qtbot):
    from PySide6.QtCore import QRect

    from reader.ui.popup import WordPopup

    popup = WordPopup()
    qtbot.addWidget(popup)
    content = _content(parts, "支部", "临时党")
    parts.span = (content.start, content.end)
    popup.status_requested.connect(parts.learner.set_current_status)
    popup.show_content(content, QRect(100, 100, 40, 20), scheme="pleco", dark=False, tones=True)
    assert popup.status_buttons["new"].isChecked() and not popup.status_buttons["known"].isChecked()
    popup.status_buttons["known"].click()
    assert parts.raw.word_statuses()["支部"] == "known"
    popup.show_content(_content(parts, "支部", "临时党"), QRect(100, 100, 40, 20), scheme="pleco", dark=False,
                       tones=True)
    assert popup.status_buttons["known"].isChecked() and not popup.status_buttons["new"].isChecked()
    assert "Known · frequency rank" in popup.label.text()
    popup.hide()


def test_the_library_list_shows_each_articles_figures(parts, qtbot):
    from reader.ui.side_panels import LibraryPanel

    parts.raw.seed_known(hsk=4)
    figures = parts.raw.article_figures()
    stats = parts.raw.article_stats(parts.view.id)
    assert figures[parts.view.id].known == stats.known and figures[parts.view.id].running_words == stats.running_words
    panel = LibraryPanel()
    qtbot.addWidget(panel)
    panel.set_articles(parts.raw.articles(), figures)
    cells = [panel.table.item(0, c).text() for c in range(len(panel.COLUMNS))]
    assert cells[3] == f"{stats.known * 100 // stats.running_words}%"
    assert cells[4] == f"{stats.unknown_words:,}" and cells[5].startswith(("HSK ", "beyond HSK"))
    assert stats.label in cells[5]
    panel.set_articles(parts.raw.articles())  # without figures: the stored share only
    assert panel.table.item(0, 4).text() == ""


def test_in_the_window_the_status_keys_the_header_line_and_undo(qtbot, make_window):
    from tests.ui.conftest import open_seed

    window = make_window()
    view = open_seed(qtbot, window)
    assert window.actions["status_known"].shortcuts()[0].toString() == "K"
    start = view.zh.text.index("临时党支部") + 3
    window.hover.show_word(start, start + 2)
    assert window.popup.content.info.word == "支部" and window.popup.status_buttons["new"].isChecked()
    before = window.learner.line
    assert before.startswith("0 % of the words known")
    window.actions["status_known"].trigger()
    assert window.library.word_statuses()["支部"] == "known" and window.learner.line != before
    window.undo()
    assert "支部" not in window.library.word_statuses() and window.learner.line == before
    window.actions["mark_rest_known"].trigger()
    assert window.learner.last_stats.new_words == 0
    window.undo()
    assert window.learner.line == before
    assert window.side_tabs.tabText(2) == "Article" and not window.seed_offer.isHidden()


def _underlined(pane) -> list[str]:
    """The text of every range the Chinese pane draws underlined (its word marks), in the blocks formatted."""
    pane.format_visible_blocks()
    text = pane.toPlainText()
    out = []
    block = pane.document().begin()
    while block.isValid():
        for r in block.layout().formats():
            if r.format.underlineStyle() in (QTextCharFormat.DotLine, QTextCharFormat.DashUnderline):
                out.append(text[block.position() + r.start : block.position() + r.start + r.length])
        block = block.next()
    return out


def test_words_not_yet_known_are_marked_by_default_once_the_reader_has_told_some(qtbot, make_window):
    from reader.ui.display import DisplaySettings
    from tests.ui.conftest import open_seed

    assert DisplaySettings().mark_unknown and DisplaySettings.from_json({}).mark_unknown
    window = make_window()
    open_seed(qtbot, window)
    assert window.actions["mark_unknown"].isChecked()
    qtbot.wait(50)
    assert _underlined(window.zh) == []  # nothing told: every word would be marked, so none is
    with qtbot.waitSignal(window.learner.seeded, timeout=30000):
        window.learner.seed({"hsk": 1})
    qtbot.waitUntil(lambda: bool(_underlined(window.zh)), timeout=5000)
    marked = _underlined(window.zh)
    known = window.library.known_words()
    assert marked and not set(marked) & known  # the words not yet known, and only those
    assert "我们" in known and "支部" in marked
    window.set_display(mark_unknown=False)  # View → Mark words not yet known, off
    qtbot.wait(20)
    assert _underlined(window.zh) == [] and not window.actions["mark_unknown"].isChecked()
