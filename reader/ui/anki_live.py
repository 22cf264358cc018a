"""Anki live in the window: "Add to Anki", the "in Anki" mark and "Show in Anki", and their settings.

The controller sits between the popup / the selection and
:mod:`reader.export.ankiconnect`.  What it keeps in the library (the word
or highlight a card is made from) is saved first, on the GUI thread, as an
undoable :class:`~reader.ui.ops.Op`, so a refused send loses nothing; the
network calls then run on a pool of their own (one thread: AnkiConnect
calls never overlap, and never wait for the window's long jobs), each with
the configured timeout.  The library is read there through the locked
facade one short call at a time - never with the lock held across a
request - so a slow Anki never blocks the window.  Only loopback addresses
are ever contacted (:func:`reader.export.ankiconnect.loopback_url`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reader.errors import DuizhaoError
from reader.ui.ops import Changes, Op
from reader.ui.worker import run_in_background

if TYPE_CHECKING:
    from reader.export.ankiconnect import AnkiSync, LiveSettings

#: ``reader.export.ankiconnect.SETTINGS_KEY``, named here so a hover reads it without loading the
#: exports (genanki and markdown: about 0.14 s, not for the window's start).
SETTINGS_KEY = "anki_connect"


def _ac():
    """``reader.export.ankiconnect``, loaded on first use."""
    from reader.export import ankiconnect

    return ankiconnect

#: After Anki did not answer, the popup's mark is not asked for again for this long (seconds).
RETRY_AFTER = 30.0
#: The popup asks Anki about a word once the mouse has rested on it this long (ms).
MARK_DELAY_MS = 250
#: Longest selection sent as a cloze (longer ones go as a passage).
MAX_CLOZE = 20
OFFLINE = "Export to Anki… (Ctrl+Shift+A) writes an .apkg without Anki running"
SCOPE_LABELS = {"notetype": "Within the note type (any deck)", "deck": "Within the deck",
                "collection": "Anywhere in the collection (any note type)"}


def live_message(exc: BaseException, kept: str = "") -> str:
    """One line for a failed Anki call: what happened, that nothing was lost, and the offline path."""
    ac = _ac()
    if isinstance(exc, DuizhaoError):
        what = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    else:
        what = f"Unexpected problem talking to Anki: {type(exc).__name__}: {exc}"
    if isinstance(exc, ac.AnkiNotRunning) and "(start Anki" in what:
        what = what.split(" (start Anki")[0] + " (start Anki with the AnkiConnect add-on)"
    parts = [what.rstrip(".")]
    if kept:
        parts.append(f"{kept} is kept in Duizhao")
    if isinstance(exc, (ac.AnkiNotRunning, ac.PermissionRefused)) or not isinstance(exc, ac.AnkiConnectError):
        parts.append(OFFLINE)
    elif isinstance(exc, ac.NotLoopback):
        parts.append("change the address in File → Anki settings…")
    return "; ".join(parts) + "."


class AnkiLive(QObject):
    """The window's Anki-live commands; ``message`` carries every one-line result or failure.

    Dependencies are explicit: ``library`` is the window's locked facade
    (:class:`reader.ui.worker.LibraryLock`), ``ops`` its
    :class:`~reader.ui.ops.OpRunner`, ``popup`` the word popup (or None);
    ``get_setting``/``set_setting`` default to the library's.
    """

    message = Signal(str)  # one line for the status bar
    sent = Signal(object)  # reader.export.ankiconnect.SendResult of an add
    marked = Signal(str, object)  # word, True / False / None (unknown): the popup's mark
    browsed = Signal(object)  # the note ids shown in Anki's browser

    def __init__(self, library: Any, ops: Any, popup: Any = None, *, parent: QObject | None = None,
                 get_setting: Callable[[str, Any], Any] | None = None,
                 set_setting: Callable[[str, Any], None] | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.ops = ops
        self.popup = popup
        self._get = get_setting or (lambda key, default=None: self.library.get_setting(key, default))
        self._set = set_setting or self.library.set_setting
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # one AnkiConnect call at a time, off the window's pool
        self._sync: AnkiSync | None = None
        self._sync_for: LiveSettings | None = None
        self._marks: dict[tuple, bool] = {}  # (word, deck, scope) -> in Anki
        self._down_until = 0.0  # no mark checks until then (Anki did not answer)
        self._checking: str | None = None
        self._pending: str | None = None
        self.jobs: list = []  # running BackgroundTasks (tests wait on them)
        self._mark_timer = QTimer(self)
        self._mark_timer.setSingleShot(True)
        self._mark_timer.setInterval(MARK_DELAY_MS)
        self._mark_timer.timeout.connect(self._check_pending)
        self._raw: Any = None  # the stored setting, read once (a hover must not wait for the database)
        self._raw_read = False
        if popup is not None:
            self.attach_popup(popup)
        self.article_id: Callable[[], int | None] = lambda: None  # the window sets this (the article shown)

    def attach_popup(self, popup: Any) -> None:
        """The word popup (built on first use): its Anki button asks to add or to show."""
        self.popup = popup
        popup.anki_requested.connect(self.add_popup_word)
        popup.anki_show_requested.connect(self.show_popup_word)

    # -- settings -------------------------------------------------------------------------------

    def _stored(self) -> Any:
        if not self._raw_read:
            try:
                self._raw = self._get(SETTINGS_KEY, None)
            except DuizhaoError:
                self._raw = None
            self._raw_read = True
        return self._raw

    @property
    def settings(self) -> LiveSettings:
        return _ac().LiveSettings.from_json(self._stored())

    @property
    def enabled(self) -> bool:
        """Used or set up once (read without loading the Anki modules: every hover asks)."""
        raw = self._stored()
        return isinstance(raw, dict) and bool(raw.get("enabled"))

    def save_settings(self, settings: LiveSettings) -> None:
        self._raw, self._raw_read = settings.to_json(), True
        try:
            self._set(SETTINGS_KEY, self._raw)
        except DuizhaoError as exc:
            self.message.emit(f"Could not save the Anki settings: {exc}")
        self._marks.clear()
        self._down_until = 0.0

    def _enable(self) -> LiveSettings:
        settings = self.settings
        if not settings.enabled:
            from dataclasses import replace

            settings = replace(settings, enabled=True)
            self.save_settings(settings)
        return settings

    def _client(self, settings: LiveSettings) -> AnkiSync:
        """The AnkiSync for ``settings`` (kept while they stay the same: it remembers the note types)."""
        if self._sync is None or self._sync_for != settings:
            self._sync, self._sync_for = settings.sync(), settings
        return self._sync

    def _run(self, job: Callable[[], Any], done: Callable[[Any], None],
             failed: Callable[[BaseException], None]) -> None:
        def finished(task) -> None:
            if task in self.jobs:
                self.jobs.remove(task)

        task = run_in_background(lambda _progress: job(), done, failed, pool=self.pool)
        self.jobs.append(task)
        task.finished.connect(lambda: finished(task))

    @property
    def busy(self) -> bool:
        return bool(self.jobs)

    # -- the popup's mark ---------------------------------------------------------------------

    @staticmethod
    def popup_word(content) -> str | None:
        """The simplified form of the word a popup shows (None: nothing in the dictionary)."""
        if content is None or content.current < 0 or not content.matches:
            return None
        entries = content.matches[content.current].entries
        return entries[0].simplified if entries else content.word

    def word_shown(self, word: str | None) -> None:
        """The popup now shows ``word``: set its mark from what is known, and ask Anki after a short rest."""
        if self.popup is not None:
            self.popup.set_anki_state(None)
        if not word or not self.enabled:
            self._pending = None
            return
        settings = self.settings
        known = self._marks.get((word, settings.deck, settings.scope))
        if known is not None:
            self._show_mark(word, known)
            return
        self._pending = word
        if time.monotonic() >= self._down_until:
            self._mark_timer.start()

    def _show_mark(self, word: str, state: bool | None) -> None:
        if self.popup is not None and self.popup_word(self.popup.content) == word:
            self.popup.set_anki_state(state)
        self.marked.emit(word, state)

    def _check_pending(self) -> None:
        word, self._pending = self._pending, None
        if not word or self._checking is not None:
            self._pending = self._pending or word  # asked again once the running check ends
            return
        settings = self.settings
        try:
            sync = self._client(settings)
        except _ac().AnkiConnectError as exc:  # an address that is not this machine: say so once
            self._down_until = time.monotonic() + RETRY_AFTER
            self.message.emit(live_message(exc))
            return
        self._checking = word

        def done(state: bool) -> None:
            self._checking = None
            self._marks[(word, settings.deck, settings.scope)] = bool(state)
            self._show_mark(word, bool(state))
            if self._pending:
                self._mark_timer.start()

        def failed(exc: BaseException) -> None:
            self._checking = None
            # The mark is a nicety: a closed Anki is not reported on every hover, only on the actions.
            self._down_until = time.monotonic() + RETRY_AFTER
            self._show_mark(word, None)
            if isinstance(exc, _ac().PermissionRefused):
                self.message.emit(live_message(exc))

        self._run(lambda: _ac().word_in_anki(sync, word, settings.deck), done, failed)

    # -- adding -------------------------------------------------------------------------------

    def _saved_word(self, word: str):
        try:
            return next((w for w in self.library.words(query=word) if w.simplified == word), None)
        except DuizhaoError:
            return None

    def _save_span(self, article_id: int, start: int, end: int, word: str | None):
        """The saved word for ``zh[start:end]``: the one already in the vocabulary, else saved now (undoable)."""
        existing = self._saved_word(word) if word else None
        if existing is not None:
            return existing
        library = self.library
        return self.ops.run(Op("save word", lambda: library.save_word(article_id, start, end), Changes(words=True),
                               undo=lambda saved: lambda: library.delete_word(saved.id),
                               named=lambda saved: f"save {saved.simplified}"))

    def add_popup_word(self) -> None:
        """"Add to Anki" on the popup: the word (and its sentence as a cloze) into the running Anki."""
        content = self.popup.content if self.popup is not None else None
        article_id = self.article_id()
        word = self.popup_word(content)
        if content is None or word is None or article_id is None:
            self.message.emit("Point at a Chinese word first.")
            return
        self.add_word(article_id, content.start, content.end, word)

    def add_current(self, zh_selection, en_selection, sentence_of=None) -> None:
        """A (Add to Anki): the selection (Chinese, then English) if any, else the popup's word."""
        article_id = self.article_id()
        if article_id is not None and zh_selection:
            self.add_selection(article_id, "zh", *zh_selection, sentence_of=sentence_of)
        elif article_id is not None and en_selection:
            self.add_selection(article_id, "en", *en_selection)
        else:
            self.add_popup_word()

    def add_word(self, article_id: int, start: int, end: int, word: str | None = None) -> None:
        """Save ``zh[start:end]`` if needed and send its word note (and sentence cloze) to Anki."""
        saved = self._save_span(article_id, start, end, word)
        if saved is None:
            return  # the OpRunner reported why
        settings = self._enable()
        self._send(settings, saved.simplified, word_ids=[saved.id], words=True, sentences=settings.sentence,
                   passages=False, mark=saved.simplified)

    def add_selection(self, article_id: int, side: str, start: int, end: int, *, sentence_of=None,
                      as_passage: bool | None = None) -> None:
        """A selection to Anki: inside one Chinese sentence as a cloze of that sentence, else as a passage.

        ``sentence_of(offset)`` (the Chinese pane's ``sentence_at``) tells whether the selection
        stays in one sentence; ``as_passage`` forces the choice.
        """
        if end <= start:
            self.message.emit("Select some text first.")
            return
        if as_passage is None:
            one_sentence = sentence_of is not None and sentence_of(start) == sentence_of(end - 1) >= 0
            as_passage = side != "zh" or not one_sentence or end - start > MAX_CLOZE
        if not as_passage:
            if side != "zh":
                self.message.emit("A cloze is made from Chinese text: select it in the Chinese pane.")
                return
            saved = self._save_span(article_id, start, end, None)
            if saved is None:
                return
            settings = self._enable()
            self._send(settings, f"the cloze of {saved.simplified}", word_ids=[saved.id], words=False,
                       sentences=True, passages=False)
            return
        annotation = self._highlight(article_id, side, start, end)
        if annotation is None:
            return
        settings = self._enable()
        quote = annotation.quote if len(annotation.quote) <= 12 else annotation.quote[:11] + "…"
        self._send(settings, f"the passage {quote}", annotation_uuids=[annotation.uuid], words=False,
                   sentences=False, passages=True)

    def _highlight(self, article_id: int, side: str, start: int, end: int):
        """The highlight on exactly this span, else a new one (undoable; it carries the passage's note)."""
        try:
            for ann in self.library.annotations(article_id):
                if ann.side == side and ann.start == start and ann.end == end and not ann.deleted:
                    return ann
        except DuizhaoError as exc:
            self.message.emit(str(exc))
            return None
        library = self.library
        return self.ops.run(Op("highlight", lambda: library.add_annotation(article_id, side, start, end),
                               Changes(annotations=True),
                               undo=lambda ann: lambda: library.delete_annotation(ann.uuid)))

    def _send(self, settings: LiveSettings, what: str, *, mark: str | None = None, **options) -> None:
        try:
            sync = self._client(settings)
        except _ac().AnkiConnectError as exc:
            self.message.emit(live_message(exc, what))
            return
        library = self.library
        self.message.emit(f"Sending {what} to Anki…")

        def job():
            # Through the locked facade call by call: the lock is never held while Anki answers.
            return _ac().send_library(library, sync, audio=settings.audio, deck=settings.deck, **options)

        def done(result) -> None:
            if mark:
                self._marks[(mark, settings.deck, settings.scope)] = True
                self._down_until = 0.0
                self._show_mark(mark, True)
            self.sent.emit(result)
            self.message.emit(self._summary(what, result, settings))

        def failed(exc: BaseException) -> None:
            self.message.emit(live_message(exc, what[:1].upper() + what[1:]))

        self._run(job, done, failed)

    @staticmethod
    def _summary(what: str, result, settings: LiveSettings) -> str:
        if not result.total and not result.skipped:
            return f"Nothing to send for {what}."
        parts = []
        if result.added:
            parts.append(f"{result.added} added")
        if result.updated:
            parts.append(f"{result.updated} updated")
        if result.skipped:
            parts.append(f"{result.skipped} left alone (another note type has it)")
        if result.media:
            parts.append(f"{len(result.media)} audio files")
        return f"Anki ({settings.deck}): {what}: {', '.join(parts)}."

    # -- Show in Anki ---------------------------------------------------------------------------

    def show_popup_word(self) -> None:
        word = self.popup_word(self.popup.content if self.popup is not None else None)
        if word is None:
            self.message.emit("Point at a Chinese word first.")
            return
        self.show_word(word)

    def show_word(self, word: str) -> None:
        """Open Anki's browser on the word's notes (``guiBrowse nid:…``)."""
        settings = self._enable()
        try:
            sync = self._client(settings)
        except _ac().AnkiConnectError as exc:
            self.message.emit(live_message(exc))
            return

        def job():
            ids = _ac().word_note_ids(sync, word, settings.deck)
            if ids:
                sync.browse(ids)
            return ids

        def done(ids) -> None:
            self._marks[(word, settings.deck, settings.scope)] = bool(ids)
            self._show_mark(word, bool(ids))
            self.browsed.emit(list(ids))
            self.message.emit(f"{word} is shown in Anki's browser." if ids
                              else f"{word} is not in Anki as a Duizhao word yet (Add to Anki sends it).")

        self._run(job, done, lambda exc: self.message.emit(live_message(exc)))

    # -- settings dialog ------------------------------------------------------------------------

    def edit_settings(self, parent: QWidget | None = None) -> bool:
        """File → Anki settings…; True when they were changed."""
        dialog = AnkiSettingsDialog(parent, self.settings, self)
        if dialog.exec() != QDialog.Accepted:
            return False
        self.save_settings(dialog.values())
        self.message.emit("Anki settings saved.")
        return True

    def test_connection(self, settings: LiveSettings, report: Callable[[str], None]) -> None:
        """Ask Anki (with ``settings``, not yet saved) whether it answers; ``report`` gets one line."""
        try:
            sync = settings.sync()
        except _ac().AnkiConnectError as exc:
            report(live_message(exc))
            return

        def job() -> str:
            found = sync.connect()
            decks = sync.client.deck_names()
            there = "" if settings.deck in decks else f"; the deck {settings.deck} is made on the first card"
            return f"Connected: {found}, {len(decks)} decks{there}."

        self._run(job, report, lambda exc: report(live_message(exc)))


class AnkiSettingsDialog(QDialog):
    """The address, API key, deck, duplicate scope and audio for Anki live."""

    def __init__(self, parent: QWidget | None, settings: LiveSettings, live: AnkiLive | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Anki settings")
        self._base = settings
        self.url = QLineEdit(settings.url, self)
        self.url.setPlaceholderText(_ac().DEFAULT_URL)
        self.key = QLineEdit(settings.key, self)
        self.key.setEchoMode(QLineEdit.Password)
        self.key.setPlaceholderText("only if AnkiConnect is set to require one")
        self.deck = QLineEdit(settings.deck, self)
        self.scope = QComboBox(self)
        for value, label in SCOPE_LABELS.items():
            self.scope.addItem(label, value)
        self.scope.setCurrentIndex(list(SCOPE_LABELS).index(settings.scope))
        self.sentence = QCheckBox("A word goes with its sentence as a cloze card", self)
        self.sentence.setChecked(settings.sentence)
        self.audio = QCheckBox("Audio on the cards (spoken offline)", self)
        self.audio.setChecked(settings.audio)
        self.status = QLabel("Duizhao talks only to Anki on this computer (AnkiConnect add-on).", self)
        self.status.setWordWrap(True)
        self.test_button = QPushButton("Test connection", self)
        form = QFormLayout()
        form.addRow("AnkiConnect address", self.url)
        form.addRow("API key", self.key)
        form.addRow("Deck for new cards", self.deck)
        form.addRow("Already in Anki means", self.scope)
        form.addRow("", self.sentence)
        form.addRow("", self.audio)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.test_button)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, parent=self)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.buttons)
        self._live = live
        if live is not None:
            self.test_button.clicked.connect(self._test)
        else:
            self.test_button.hide()
        self.resize(560, self.sizeHint().height())

    def _test(self) -> None:
        if self._live is not None:
            self.status.setText("Asking Anki…")
            self._live.test_connection(self.values(), self.status.setText)

    def values(self) -> LiveSettings:
        from dataclasses import replace

        return replace(self._base, url=self.url.text().strip() or _ac().DEFAULT_URL, key=self.key.text().strip(),
                       deck=self.deck.text().strip() or self._base.deck, scope=self.scope.currentData(),
                       sentence=self.sentence.isChecked(), audio=self.audio.isChecked(), enabled=True)

    def _accept(self) -> None:
        try:
            _ac().loopback_url(self.url.text())
        except _ac().AnkiConnectError as exc:
            self.status.setText(str(exc))
            return
        self.accept()
