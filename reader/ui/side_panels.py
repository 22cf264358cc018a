"""Side panels: annotations, vocabulary and the library of articles.

Each panel shows plain dataclasses from the facade and emits signals; the
main window does the work (novelWriter style: widgets never call the store).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.ui.display import HIGHLIGHT_COLORS, HIGHLIGHT_NAMES
from reader.ui.safe_text import one_line, plain_label, set_plain

_UUID_ROLE = Qt.UserRole
#: Longest sentence shown under the words list (a saved sentence can be a whole paragraph).
SENTENCE_CHARS = 400
_ID_ROLE = Qt.UserRole + 1


def color_hex(name: str | None) -> str:
    """Display colour of a stored highlight colour name (or hex)."""
    if name and name.startswith("#"):
        return name
    if name in HIGHLIGHT_NAMES:
        return HIGHLIGHT_COLORS[HIGHLIGHT_NAMES.index(name)]
    return HIGHLIGHT_COLORS[0]


def _swatch(color: str, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


def _elide(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters, isolated when it holds right-to-left text (safe_text.one_line)."""
    return one_line(text, limit)


class AnnotationSidebar(QWidget):
    """Annotations of the open article in document order, orphans under "Needs review"."""

    jump_requested = Signal(str)
    note_changed = Signal(str, str)
    tags_changed = Signal(str, tuple)
    color_changed = Signal(str, str)
    delete_requested = Signal(str)
    reattach_requested = Signal(str)
    undo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.annotations: dict[str, object] = {}
        self.current_uuid: str | None = None
        self._loading = False
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setIconSize(QSize(12, 12))
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollPerPixel)
        self.list.currentItemChanged.connect(self._on_current)
        self.list.itemActivated.connect(self._on_activated)
        self.list.itemClicked.connect(self._on_activated)
        self.empty = QLabel("Select text and press H to highlight, N to add a note.", self)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: palette(placeholder-text); padding: 6px;")
        self.quote = plain_label("", self)  # page text: plain, whatever it looks like
        self.quote.setWordWrap(True)
        self.note = QPlainTextEdit(self)
        self.note.setPlaceholderText("Note…")
        self.note.setMaximumHeight(120)
        self.tags = QLineEdit(self)
        self.tags.setPlaceholderText("tags, comma separated")
        self.color_buttons = []
        colors = QHBoxLayout()
        for i, (name, value) in enumerate(zip(HIGHLIGHT_NAMES, HIGHLIGHT_COLORS), start=1):
            button = QPushButton(str(i), self)
            button.setToolTip(f"{name} ({i})")
            button.setFixedWidth(28)
            button.setStyleSheet(f"background:{value}; color:#222; border-radius:4px;")
            button.clicked.connect(lambda _c=False, n=name: self._emit_color(n))
            colors.addWidget(button)
            self.color_buttons.append(button)
        colors.addStretch(1)
        self.delete_button = QPushButton("Delete", self)
        self.reattach_button = QPushButton("Re-attach to selection", self)
        self.reattach_button.setToolTip("Select the passage in the text, then click to attach this note to it")
        self.undo_button = QPushButton("Undo", self)
        self.delete_button.clicked.connect(lambda: self.current_uuid and self.delete_requested.emit(self.current_uuid))
        self.reattach_button.clicked.connect(
            lambda: self.current_uuid and self.reattach_requested.emit(self.current_uuid))
        self.undo_button.clicked.connect(self.undo_requested)
        actions = QHBoxLayout()
        actions.addWidget(self.delete_button)
        actions.addWidget(self.reattach_button)
        actions.addStretch(1)
        actions.addWidget(self.undo_button)
        # Notes are saved when typing pauses, not on every key.
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(500)
        self._note_timer.timeout.connect(self.flush_note)
        self.note.textChanged.connect(self._on_note_typed)
        self.tags.editingFinished.connect(self._on_tags)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list, 3)
        layout.addWidget(self.empty)
        layout.addWidget(self.quote)
        layout.addWidget(self.note, 1)
        layout.addWidget(self.tags)
        layout.addLayout(colors)
        layout.addLayout(actions)
        self._show_editor(None)

    def set_annotations(self, annotations) -> None:
        """Show the given annotations (document order; orphans last)."""
        self.flush_note()
        keep = self.current_uuid
        self._loading = True
        self.list.clear()
        self.annotations = {a.uuid: a for a in annotations}
        attached = [a for a in annotations if a.status != "orphan"]
        orphans = [a for a in annotations if a.status == "orphan"]
        for a in attached:
            self.list.addItem(self._item(a))
        if orphans:
            header = QListWidgetItem(f"Needs review ({len(orphans)})")
            header.setFlags(Qt.NoItemFlags)
            font = header.font()
            font.setBold(True)
            header.setFont(font)
            self.list.addItem(header)
            for a in orphans:
                self.list.addItem(self._item(a))
        self._loading = False
        self.empty.setVisible(not annotations)
        if keep in self.annotations:
            self.select(keep)
        else:
            self._show_editor(None)

    def _item(self, a) -> QListWidgetItem:
        side = "中" if a.side == "zh" else "EN"
        lines = [f"{side}  {_elide(a.quote, 80)}"]
        if a.note:
            lines.append("✎ " + _elide(a.note, 120))
        if a.tags:
            lines.append(_elide(" ".join(f"#{t}" for t in a.tags), 120))
        if a.status == "fuzzy":
            lines.append("(moved: re-anchored)")
        item = QListWidgetItem(_swatch(color_hex(a.color)), "\n".join(lines))
        item.setData(_UUID_ROLE, a.uuid)
        return item

    def select(self, uuid: str) -> None:
        """Make ``uuid`` the current annotation (its editor shows; nothing is emitted)."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(_UUID_ROLE) == uuid:
                self._loading = True  # the editor still shows the previous state: do not flush it
                try:
                    self.list.setCurrentItem(item)
                finally:
                    self._loading = False
                self._show_editor(uuid)
                return

    def focus_note(self, uuid: str) -> None:
        """Select an annotation and put the caret in its note editor."""
        self.select(uuid)
        self.note.setFocus()

    def _on_current(self, current, _previous) -> None:
        if self._loading:
            return
        self.flush_note()
        self._show_editor(current.data(_UUID_ROLE) if current else None)

    def _on_activated(self, item) -> None:
        uuid = item.data(_UUID_ROLE)
        if uuid:
            self.jump_requested.emit(uuid)

    def _show_editor(self, uuid: str | None) -> None:
        self.current_uuid = uuid
        annotation = self.annotations.get(uuid) if uuid else None
        enabled = annotation is not None
        for widget in (self.note, self.tags, self.delete_button, *self.color_buttons):
            widget.setEnabled(enabled)
        self.reattach_button.setVisible(enabled and annotation.status == "orphan")
        self._loading = True
        self.note.setPlainText(annotation.note or "" if annotation else "")
        self.tags.setText(", ".join(annotation.tags) if annotation else "")
        set_plain(self.quote, f"“{_elide(annotation.quote, 200)}”" if annotation else "")
        self._loading = False

    def _on_note_typed(self) -> None:
        if not self._loading and self.current_uuid:
            self._note_timer.start()

    def flush_note(self) -> None:
        """Send a pending note edit now."""
        if self._note_timer.isActive():
            self._note_timer.stop()
        uuid = self.current_uuid
        annotation = self.annotations.get(uuid) if uuid else None
        if annotation is None:
            return
        text = self.note.toPlainText()
        if text != (annotation.note or ""):
            # Record it first: the window refreshes the list while handling the signal.
            self.annotations[uuid] = replace(annotation, note=text)
            self.note_changed.emit(uuid, text)

    def _on_tags(self) -> None:
        uuid = self.current_uuid
        annotation = self.annotations.get(uuid) if uuid else None
        if annotation is None:
            return
        tags = tuple(t.strip() for t in self.tags.text().split(",") if t.strip())
        if tags != tuple(annotation.tags):
            self.annotations[uuid] = replace(annotation, tags=tags)
            self.tags_changed.emit(uuid, tags)

    def _emit_color(self, name: str) -> None:
        if self.current_uuid:
            self.color_changed.emit(self.current_uuid, name)


class VocabularyPanel(QWidget):
    """Saved words with status, filter and search."""

    query_changed = Signal()
    status_requested = Signal(int, str)
    delete_requested = Signal(int)

    STATUSES = ("new", "learning", "known")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QComboBox(self)
        self.filter.addItem("All", None)
        for status in self.STATUSES:
            self.filter.addItem(status.capitalize(), status)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search words, pinyin, meaning…")
        self.search.setClearButtonEnabled(True)
        self.this_article = QComboBox(self)
        self.this_article.addItem("All articles", False)
        self.this_article.addItem("This article", True)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(["Word", "Pinyin", "Meaning", "Status"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.Stretch)
        self.table.setWordWrap(False)
        self.sentence = plain_label("", self)  # the saved sentence is page text: plain, whatever it looks like
        self.sentence.setWordWrap(True)
        self.table.currentCellChanged.connect(lambda *_: self._show_sentence())
        buttons = QHBoxLayout()
        self.status_buttons = {}
        for status in self.STATUSES:
            button = QPushButton(status.capitalize(), self)
            button.clicked.connect(lambda _c=False, s=status: self._request_status(s))
            buttons.addWidget(button)
            self.status_buttons[status] = button
        buttons.addStretch(1)
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.clicked.connect(self._request_delete)
        buttons.addWidget(self.delete_button)
        top = QHBoxLayout()
        top.addWidget(self.filter)
        top.addWidget(self.this_article)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.sentence)
        layout.addLayout(buttons)
        self.words: list = []
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self.query_changed)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.filter.currentIndexChanged.connect(lambda _i: self.query_changed.emit())
        self.this_article.currentIndexChanged.connect(lambda _i: self.query_changed.emit())

    def status_filter(self) -> str | None:
        return self.filter.currentData()

    def query(self) -> str | None:
        return self.search.text().strip() or None

    def only_this_article(self) -> bool:
        return bool(self.this_article.currentData())

    def set_words(self, words) -> None:
        self.words = list(words)
        self.table.setRowCount(len(self.words))
        for row, w in enumerate(self.words):
            head = w.simplified if w.traditional in (None, "", w.simplified) else f"{w.simplified} ({w.traditional})"
            cells = (_elide(head, 60), _elide(w.pinyin or "", 80), _elide("; ".join(w.senses[:3]), 200), w.status)
            for col, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setData(_ID_ROLE, w.id)
                self.table.setItem(row, col, item)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(1)
        self._show_sentence()

    def current_word(self):
        row = self.table.currentRow()
        return self.words[row] if 0 <= row < len(self.words) else None

    def _show_sentence(self) -> None:
        w = self.current_word()
        if w is None:
            set_plain(self.sentence, "")
            return
        parts = (_elide(w.sentence or "", SENTENCE_CHARS), _elide(w.sentence_en or "", SENTENCE_CHARS))
        set_plain(self.sentence, "\n".join(p for p in parts if p))

    def _request_status(self, status: str) -> None:
        w = self.current_word()
        if w is not None:
            self.status_requested.emit(w.id, status)

    def _request_delete(self) -> None:
        w = self.current_word()
        if w is not None:
            self.delete_requested.emit(w.id)


_SORT_ROLE = Qt.UserRole + 3


class _SortItem(QTableWidgetItem):
    """A cell sorted by its number (a share, a count), blanks first, else by its text."""

    def __lt__(self, other) -> bool:  # Qt override
        mine, theirs = self.data(_SORT_ROLE), other.data(_SORT_ROLE)
        if mine is None or theirs is None:
            if mine is None and theirs is None:
                return self.text() < other.text()
            return mine is None
        return mine < theirs


class LibraryPanel(QWidget):
    """Every article: title, date, site, % of words known, words to learn, level, annotations, last opened."""

    open_requested = Signal(int)
    delete_requested = Signal(int)
    back_requested = Signal()
    #: full-text search (Chinese, English, toneless pinyin) over articles, notes and words
    search_requested = Signal(str)
    #: a search hit was chosen: (article id, annotation uuid or "")
    hit_chosen = Signal(int, str)

    COLUMNS = ("Title", "Date", "Site", "Known", "To learn", "Level", "Notes", "Last opened")
    #: Columns sorted by a number, not their text (Known, To learn, Level, Notes).
    _NUMERIC = (3, 4, 5, 6)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter by title or site…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        # one line a row: the short columns sized to their contents (set_articles), the title elided
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.ElideRight)
        self.table.cellDoubleClicked.connect(lambda row, _col: self._open_row(row))
        open_button = QPushButton("Open", self)
        open_button.clicked.connect(lambda: self._open_row(self.table.currentRow()))
        delete_button = QPushButton("Delete", self)
        delete_button.clicked.connect(self._delete_current)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search every article, note and word (汉字, English or pinyin: dangzhibu)…")
        self.search.setClearButtonEnabled(True)
        self.hits = QListWidget(self)
        self.hits.setWordWrap(True)
        self.hits.hide()
        self.hits.itemActivated.connect(self._hit_activated)
        self.hits.itemDoubleClicked.connect(self._hit_activated)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(lambda: self.search_requested.emit(self.search.text().strip()))
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        back_button = QPushButton("Back to reading", self)
        back_button.clicked.connect(self.back_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(back_button)
        buttons.addStretch(1)
        buttons.addWidget(delete_button)
        buttons.addWidget(open_button)
        layout = QVBoxLayout(self)
        title = plain_label("Library", self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.search)
        layout.addWidget(self.hits, 1)
        layout.addLayout(buttons)

    def show_hits(self, hits) -> None:
        """Search results: kind, article title and a snippet each."""
        self.hits.clear()
        labels = {"article": "Article", "annotation": "Note", "word": "Word"}
        for hit in hits:
            item = QListWidgetItem(f"{labels.get(hit.kind, hit.kind)} · {_elide(hit.title or '(untitled)', 120)}\n"
                                   f"{_elide(hit.snippet or '', 160)}")
            item.setData(_ID_ROLE, hit.article_id)
            item.setData(_UUID_ROLE + 2, hit.ref if hit.kind == "annotation" else "")
            self.hits.addItem(item)
        if not hits and self.search.text().strip():
            self.hits.addItem(QListWidgetItem("Nothing found."))
        self.hits.setVisible(bool(self.search.text().strip()))

    def _hit_activated(self, item) -> None:
        article_id = item.data(_ID_ROLE)
        if article_id is not None:
            self.hit_chosen.emit(int(article_id), item.data(_UUID_ROLE + 2) or "")

    def set_articles(self, articles, figures=None) -> None:
        """Show ``articles``; ``figures`` (ArticleStats by article id, reader.learning.library_stats) adds
        the words to learn and the level, and its % known (running words, ignored words not counted)."""
        from reader.ui.learner_panel import level_text

        figures = figures or {}
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(articles))
        for row, a in enumerate(articles):
            stats = figures.get(a.id)
            ratio = stats.known_ratio if stats is not None else a.known_ratio
            known = "" if ratio is None else f"{int(ratio * 1000) // 10}%"
            opened = (a.opened_at or "")[:16].replace("T", " ")
            to_learn = f"{stats.unknown_words:,}" if stats is not None and stats.running_words else ""
            level, tip = level_text(stats)
            cells = (_elide(a.title or "(untitled)", 300), _elide(a.date or "", 40), _elide(a.site or "", 120), known,
                     to_learn, level, str(a.annotation_count), opened)
            keys = {3: ratio, 4: stats.unknown_words if stats is not None else None,
                    5: stats.rank_95 if stats is not None else None, 6: a.annotation_count}
            for col, value in enumerate(cells):
                item = _SortItem(value)
                item.setData(_ID_ROLE, a.id)
                if keys.get(col) is not None:
                    item.setData(_SORT_ROLE, keys[col])
                if col in self._NUMERIC:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                if col == 5 and tip:
                    item.setToolTip(tip)
                self.table.setItem(row, col, item)
        self.table.setSortingEnabled(True)
        for col in range(1, len(self.COLUMNS)):  # the title takes the rest (it stretches)
            self.table.resizeColumnToContents(col)
        self._apply_filter(self.filter.text())

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for row in range(self.table.rowCount()):
            hay = " ".join((self.table.item(row, c).text() if self.table.item(row, c) else "") for c in (0, 2))
            self.table.setRowHidden(row, bool(needle) and needle not in hay.casefold())

    def _row_id(self, row: int) -> int | None:
        item = self.table.item(row, 0) if row >= 0 else None
        return item.data(_ID_ROLE) if item else None

    def _open_row(self, row: int) -> None:
        article_id = self._row_id(row)
        if article_id is not None:
            self.open_requested.emit(article_id)

    def _delete_current(self) -> None:
        article_id = self._row_id(self.table.currentRow())
        if article_id is not None:
            self.delete_requested.emit(article_id)
