"""The learner model in the window: every word's status, its marks in the text, seeding, the article's figures.

:class:`LearnerController` keeps the statuses of every word (read once, read
again after a change), gives the Chinese pane its word marks (new: dotted,
learning: dashed; known and ignored words unmarked; none at all until the
reader has told some word known or learning), changes statuses as
undoable :class:`~reader.ui.ops.Op` s (a key or a click on the hovered word,
"mark the rest of this article known", seeding), fills the "this article"
panel (:mod:`reader.ui.learner_panel`) and says the article's figures in one
line (``stats_changed``, the article header's line).

Its dependencies are passed in (the window's Library lock, ops runner, Chinese
pane and a few callables), so tests build it on real parts without a window.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QTextCharFormat

from reader.errors import DuizhaoError
from reader.learning import StudySentence, describe_word, stats_line, study_sentences_for
from reader.ui.ops import Changes, Op

#: What a status change touches: the statuses (marks, pinyin above known words) and saved words' own status.
STATUS_CHANGES = Changes(words=True, known=True)
#: The keys that give the hovered word a status (single keys: the reading panes only).
STATUS_KEYS = (("status_new", "Mark the word new", "U", "new"),
               ("status_learning", "Mark the word learning", "L", "learning"),
               ("status_known", "Mark the word known", "K", "known"),
               ("status_ignored", "Ignore the word (a name, not a word to learn)", "I", "ignored"))
#: The statuses that say the reader has told what they know: from the first, words not yet known are marked.
TOLD = frozenset({"known", "learning"})
#: Mark colours (light, dark): new words dotted, words being learned dashed.
MARK_COLORS = {"new": ("#c77d00", "#ffb347"), "learning": ("#2b8a9e", "#66d9e8")}

#: How long after the first article is shown the word lists are read ahead (off the GUI thread; see _warm).
WARM_AFTER_MS = 400
_warmed: list[bool] = []  # once a process

__all__ = ["LearnerController", "stats_line", "STATUS_KEYS"]


def _mark(status: str, dark: bool) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.DotLine if status == "new" else QTextCharFormat.DashUnderline)
    fmt.setUnderlineColor(QColor(MARK_COLORS[status][1 if dark else 0]))
    return fmt


class LearnerController(QObject):
    """Statuses, marks, seeding and figures for the article shown (see the module docstring)."""

    #: the article's figures in one line ("" without an article): the header shows it
    stats_changed = Signal(str)
    #: a seed finished: its one-line result
    seeded = Signal(str)

    def __init__(self, library: Any, ops: Any, zh: Any, *, view: Callable[[], Any], busy: Callable[[], bool],
                 notice: Callable[[str], None], word_span: Callable[[], tuple[int, int] | None],
                 run_job: Callable[..., None] | None = None, parent: QObject | None = None) -> None:
        """``library``: the window's LibraryLock; ``ops``: its OpRunner; ``zh``: the Chinese pane;
        ``view()``: the ArticleView shown (or None); ``busy()``: a background job holds the Library;
        ``notice(line)``: the status bar; ``word_span()``: the hovered/current word (or None);
        ``run_job(label, fn, on_done, on_error)``: the window's background runner (``fn(progress)``)."""
        super().__init__(parent)
        self.library, self.ops, self.zh = library, ops, zh
        self._view, self._busy, self._notice, self._word_span, self._run_job = view, busy, notice, word_span, run_job
        self.statuses: dict[str, str] = {}
        self.loaded = False
        self.told = False  # the reader has said some word is known or being learned (marks shown from then on)
        self.panel = None  # a LearnerPanel, once attached
        self._panel_dirty = True
        self._names: tuple[int, frozenset[int]] | None = None  # (id of the analysed text, starts of its names)
        self._marks: dict[tuple[str, bool], QTextCharFormat] = {}
        self.last_stats = None
        self.line = ""
        self.end_bar = None

    # -- statuses ------------------------------------------------------------------------------

    def reload(self) -> bool:
        """Read every status again (not while a job holds the Library); True when read."""
        if self._busy():
            return False
        try:
            self.statuses = self.library.word_statuses()
        except DuizhaoError:
            return False
        self.loaded = True
        self.told = any(s in TOLD for s in self.statuses.values())
        return True

    def status_of(self, word: str) -> str:
        return self.statuses.get(word, "new")

    def known(self) -> frozenset[str]:
        return frozenset(w for w, s in self.statuses.items() if s == "known")

    def nothing_known(self) -> bool:
        """True for a reader who has told nothing yet (the first run's seeding offer)."""
        if not self.loaded:
            self.reload()
        return self.loaded and not any(s == "known" for s in self.statuses.values())

    def word_key(self, start: int, end: int) -> str | None:
        """The word (simplified) of the article shown at [start, end), None outside Han text."""
        view = self._view()
        if view is None or not 0 <= start < end <= len(view.zh.text):
            return None
        return view.zh.base[start:end]

    # -- marks in the text ---------------------------------------------------------------------

    def word_mark(self, token) -> QTextCharFormat | None:
        """The Chinese pane's mark of a token (its ``word_mark`` hook): new and learning words only.

        None for every word while the reader has told nothing (no word known or learning, statuses not read
        yet): every word would be marked, which says nothing; seeding or one word marked turns the marks on.
        """
        analyzed = getattr(self.zh, "analyzed", None)
        if analyzed is None or token.kind != "han" or not self.told:
            return None
        if self._names is None or self._names[0] != id(analyzed):
            self._names = (id(analyzed), frozenset(t.start for t in analyzed.tokens if t.name))
        if token.start in self._names[1]:
            return None  # a name is ignored without a row
        status = self.statuses.get(analyzed.base[token.start : token.end], "new")
        if status not in MARK_COLORS:
            return None
        dark = bool(getattr(self.zh, "dark", False))
        fmt = self._marks.get((status, dark))
        if fmt is None:
            fmt = self._marks[(status, dark)] = _mark(status, dark)
        return fmt

    # -- changes (every one an Op) ---------------------------------------------------------------

    def set_status(self, words, status: str, label: str | None = None):
        """Give ``words`` (simplified) ``status`` as one undoable Op; its StatusChanges (None: failed)."""
        words = tuple(dict.fromkeys(w for w in words if w))
        if not words:
            return None
        name = label or (f"mark {words[0]} {status}" if len(words) == 1 else f"mark {len(words)} words {status}")
        changes = self.ops.run(Op(name, lambda: self.library.set_word_statuses(dict.fromkeys(words, status)),
                                  STATUS_CHANGES, undo=self._undo_of))
        if changes is not None:
            self._notice(self._changed_line(changes, status, words))
        return changes

    def _undo_of(self, changes):
        if not changes:
            return None  # nothing changed: nothing to undo
        return lambda: self.library.undo_statuses(changes)

    @staticmethod
    def _changed_line(changes, status: str, words) -> str:
        if not changes:
            return f"{words[0]} is already {status}." if len(words) == 1 else f"Those words are already {status}."
        if len(changes) == 1:
            word = next(iter(changes.changed))
            return f"{word}: {status} (Ctrl+Z undoes it)."
        return f"{len(changes):,} words marked {status} (Ctrl+Z undoes it)."

    def set_current_status(self, status: str):
        """The status keys: the hovered (or current, or selected) word gets ``status``."""
        span = self._word_span()
        word = self.word_key(*span) if span else None
        if not word or not word.strip():
            self._notice("Point at a Chinese word first.")
            return None
        return self.set_status((word,), status)

    def mark_rest_known(self):
        """Every word of the article shown still new becomes known (one Op, undone as one)."""
        view = self._view()
        if view is None:
            return None
        article_id = view.id
        changes = self.ops.run(Op("mark the rest known", lambda: self.library.mark_rest_known(article_id),
                                  STATUS_CHANGES, undo=self._undo_of))
        if changes is not None:
            self._notice(f"{len(changes):,} words of this article marked known (Ctrl+Z undoes it)." if changes
                         else "No new word left in this article.")
        return changes

    def save_study(self, index: int):
        """Save the one unknown word of study sentence ``index`` as a card (the word with this sentence)."""
        view = self._view()
        study = next((s for s in self.study_sentences() if s.index == index), None)
        if view is None or study is None or study.word_start < 0:
            return None
        article_id, start, end = view.id, study.word_start, study.word_end
        saved = self.ops.run(Op("save word", lambda: self.library.save_word(article_id, start, end),
                                Changes(words=True), undo=lambda w: lambda: self.library.delete_word(w.id),
                                named=lambda w: f"save {w.simplified}"))
        if saved is not None:
            self._notice(f"Saved {saved.simplified} with its sentence to your words.")
            if self.panel is not None:
                self.panel.mark_saved(index)
        return saved

    # -- seeding -------------------------------------------------------------------------------------

    def seed(self, source: dict, on_done: Callable[[Any], None] | None = None) -> None:
        """Mark known the words of ``source`` (``Library.seed_known`` keywords) off the GUI thread.

        The result is one line (``seeded``, the status bar) and one undo entry.
        """
        from reader.ui.seeding import describe_source, seed_result_line

        def job(progress):
            return self.library.unlocked.seed_known(**source, progress=progress)

        def done(changes) -> None:
            # already done on the worker: the Op records it for undo and announces the change
            self.ops.run(Op(f"seed {describe_source(source)}", lambda: changes, STATUS_CHANGES, undo=self._undo_of))
            line = seed_result_line(changes, source)
            self._notice(line)
            self.seeded.emit(line)
            if on_done is not None:
                on_done(changes)

        def failed(exc: BaseException) -> None:
            self._notice(str(exc) if isinstance(exc, DuizhaoError) else f"Could not mark the words: {exc}")
            if on_done is not None:
                on_done(None)

        if self._run_job is None:  # tests without a window: the same calls, on this thread
            try:
                result = job(lambda _f, _m="": None)
            except DuizhaoError as exc:
                failed(exc)
            else:
                done(result)
            return
        self._run_job(f"Marking known: {describe_source(source)}…", job, done, failed)

    def open_seed_dialog(self, parent=None, *, modal: bool = True):
        """The "words I already know" dialog; accepted, its source is seeded. Returns the dialog."""
        from reader.text import frequency
        from reader.ui.seeding import SeedDialog

        dialog = SeedDialog(parent, top_max=frequency.list_size() or None)
        dialog.accepted.connect(lambda: self.seed(dialog.source()))
        if modal:
            dialog.exec()
        else:
            dialog.open()
        return dialog

    # -- figures and the panel ---------------------------------------------------------------------

    def stats(self):
        """The article shown's figures for the statuses held (None without an article)."""
        from reader.learning import hsk3_of
        from reader.text import difficulty, frequency

        view = self._view()
        if view is None:
            return None
        if not self._busy():
            try:  # from the word counts stored with the article: no pass over a long article's tokens
                return self.library.article_stats(view.id)
            except DuizhaoError:
                pass
        return difficulty.article_stats(view.zh, self.statuses, frequency.ranks(), hsk3_of(view.zh.dictionary))

    def new_words(self) -> list:
        from reader.text import difficulty, frequency

        view = self._view()
        if view is None:
            return []
        return difficulty.new_words(view.zh, self.statuses, frequency.ranks(), view.zh.dictionary.hsk_levels)

    def study_sentences(self) -> list[StudySentence]:
        view = self._view()
        return study_sentences_for(view, self.statuses) if view is not None else []

    def word_info(self, pos: int, links: Callable[[int], list]):
        """The popup's status, rank, HSK and ordered senses at ``pos`` (no database: the hover never waits)."""
        view = self._view()
        if view is None:
            return None
        try:
            return describe_word(view, pos, self.statuses, links)
        except DuizhaoError:
            return None

    def refresh(self) -> None:
        """The figures (header line) and the panel for the article shown and the statuses held."""
        self.last_stats = self.stats()
        self.line = stats_line(self.last_stats)
        self.stats_changed.emit(self.line)
        self._panel_dirty = True
        self.refresh_panel()
        self.check_end()

    def attach_panel(self, panel) -> None:
        """Fill ``panel`` (a LearnerPanel) from now on, and answer its requests."""
        self.panel = panel
        panel.status_requested.connect(lambda words, status: self.set_status(words, status))
        panel.save_requested.connect(self.save_study)
        panel.mark_rest_requested.connect(self.mark_rest_known)
        panel.sentence_chosen.connect(self._scroll_to_sentence)
        panel.word_chosen.connect(self._scroll_to_word)
        self._panel_dirty = True
        self.refresh_panel()

    def refresh_panel(self, force: bool = False) -> None:
        """Fill the panel when it is on screen (the lists cost a pass over the article); else later."""
        panel = self.panel
        if panel is None or not (self._panel_dirty or force):
            return
        if not force and not panel.isVisible():
            return  # filled when shown (see panel_shown)
        self._panel_dirty = False
        view = self._view()
        if view is None:
            panel.set_article(None, [], [])
            return
        saved: frozenset[str] = frozenset()
        if not self._busy():
            try:
                saved = frozenset(w.simplified for w in self.library.words(article_id=view.id))
            except DuizhaoError:
                pass
        panel.set_article(self.last_stats or self.stats(), self.new_words(), self.study_sentences(), saved)

    def panel_shown(self) -> None:
        """The panel's tab became visible: fill it if something changed meanwhile."""
        self.refresh_panel()

    def article_shown(self) -> None:
        """A new article is shown: statuses read (first time), figures and panel refreshed."""
        if not self.loaded:
            self.reload()
        self.refresh()
        if not _warmed:
            _warmed.append(True)
            from PySide6.QtCore import QTimer

            QTimer.singleShot(WARM_AFTER_MS, self._warm)

    def _warm(self) -> None:
        """Read the frequency list and the HSK table on a thread once the article is on screen: the figures come
        from what is stored with the article, and the first word hovered (its rank, its levels) need not wait."""
        import threading

        view = self._view()
        dictionary = view.zh.dictionary if view is not None else None

        def warm() -> None:
            from reader.text import frequency

            frequency.ranks()
            if dictionary is not None:
                dictionary.hsk_levels("")

        threading.Thread(target=warm, name="duizhao-warm-lists", daemon=True).start()

    def apply_changes(self, changes) -> None:
        """An Op's changes: statuses read again when words or statuses changed; marks and figures follow."""
        if not (changes.known or changes.words):
            return
        if changes.known:
            self.reload()
            self.zh.refresh_formats()
        self.refresh()

    # -- the end-of-article bar and the first run's offer ------------------------------------------

    def build_parts(self, window) -> None:
        """The window's learner widgets: the "Article" tab, the bar under the panes, the first run's offer above."""
        from reader.ui.learner_panel import EndOfArticleBar, LearnerPanel, SeedOffer

        window.learner_panel = LearnerPanel(window)
        window.side_tabs.addTab(window.learner_panel, "Article")
        layout, panes = window._reader_layout, window.pane_splitter
        window.end_bar = EndOfArticleBar(window)
        layout.insertWidget(layout.indexOf(panes) + 1, window.end_bar)
        window.seed_offer = SeedOffer(window)
        layout.insertWidget(layout.indexOf(panes), window.seed_offer)
        for bar in (window.end_bar, window.seed_offer):
            bar.style_for(window.dark)
        window._connect_built("learner", window.learner_panel)

        def offer() -> None:
            self.offer_seeding(window.seed_offer, get_setting=window.setting, set_setting=window._set_setting,
                               parent=window)

        if window.library_ready:
            offer()
        else:
            window.library_attached.connect(offer)

    def attach_end_bar(self, bar) -> None:
        """``bar`` (an EndOfArticleBar under the panes) offers "mark the rest known" at the article's end."""
        self.end_bar = bar
        bar.mark_requested.connect(self.mark_rest_known)
        self.zh.verticalScrollBar().valueChanged.connect(lambda _v: self.check_end())
        self.zh.verticalScrollBar().rangeChanged.connect(lambda _a, _b: self.check_end())

    def check_end(self) -> None:
        """Show the end bar when the Chinese pane shows the article's end and words are still new."""
        bar, view = self.end_bar, self._view()
        if bar is None:
            return
        scroll = self.zh.verticalScrollBar()
        at_end = view is not None and scroll.value() >= scroll.maximum() - 4 and scroll.maximum() > 0
        if at_end and self.last_stats is not None:
            bar.offer(view.id, self.last_stats.new_words)
        elif bar.isVisible() and (view is None or scroll.value() < scroll.maximum() - self.zh.viewport().height()):
            bar.hide()  # scrolled back up

    def offer_seeding(self, offer, *, get_setting: Callable[[str, Any], Any], set_setting: Callable[[str, Any], None],
                      parent=None) -> bool:
        """On a first run with nothing known, show ``offer`` (a SeedOffer, not modal); True when shown.

        Asked once: choosing or dismissing it is remembered (setting ``seed_offered``).
        """
        if get_setting("seed_offered", False) or not self.nothing_known():
            return False

        def remember() -> None:
            set_setting("seed_offered", True)

        offer.dismissed.connect(remember)
        self.seeded.connect(lambda _line: offer.hide())  # words are known now: the offer has been answered
        offer.choose_requested.connect(remember)
        offer.choose_requested.connect(lambda: self.open_seed_dialog(parent, modal=False))
        offer.show()
        return True

    # -- navigation --------------------------------------------------------------------------------------

    def _scroll_to_sentence(self, index: int) -> None:
        if self._view() is not None and 0 <= index < len(self.zh.sentence_spans):
            self.zh.scroll_to_sentence(index)
            start, end = self.zh.sentence_spans[index]
            self.zh.setTextCursor(self.zh.cursor_for_span(start, start))

    def _scroll_to_word(self, word: str) -> None:
        view = self._view()
        if view is None:
            return
        at = view.zh.base.find(word)
        if at >= 0:
            sentence = self.zh.sentence_at(at)
            if sentence >= 0:
                self.zh.scroll_to_sentence(sentence)
            self.zh.setTextCursor(self.zh.cursor_for_span(at, at + len(word)))
