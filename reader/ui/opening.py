"""Opening articles: files, pasted text, stored articles, an English version; their previews and recent files.

Every opening runs on a worker (:meth:`MainWindow.run_job`); a preview (the
stored or freshly read clean text, never a raw page) is shown meanwhile.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from reader.errors import InputError, NoChineseText
from reader.ui.files import display_name, open_problem, recover_path
from reader.ui.safe_text import display_path, message_box, one_line, tooltip, window_title
from reader.ui.startup import APP_TITLE, PLACEHOLDER

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow

OPEN_FILTER = "Articles (*.html *.htm *.xhtml *.xht *.shtml *.mhtml *.mht *.txt);;All files (*)"
MAX_RECENT = 10


class OpeningController:
    """Opens what the reader asks for and shows its preview until the analysed article replaces it."""

    def __init__(self, window: MainWindow) -> None:
        self.w = window
        self._welcome_pending = False
        self._previewing = False  # a preview is shown (no analysed article yet)
        self._read_first = None  # a reader.library.ReadTexts read before the Library attached (read_first)

    def open_paths(self, paths: list[str], *, welcome: bool = False) -> None:
        """Open a Chinese file and optionally its English version (worker thread).

        More than two files (a desktop's "Open with" on a selection): the
        first two are opened and the window says so.
        """
        paths = [recover_path(str(p)) for p in paths if p]
        if not paths or not self.w._idle():
            return
        if len(paths) > 2:
            names = ", ".join(display_name(p) for p in paths[2:])
            self.w.notice(f"Duizhao opens one article and its English version at a time: opened "
                        f"{display_name(paths[0])} and {display_name(paths[1])}; not opened: {names}.")
            paths = paths[:2]
        for path in paths:  # stat only: a FIFO or a device is never opened (it would hang or never end)
            problem = open_problem(path)
            if problem is not None:
                self.w._show_error(InputError(problem))
                return
        zh_path = paths[0]
        en_path = paths[1] if len(paths) > 1 else None
        self._welcome_pending = welcome and not self.w.setting("welcome_shown", False)
        shown = self._preview_files(zh_path, en_path)
        # A new file: its preview (the clean text) is shown as soon as the worker has read it (before analysis and
        # alignment); the signal hops to the GUI thread.  Never its raw text (see _preview_files).
        texts = _TextsRead(self.w)
        texts.read.connect(lambda title, zh, en: self._show_read_preview(title or Path(zh_path).name, zh, en))
        on_text = None if shown else texts.read.emit
        read, self._read_first = self._read_first, None
        # Files read by read_first are not read again (only when they are the ones opened now).
        extra = {"read": read} if read is not None and (read.path, read.english) == (zh_path, en_path) else {}
        self.w.run_job(f"Opening {display_name(zh_path)}…",
                  lambda progress: self.w.library.unlocked.open_article(zh_path, english=en_path, progress=progress,
                                                         on_text=on_text, **extra),
                  lambda view: (texts.deleteLater(), self._opened(view, [zh_path] + ([en_path] if en_path else []))),
                  lambda exc: (texts.deleteLater(), self._open_failed(exc, zh_path if not en_path else None)))

    def _show_read_preview(self, title: str, zh_text: str, en_text: str) -> None:
        """The preview of a file being opened (its clean text, read by the worker), until its analysis replaces it."""
        if not self.w.ops.busy or not self._previewing:
            return  # the job ended first (its result is shown) or another view took over
        self.w.zh.setPlaceholderText(PLACEHOLDER)
        self._show_preview(title, zh_text, en_text)

    def _preview_files(self, zh_path: str, en_path: str | None) -> bool:
        """Show a preview at once while the worker reads, analyses and aligns (True: a preview is shown).

        A file already in the library: its stored, cleaned text (one cheap
        query).  A new file: never its raw text (a scraped page's navigation
        and copyright would flash up); the progress bar, and an "Opening…"
        note when the window is empty.  An article being read stays shown.
        """
        read = self._read_first
        if read is not None and (read.path, read.english) == (zh_path, en_path) and read.zh_text.strip():
            self._show_preview(read.title or Path(zh_path).name, read.zh_text, read.en_text)
            return True  # read_first showed it already (a no-op then)
        stored = self.w.stored_text(path=zh_path)
        if stored is not None:
            _id, title, zh_text, en_text = stored
            self._show_preview(title or Path(zh_path).name, zh_text, en_text)
            return True
        if self.w.view is None:
            self._show_opening(Path(zh_path).name)
        return False

    def _show_preview(self, title: str, zh_text: str, en_text: str) -> None:
        """Show the preview: plain text, read-only, until the analysed article replaces it."""
        self.w.setWindowTitle(window_title(title, self.w.app_title, " (opening…)"))
        self.w.stack.setCurrentIndex(0)
        self._previewing = True
        if self.w.view is None and self.w.zh.analyzed is None and self.w.zh.text == zh_text and self.w.en.text == en_text:
            return  # already shown (start-up shows it before the window appears)
        self.w.view = None
        self.w._hide_popup()
        if self.w._sidebar is not None:
            self.w._sidebar.set_annotations([])
        self.w.zh.show_preview(zh_text)
        self.w.en.show_preview(en_text)

    def _show_opening(self, name: str) -> None:
        self.w._hide_popup()
        self.w.zh.show_preview("")
        self.w.en.show_preview("")
        self.w.zh.setPlaceholderText(f"Opening {one_line(display_path(name), 120)}…")
        self.w.setWindowTitle(window_title(display_path(name), self.w.app_title, " (opening…)"))
        self.w.stack.setCurrentIndex(0)
        self._previewing = True

    def _open_failed(self, exc: BaseException, path: str | None = None) -> None:
        self.w.zh.setPlaceholderText(PLACEHOLDER)
        if self._previewing and self.w.view is None:
            self.w.zh.clear()
            self.w.en.clear()
            self.w.setWindowTitle(self.w.app_title)
        self._previewing = False
        if self.w.view is not None and path and _is_english_only(exc):
            self.offer_as_english(path)
            return
        self.w._show_error(exc)

    def offer_as_english(self, path: str) -> bool:
        """An English-only page opened while an article is shown: ask to add it as that article's English."""
        title = one_line(self.w.view.info.title or "this article", 120)
        question = (f"{display_name(path)} has no Chinese text. Add it as the English version of “{title}”?")
        if self.w.quiet:
            answer = self.w.english_answer  # tests and the smoke test answer for the user
        else:
            answer = message_box(self.w, APP_TITLE, question, icon="question") == QMessageBox.Yes
        if answer:
            self.add_english(path=path)
        else:
            self.w.statusBar().showMessage(f"{display_name(path)} has no Chinese text to read.", 6000)
        return answer

    def _opened(self, view, paths: list[str]) -> None:
        self.w.zh.setPlaceholderText(PLACEHOLDER)
        self._remember_recent(paths)
        self.w.reading.show_article(view)
        if self.w.last_notice:
            self.w.notice(self.w.last_notice)  # the job's progress messages replaced it

    def open_article_id(self, article_id: int, quiet_failure: bool = False) -> None:
        """Open a stored article (``quiet_failure``: only a status message if it is gone, as at start-up)."""
        if not self.w._idle():
            return

        stored = self.w.stored_text(article_id)
        if stored is not None:
            self._show_preview(stored[1] or "Untitled", stored[2], stored[3])

        def failed(exc: BaseException) -> None:
            if self._previewing and self.w.view is None:
                self.w.zh.clear()
                self.w.en.clear()
                self.w.setWindowTitle(self.w.app_title)
                self._previewing = False
            if quiet_failure:
                self.w.statusBar().showMessage(f"Could not reopen the last article: {exc}", 8000)
            else:
                self.w._show_error(exc)

        self.w.run_job("Opening…", lambda _p: self.w.library.unlocked.article(article_id), self.w.reading.show_article, failed)

    def choose_and_open(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self.w, "Open an article (optionally with its English version)",
                                                self._last_dir(), OPEN_FILTER)
        if files:
            self.open_paths(files)  # more than two: the first two, with a notice

    def _last_dir(self) -> str:
        recent = self.w.setting("recent_files", [])
        if recent and isinstance(recent[0], list) and recent[0]:
            return str(Path(recent[0][0]).parent)
        return str(Path.home())

    def paste_article(self) -> None:
        from reader.ui.dialogs import PasteDialog  # (the dialogs load on first use: start-up speed)

        dialog = PasteDialog(self.w, "New article from pasted text", with_english=True)
        if dialog.exec() != QDialog.Accepted:
            return
        zh, en, title = dialog.values()
        if zh.strip():
            self.open_text(zh, en or None, title or None)

    def open_text(self, zh: str, en: str | None = None, title: str | None = None) -> None:
        """Open pasted Chinese (and English) text as an article (worker thread)."""
        if not self.w._idle():
            return
        self.w.run_job("Analysing the pasted text…", lambda _p: self.w.library.unlocked.open_text(zh, en, title), self.w.reading.show_article)

    def choose_english_file(self) -> None:
        if self.w.view is None:
            return
        path, _ = QFileDialog.getOpenFileName(self.w, "English version", self._last_dir(), OPEN_FILTER)
        if path:
            self.add_english(path=path)

    def paste_english(self) -> None:
        if self.w.view is None:
            return
        from reader.ui.dialogs import PasteDialog

        dialog = PasteDialog(self.w, "Paste the English version", with_english=False)
        if dialog.exec() == QDialog.Accepted and dialog.values()[0].strip():
            self.add_english(text=dialog.values()[0])

    def add_english(self, path: str | None = None, text: str | None = None) -> None:
        """Attach an English version to the open article (worker thread)."""
        if self.w.view is None:
            return
        if path is not None:
            path = recover_path(str(path))
            problem = open_problem(path)
            if problem is not None:
                self.w._show_error(InputError(problem))
                return
        article_id = self.w.view.id
        self.w.run_job("Aligning the English version…",
                  lambda progress: self.w.library.unlocked.add_english(article_id, path=path, text=text, progress=progress),
                  lambda view: self.w.reading.show_article(view, keep_position=True))

    def _remember_recent(self, paths: list[str]) -> None:
        entry = [str(Path(p).resolve()) for p in paths]
        recent = [r for r in self.w.setting("recent_files", []) if isinstance(r, list) and r and r != entry]
        recent.insert(0, entry)
        self.w._set_setting("recent_files", recent[:MAX_RECENT])
        self._rebuild_recent()

    def _rebuild_recent(self) -> None:
        self.w.recent_menu.clear()
        recent = [r for r in self.w.setting("recent_files", []) if isinstance(r, list) and r]
        for entry in recent:
            label = display_name(entry[0]) + (f"  +  {display_name(entry[1])}" if len(entry) > 1 and entry[1] else "")
            action = self.w.recent_menu.addAction(label.replace("&", "&&"))  # "&" marks a menu shortcut
            action.setToolTip(tooltip(" + ".join(display_path(e) for e in entry if e)))
            action.triggered.connect(lambda _c=False, e=entry: self.open_paths(e))
        self.w.recent_menu.setEnabled(bool(recent))


class _TextsRead(QObject):
    """Carries (title, zh_text, en_text) read by the worker to the GUI thread."""

    read = Signal(str, str, str)


def _is_english_only(exc: BaseException) -> bool:
    """The facade's refusal of a file without Chinese text (an English page opened on its own)."""
    return isinstance(exc, NoChineseText)
