"""The "this article" panel: its figures, its new words and the sentences with one unknown word.

Plain records in (``reader.text.difficulty.ArticleStats`` and ``NewWord``,
``reader.learning.StudySentence``), signals out; the learner controller
(:mod:`reader.ui.learner`) does the work.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.ui.safe_text import one_line, plain_label, set_plain

#: Rows shown in each list (a 1 MB article has thousands of new words; the first are the most useful).
MAX_ROWS = 300
_WORD_ROLE = Qt.UserRole
_COUNT_ROLE = Qt.UserRole + 1
#: The status buttons under the new words: (status, label, the key that does it in the text).
STATUS_BUTTONS = (("learning", "Learning", "L"), ("known", "Known", "K"), ("ignored", "Ignore", "I"))


def hsk_text(hsk3: int | None, hsk2: int | None = None) -> str:
    """A word's HSK levels in a cell: "3" (3.0), "7–9", "2.0: 4" when only 2.0 has it, "" for none."""
    if hsk3:
        return "7–9" if hsk3 >= 7 else str(hsk3)
    return f"2.0: {hsk2}" if hsk2 else ""


def profile_text(profile: dict[str, int]) -> str:
    """The HSK profile as shares of the running words: "HSK 1 38 % · 2 14 % · … · beyond 9 %"."""
    total = sum(profile.values())
    if not total:
        return ""
    parts = [f"{'beyond HSK' if level == 'beyond' else level} {count * 100 / total:.0f} %"
             for level, count in profile.items() if count]
    return "HSK " + " · ".join(parts)


class _Item(QTableWidgetItem):
    """A cell sorted by a number (rank, count), not by its text."""

    def __lt__(self, other) -> bool:  # Qt override
        mine, theirs = self.data(_COUNT_ROLE), other.data(_COUNT_ROLE)
        if mine is not None and theirs is not None:
            return mine < theirs
        return self.text() < other.text()  # (QTableWidgetItem.__lt__ through super() recurses in PySide)


class LearnerPanel(QWidget):
    """Figures of the article shown, its new words, its one-unknown-word sentences."""

    #: give words a status: (words, status)
    status_requested = Signal(tuple, str)
    #: save a sentence's word as a card: the sentence's index
    save_requested = Signal(int)
    #: scroll the text to a sentence
    sentence_chosen = Signal(int)
    #: scroll the text to a word's first occurrence
    word_chosen = Signal(str)
    mark_rest_requested = Signal()
    seed_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = plain_label("", self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.profile = plain_label("", self)
        self.profile.setWordWrap(True)
        self.profile.setStyleSheet("color: palette(placeholder-text);")
        self.mark_rest = QPushButton("Mark the rest known", self)
        self.mark_rest.setToolTip("Every word of this article still new becomes known (Ctrl+Z undoes it)")
        self.mark_rest.clicked.connect(self.mark_rest_requested)
        self.seed = QPushButton("Words I know…", self)
        self.seed.setToolTip("Mark known an HSK level, the most frequent words, a word list or your Anki words")
        self.seed.clicked.connect(self.seed_requested)
        top_buttons = QHBoxLayout()
        top_buttons.addWidget(self.mark_rest)
        top_buttons.addWidget(self.seed)
        top_buttons.addStretch(1)
        self.words_title = QLabel("New words", self)
        self.words = QTableWidget(0, 4, self)
        self.words.setHorizontalHeaderLabels(["Word", "Rank", "HSK", "×"])
        self.words.verticalHeader().setVisible(False)
        self.words.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.words.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.words.setWordWrap(False)
        self.words.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.words.horizontalHeader().setSortIndicator(1, Qt.AscendingOrder)  # most frequent first, then a click
        self.words.horizontalHeaderItem(1).setToolTip("Frequency rank: 1 is the most frequent word of Chinese")
        self.words.horizontalHeaderItem(3).setToolTip("Times in this article")
        self.words.cellDoubleClicked.connect(lambda row, _col: self._choose_word(row))
        status_row = QHBoxLayout()
        self.status_buttons: dict[str, QPushButton] = {}
        for status, label, key in STATUS_BUTTONS:
            button = QPushButton(label, self)
            button.setToolTip(f"Mark the selected words {status} (in the text: {key} on a word)")
            button.clicked.connect(lambda _c=False, s=status: self._request_status(s))
            status_row.addWidget(button)
            self.status_buttons[status] = button
        status_row.addStretch(1)
        words_box = QWidget(self)
        words_layout = QVBoxLayout(words_box)
        words_layout.setContentsMargins(0, 0, 0, 0)
        words_layout.addWidget(self.words_title)
        words_layout.addWidget(self.words, 1)
        words_layout.addLayout(status_row)
        self.sentences_title = QLabel("Sentences with one new word", self)
        self.sentences_title.setToolTip("Everything else in them is known: the best sentences to study")
        self.sentences = QTableWidget(0, 2, self)
        self.sentences.setHorizontalHeaderLabels(["", "Sentence"])
        self.sentences.verticalHeader().setVisible(False)
        self.sentences.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.sentences.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.sentences.setWordWrap(True)
        self.sentences.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeToContents)
        self.sentences.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.sentences.cellDoubleClicked.connect(lambda row, _col: self._choose_sentence(row))
        sentences_box = QWidget(self)
        sentences_layout = QVBoxLayout(sentences_box)
        sentences_layout.setContentsMargins(0, 0, 0, 0)
        sentences_layout.addWidget(self.sentences_title)
        sentences_layout.addWidget(self.sentences, 1)
        split = QSplitter(parent=self)
        split.setOrientation(Qt.Vertical)
        split.addWidget(words_box)
        split.addWidget(sentences_box)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.profile)
        layout.addLayout(top_buttons)
        layout.addWidget(split, 1)
        self.study: list = []
        self.save_buttons: dict[int, QToolButton] = {}
        self.set_article(None, [], [])

    # -- filling -------------------------------------------------------------------------------

    def set_article(self, stats, new_words, study, saved: frozenset[str] = frozenset()) -> None:
        """Show an article's figures, new words and study sentences (``stats`` None: no article)."""
        from reader.learning import stats_line

        set_plain(self.summary, stats_line(stats) if stats is not None else "Open an article to see its words.")
        set_plain(self.profile, profile_text(stats.hsk_profile) if stats is not None else "")
        self.mark_rest.setEnabled(bool(stats is not None and stats.new_words))
        self._fill_words(list(new_words))
        self._fill_sentences(list(study), saved)

    def _fill_words(self, new_words) -> None:
        shown = new_words[:MAX_ROWS]
        more = len(new_words) - len(shown)
        self.words_title.setText(f"New words: {len(new_words):,}" + (f" (the {MAX_ROWS} most frequent shown)"
                                                                     if more > 0 else ""))
        self.words.setSortingEnabled(False)
        self.words.setRowCount(len(shown))
        for row, w in enumerate(shown):
            cells = ((w.word, None), (f"{w.rank:,}" if w.rank else "–", w.rank or 10**9),
                     (hsk_text(w.hsk3, w.hsk2), w.hsk3 or 99), (str(w.count), w.count))
            for col, (text, key) in enumerate(cells):
                item = _Item(one_line(text, 40))
                item.setData(_WORD_ROLE, w.word)
                if key is not None:
                    item.setData(_COUNT_ROLE, key)
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.words.setItem(row, col, item)
        self.words.setSortingEnabled(True)
        self.words.resizeColumnsToContents()
        self.words.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)

    def _fill_sentences(self, study, saved: frozenset[str]) -> None:
        self.study = study[:MAX_ROWS]
        self.save_buttons = {}
        more = len(study) - len(self.study)
        self.sentences_title.setText(f"Sentences with one new word: {len(study):,}"
                                     + (f" (the first {MAX_ROWS} shown)" if more > 0 else ""))
        self.sentences.setRowCount(len(self.study))
        for row, s in enumerate(self.study):
            text = f"{one_line(s.text, 300)}\n{one_line(s.english, 400)}" if s.english else one_line(s.text, 300)
            item = QTableWidgetItem(text)
            item.setToolTip(f"New word: {s.word}")
            item.setData(_WORD_ROLE, s.index)
            self.sentences.setItem(row, 1, item)
            button = QToolButton(self.sentences)
            button.clicked.connect(lambda _c=False, i=s.index: self.save_requested.emit(i))
            self.sentences.setCellWidget(row, 0, button)
            self.save_buttons[s.index] = button
            self.mark_saved(s.index, s.word in saved)
            # two lines (the sentence, its English), set by hand: resizing to contents ignores them before a show
            self.sentences.setRowHeight(row, self.fontMetrics().lineSpacing() * (2 if s.english else 1) + 10)
        if self.save_buttons:
            widest = max(b.sizeHint().width() for b in self.save_buttons.values())
            self.sentences.horizontalHeader().setSectionResizeMode(0, QHeaderView.Fixed)
            self.sentences.setColumnWidth(0, widest + 6)

    def mark_saved(self, index: int, saved: bool = True) -> None:
        """Show a study sentence's word as saved (its button says so and is off)."""
        button = self.save_buttons.get(index)
        if button is None:
            return
        word = next((s.word for s in self.study if s.index == index), "")
        button.setText(f"✓ {word}" if saved else f"Save {word}")
        button.setToolTip("Saved to your words" if saved else
                          f"Save {word} as a card, with this sentence and its English")
        button.setEnabled(not saved)

    # -- requests --------------------------------------------------------------------------------

    def selected_words(self) -> tuple[str, ...]:
        rows = sorted({i.row() for i in self.words.selectedIndexes()})
        return tuple(self.words.item(r, 0).data(_WORD_ROLE) for r in rows if self.words.item(r, 0))

    def _request_status(self, status: str) -> None:
        words = self.selected_words()
        if words:
            self.status_requested.emit(words, status)

    def _choose_word(self, row: int) -> None:
        item = self.words.item(row, 0)
        if item is not None:
            self.word_chosen.emit(item.data(_WORD_ROLE))

    def _choose_sentence(self, row: int) -> None:
        item = self.sentences.item(row, 1)
        if item is not None:
            self.sentence_chosen.emit(int(item.data(_WORD_ROLE)))


class _Bar(QWidget):
    """A one-line bar above or below the panes: a message and a few buttons (plain text only)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.text = plain_label("", self)
        self.text.setWordWrap(True)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(8, 4, 8, 4)
        self.row.addWidget(self.text, 1)
        self.hide()

    def button(self, label: str, signal) -> QPushButton:
        button = QPushButton(label, self)
        button.clicked.connect(signal)
        self.row.addWidget(button)
        return button

    def style_for(self, dark: bool) -> None:
        """Follow the theme: the bar paints itself from the palette (:meth:`paintEvent`), its text and buttons
        take the application's palette, so a theme change needs only a repaint."""
        self.update()

    def paintEvent(self, event) -> None:  # Qt override
        # No style sheet: a widget with one keeps the palette it had when it was set (dark text on a dark
        # theme after a switch); a tint of the palette's window towards its highlight, and a top rule.
        palette = self.palette()
        bg, rule = bar_colors(palette.color(QPalette.Window), palette.color(QPalette.Highlight),
                              palette.color(QPalette.WindowText))
        painter = QPainter(self)
        painter.fillRect(self.rect(), bg)
        painter.fillRect(0, 0, self.width(), 1, rule)
        painter.end()


def bar_colors(window: QColor, highlight: QColor, text: QColor) -> tuple[QColor, QColor]:
    """(background, top rule) of a bar above or below the panes: the window tinted towards the highlight."""
    from reader.ui.seeding import mixed

    return mixed(window, highlight, 0.3), mixed(window, text, 0.35)


class EndOfArticleBar(_Bar):
    """Under the panes at the end of the article: "Mark the N words still new known"."""

    mark_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("EndOfArticleBar", parent)
        self.mark_button = self.button("Mark them known", self.mark_requested)
        self.mark_button.setToolTip("Every word of this article still new becomes known (Ctrl+Z undoes it)")
        self.dismissed_for: int | None = None
        close = self.button("Not now", lambda: self.hide())
        close.clicked.connect(self._dismiss)
        self.article_id: int | None = None

    def _dismiss(self) -> None:
        self.dismissed_for = self.article_id

    def offer(self, article_id: int, new_words: int) -> None:
        """Show the offer for an article with ``new_words`` still new (hidden when none, or dismissed)."""
        self.article_id = article_id
        if not new_words or self.dismissed_for == article_id:
            self.hide()
            return
        set_plain(self.text, f"End of the article: {new_words:,} word{'s' if new_words != 1 else ''} still new. "
                             "Mark the rest known?")
        self.show()


class SeedOffer(_Bar):
    """Above the panes on a first run with nothing known: "Tell Duizhao which words you know"."""

    choose_requested = Signal()
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("SeedOffer", parent)
        set_plain(self.text, "New to Duizhao? Tell it which words you already know (an HSK level, the most "
                             "frequent words, a word list or your Anki deck), so that % known and the marks "
                             "mean something.")
        self.choose = self.button("Words I know…", self.choose_requested)
        self.later = self.button("Not now", self.dismissed)
        self.later.clicked.connect(self.hide)
        self.choose.clicked.connect(self.hide)


def level_text(stats) -> tuple[str, str]:
    """An article's level for the library list: ("HSK 4 · hard", a tooltip saying what it means); blank without."""
    if stats is None or not stats.running_words:
        return "", ""
    level = "" if stats.hsk_95 is None else "beyond HSK" if stats.hsk_95 >= 8 else \
        "HSK 7–9" if stats.hsk_95 == 7 else f"HSK {stats.hsk_95}"
    label = {"easy": "easy", "readable": "readable", "hard": "hard"}.get(stats.label, "")
    tip = (f"{level or 'Its HSK level'}: the HSK 3.0 words up to that level cover 95 % of its running words; "
           f"the {stats.rank_95:,} most frequent words do. For you: {label or '–'} "
           "(easy from 98 % known, readable from 95 %)") if stats.rank_95 else ""
    return " · ".join(p for p in (level, label) if p), tip
