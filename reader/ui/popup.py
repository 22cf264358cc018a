"""The hover popup: a styled frameless window describing one segmented word.

Shows the word large in simplified and traditional forms, pinyin in tone
colours, every dictionary entry found at that position (longest match
first), HSK levels and a per-character breakdown, with Save word / Copy
buttons.  Building it is string formatting over data already looked up,
so it appears within one frame.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from reader.ui.safe_text import RichLabel
from reader.ui.tones import colored_syllables_html, escape

# Caps that keep the card well inside a screen (it must fit beside the text, not cover it).
_MAX_SENSES = 6
_MAX_OTHER_SENSES = 2
_MAX_ENTRIES = 4
_MAX_OTHER_ENTRIES = 2
_MAX_OTHER_MATCHES = 2


@dataclass(frozen=True)
class PopupContent:
    """What the popup shows: the matches at a position and which one is current."""

    word: str  # the segmented word
    start: int
    end: int
    matches: tuple  # reader.text.dictionary.Match, longest first
    current: int  # index into matches of the match shown on top (-1: none found)
    breakdown: tuple  # ((char, tuple[Entry]), ...) for words of two or more characters
    word_pinyin: str | None = None  # the context pinyin of the token, used when the dictionary has nothing
    info: object | None = None  # reader.learning.WordInfo of the token: status, frequency rank, senses in context


def _hsk(entry) -> str:
    parts = []
    if entry.hsk3:
        parts.append(f"HSK 3.0 · {'7–9' if entry.hsk3 >= 7 else entry.hsk3}")
    if entry.hsk2:
        parts.append(f"HSK 2.0 · {entry.hsk2}")
    return " &nbsp; ".join(parts)


#: How the popup names a status.
STATUS_LABELS = {"new": "New", "learning": "Learning", "known": "Known", "ignored": "Ignored"}


def _learner_line(info, muted: str) -> str:
    """Status and frequency rank of the token (its HSK levels are on each entry)."""
    status = STATUS_LABELS.get(info.status, info.status)
    if info.rank:
        rank = f"frequency rank {info.rank:,}"
    else:
        rank = "not among the 50,000 most frequent words"
    return f'<div style="color:{muted}; font-size:9pt">{escape(status)} · {rank}</div>'


def _in_context(match, info):
    """The match's entries with the sense the English uses first (when the token is this match's word)."""
    if info is None or info.matched is None or match.word != info.word:
        return match.entries, False
    mine = sorted((e.simplified, e.pinyin_numbers) for e in match.entries)
    if mine != sorted((e.simplified, e.pinyin_numbers) for e in info.entries):
        return match.entries, False
    return info.entries, True


#: How far :func:`popup_html` shortens a card that would not fit beside the word: (other matches
#: spelled out, entries of the word, senses per entry, character breakdown "full"/"line"/"none").
COMPACT_LEVELS = (
    (_MAX_OTHER_MATCHES, _MAX_ENTRIES, _MAX_SENSES, "full"),
    (0, _MAX_ENTRIES, 4, "full"),
    (0, 2, 3, "line"),
    (0, 1, 2, "none"),
)


def popup_html(content: PopupContent, scheme: str = "pleco", dark: bool = False, tones: bool = True,
               compact: int = 0) -> str:
    """The popup body as Qt rich text.

    ``compact`` (an index into :data:`COMPACT_LEVELS`) shortens the card step by step for a small
    window: other matches only named ("also … (M)"), fewer senses, the characters on one line.
    Nothing becomes unreachable: M still steps through every match, and "… N more" counts the rest.
    """
    max_other_matches, max_entries, max_senses, breakdown = COMPACT_LEVELS[compact]
    muted = "#9aa0a6" if dark else "#6b7075"
    accent = "#3d7bd9" if not dark else "#8ab4f8"
    out = []
    if content.current < 0 or not content.matches:
        out.append(f'<div style="font-size:30pt">{escape(content.word)}</div>')
        if content.word_pinyin:
            out.append(f'<div style="font-size:14pt">{escape(content.word_pinyin)}</div>')
        out.append(f'<p style="color:{muted}">Not in the dictionary.</p>')
        return "".join(out)
    match = content.matches[content.current]
    first = match.entries[0]
    big = escape(first.simplified)
    if first.traditional and first.traditional != first.simplified:
        big += f' <span style="color:{muted}">{escape(first.traditional)}</span>'
    out.append(f'<div style="font-size:30pt">{big}</div>')
    if content.info is not None:
        out.append(_learner_line(content.info, muted))
    # Single characters of the word are in the breakdown below: listing them again would double the card.
    others = [i for i, m in enumerate(content.matches)
              if i != content.current and not (content.breakdown and len(m.word) == 1)]
    listed = set(others[:max_other_matches])
    for m_index, m in enumerate(content.matches):
        shown = m_index == content.current
        if not shown and m_index not in listed:
            continue
        if not shown:
            out.append(f'<div style="margin-top:8px; color:{accent}; font-size:14pt">{escape(m.word)}</div>')
        entries, in_context = _in_context(m, content.info) if shown else (m.entries, False)
        shown_entries = entries[:max_entries if shown else _MAX_OTHER_ENTRIES]
        for e_index, entry in enumerate(shown_entries):
            syllables = entry.pinyin_numbers.split()
            pinyin = colored_syllables_html(syllables, scheme, dark, enabled=tones, separator="")
            hsk = _hsk(entry)
            head = f'<span style="font-size:{15 if shown else 12}pt">{pinyin}</span>'
            if entry.traditional != entry.simplified and not shown:
                head += f' <span style="color:{muted}">{escape(entry.traditional)}</span>'
            if hsk:
                head += f' &nbsp;<span style="color:{muted}; font-size:9pt">{hsk}</span>'
            out.append(f"<div>{head}</div>")
            # Plain numbered lines: Qt lays out <ol> and <table> several times slower,
            # and the popup must be ready within one frame.
            senses = entry.senses[: max_senses if shown else _MAX_OTHER_SENSES]
            more = len(entry.senses) - len(senses)
            lines = [f"{n}. {escape(s)}" for n, s in enumerate(senses, start=1)]
            if in_context and e_index == 0 and lines:
                # the sense the aligned English uses, first: say so and by which English word
                english = content.info.matched.english
                lines[0] += (f' <span style="color:{accent}">← “{escape(english)}” in the English</span>')
            if more > 0:
                lines.append(f'<span style="color:{muted}">… {more} more</span>')
            out.append(f'<div style="margin-left:10px; margin-bottom:4px">{"<br>".join(lines)}</div>')
            if entry.classifiers and shown:
                out.append(f'<div style="color:{muted}">measure word: {escape(", ".join(entry.classifiers))}</div>')
        if shown and len(entries) > len(shown_entries):
            out.append(f'<div style="color:{muted}">… {len(entries) - len(shown_entries)} more readings</div>')
    unlisted = [content.matches[i].word for i in others[max_other_matches:]]
    if unlisted:
        out.append(f'<div style="color:{accent}">also {escape(" · ".join(unlisted))} (M)</div>')
    if content.breakdown and breakdown == "line":
        parts = []
        for char, entries in content.breakdown:
            pinyin = (colored_syllables_html(entries[0].pinyin_numbers.split(), scheme, dark, enabled=tones)
                      if entries else "")
            parts.append(f'<span style="font-size:12pt">{escape(char)}</span> {pinyin}')
        out.append(f'<div style="margin-top:4px">{" &nbsp;·&nbsp; ".join(parts)}</div>')
    elif content.breakdown and breakdown == "full":
        rows = []
        for char, entries in content.breakdown:
            if entries:
                e = entries[0]
                pinyin = colored_syllables_html(e.pinyin_numbers.split(), scheme, dark, enabled=tones)
                gloss = escape("; ".join(e.senses[:2]))
            else:
                pinyin, gloss = "", ""
            rows.append(f'<span style="font-size:14pt">{escape(char)}</span> {pinyin} '
                        f'<span style="color:{muted}">{gloss}</span>')
        out.append(f'<div style="margin-top:6px; color:{muted}; font-size:9pt">CHARACTERS</div>'
                   f'<div>{"<br>".join(rows)}</div>')
    if len(content.matches) > 1 and compact < 2:
        out.append(f'<div style="color:{muted}; font-size:9pt; margin-top:4px">M: shorter match · Enter: pin · S: save</div>')
    return "".join(out)


def place_popup(size: QSize, anchor: QRect, area: QRect, avoid=(), prefer: QRect | None = None,
                gap: int = 6) -> QPoint:
    """Top-left corner for a popup of ``size``: :func:`popup_spot` without its overlap."""
    return popup_spot(size, anchor, area, avoid, prefer, gap)[0]


def popup_spot(size: QSize, anchor: QRect, area: QRect, avoid=(), prefer: QRect | None = None,
               gap: int = 6) -> tuple[QPoint, int]:
    """Top-left corner, and how much it overlaps (0: clear), for a popup of ``size`` for a popup of ``size`` describing the word at ``anchor``.

    Never over the word itself nor over any rectangle in ``avoid`` (the
    partner English sentence the hover lights), always inside ``area`` (the
    screen).  Preferred spots, in order: below the word, then above it (a
    spot that would leave the screen flips rather than slides), kept inside
    ``prefer`` (the Chinese pane) horizontally when it is wide enough, else
    right- or left-aligned to the word or clear of the partner; then above
    or below the partner; then beside the word.  When nothing fits, the
    spot overlapping the least (the word counts most): its overlap is in
    pixels, the word's weighted 100 times.
    """
    w, h = size.width(), size.height()

    def inside(x: int, y: int) -> QPoint:
        x = min(max(x, area.left()), area.right() - w + 1)
        y = min(max(y, area.top()), area.bottom() - h + 1)
        return QPoint(x, y)

    xs = []
    if prefer is not None:
        xs.append(min(max(anchor.left(), prefer.left()), prefer.right() - w + 1))
    xs += [anchor.left(), anchor.right() - w + 1]
    for rect in avoid:
        xs += [rect.left() - gap - w, rect.right() + gap + 1]
    candidates = []
    ys = [anchor.bottom() + gap + 1, anchor.top() - gap - h]
    ys += [y for rect in avoid for y in (rect.bottom() + gap + 1, rect.top() - gap - h)]
    for y in ys:
        if area.top() <= y and y + h - 1 <= area.bottom():  # off the screen: flip rather than slide onto the word
            candidates += [inside(x, y) for x in xs]
    for y in (anchor.top() - h // 3, anchor.bottom() - h + h // 3):
        candidates += [inside(anchor.right() + gap + 1, y), inside(anchor.left() - gap - w, y)]

    def cost(point: QPoint) -> int:
        rect = QRect(point, size)
        total = 0
        for weight, other in ((100, anchor), *((1, r) for r in avoid)):
            common = rect.intersected(other)
            if not common.isEmpty():
                total += weight * common.width() * common.height()
        return total

    best, best_cost = candidates[0], -1
    for point in candidates:
        c = cost(point)
        if c == 0:
            return point, 0
        if best_cost < 0 or c < best_cost:
            best, best_cost = point, c
    return best, best_cost


class WordPopup(QFrame):
    """The floating word card; ``show_content`` places and fills it."""

    save_requested = Signal()
    #: a status button: "new", "learning", "known" or "ignored" for the word shown
    status_requested = Signal(str)
    copy_requested = Signal()
    anki_requested = Signal()  # "Add to Anki" (reader.ui.anki_live)
    anki_show_requested = Signal()  # "Show in Anki": the word is already there
    speak_requested = Signal()  # "Say it": read the word aloud (reader.ui.read_aloud)

    #: Width of the text; narrower (down to MIN_TEXT_WIDTH) when the Chinese pane is narrow.
    MAX_TEXT_WIDTH = 400
    MIN_TEXT_WIDTH = 260

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.ToolTip | Qt.FramelessWindowHint)
        self.setAttribute(Qt.WA_ShowWithoutActivating)
        self.setObjectName("WordPopup")
        self.setFrameShape(QFrame.StyledPanel)
        self.content: PopupContent | None = None
        self.pinned = False
        self._html: dict[tuple, str] = {}  # card HTML by word, match and style: built once per word
        self._sizes: dict[tuple, dict[int, QSize]] = {}  # card size by full card and width, per level
        self._compact = 0  # how far the card shown is shortened (an index into COMPACT_LEVELS)
        # Rich text built from escaped strings, in a label that loads no resource (see reader.ui.safe_text).
        self.label = RichLabel(self)
        # A fixed width: the rich-text layout is then computed once per word (height for width).
        self.label.setFixedWidth(self.MAX_TEXT_WIDTH)
        self.save_button = QPushButton("Save word (S)", self)
        self.copy_button = QPushButton("Copy", self)
        self.pin_label = QLabel("", self)
        self.speak_button = QPushButton("Say it", self)  # words, not 🔊: many systems have no emoji font
        self.speak_button.setToolTip("Read the word aloud (R)")
        self.anki_button = QPushButton("Add to Anki", self)
        self.anki_button.setToolTip("Send the word and its sentence to the running Anki (A)")
        self.anki_label = QLabel("", self)  # "✓ in Anki" once Anki says the word is there
        self.anki_state: bool | None = None
        self.save_button.clicked.connect(self.save_requested)
        self.copy_button.clicked.connect(self.copy_requested)
        self.speak_button.clicked.connect(self.speak_requested)
        self.anki_button.clicked.connect(
            lambda: (self.anki_show_requested if self.anki_state else self.anki_requested).emit())
        buttons = QHBoxLayout()
        buttons.addWidget(self.pin_label)
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(self.label)
        # the word's status, one click (the keys U, L, K, I in the text do the same)
        statuses = QHBoxLayout()
        statuses.setSpacing(2)
        self.status_buttons: dict[str, QPushButton] = {}
        for status, key in (("new", "U"), ("learning", "L"), ("known", "K"), ("ignored", "I")):
            button = QPushButton(STATUS_LABELS[status], self)
            button.setCheckable(True)
            button.setFlat(True)
            button.setToolTip(f"Mark the word {status} ({key})")
            button.clicked.connect(lambda _c=False, s=status: self.status_requested.emit(s))
            statuses.addWidget(button)
            self.status_buttons[status] = button
        statuses.addStretch(1)
        layout.addLayout(statuses)
        layout.addLayout(buttons)
        # Anki and read aloud on a row of their own: one row of five buttons is wider than a narrow card.
        live = QHBoxLayout()
        live.addWidget(self.anki_label)
        live.addStretch(1)
        live.addWidget(self.speak_button)
        live.addWidget(self.anki_button)
        layout.addLayout(live)
        # Leaving the word hides the popup after a short grace, so the mouse can reach the buttons.
        self.hide_timer = QTimer(self)
        self.hide_timer.setSingleShot(True)
        self.hide_timer.setInterval(350)
        self.hide_timer.timeout.connect(self._maybe_hide)

    def apply_style(self, dark: bool) -> None:
        bg, fg, border = ("#24272b", "#e8eaed", "#5f6368") if dark else ("#fffdf7", "#202124", "#c9c3b3")
        self.setStyleSheet(
            f"#WordPopup {{ background:{bg}; color:{fg}; border:1px solid {border}; border-radius:8px; }}"
            f"#WordPopup QLabel, #WordPopup QTextBrowser {{ color:{fg}; background:transparent; border:none; }}"
            # the status buttons: flat, the word's status underlined in the accent colour
            f"#WordPopup QPushButton[flat=\"true\"] {{ color:{fg}; padding:1px 6px; border:none; }}"
            f"#WordPopup QPushButton[flat=\"true\"]:checked {{ font-weight:bold; border-bottom:2px solid "
            f"{'#8ab4f8' if dark else '#3d7bd9'}; }}"
        )

    def show_content(self, content: PopupContent, anchor: QRect, *, scheme: str, dark: bool, tones: bool,
                     font_family: str | None = None, avoid=(), prefer: QRect | None = None) -> None:
        """Fill the popup and place it by :func:`place_popup` (all rectangles in global coordinates).

        With ``prefer`` (the Chinese pane) the popup is made narrow enough to fit in it when possible.
        """
        self.hide_timer.stop()
        if prefer is not None:
            margins = self.layout().contentsMargins()
            room = prefer.width() - margins.left() - margins.right() - 8
            width = max(self.MIN_TEXT_WIDTH, min(self.MAX_TEXT_WIDTH, room))
            if width != self.label.width():
                self.label.setFixedWidth(width)
        self.content = content
        self.save_button.setEnabled(content.current >= 0)
        self.anki_button.setEnabled(content.current >= 0)
        self.pin_label.setText("📌 pinned" if self.pinned else "")
        self.show_status(getattr(content.info, "status", None))
        screen = QGuiApplication.screenAt(anchor.center()) or QGuiApplication.primaryScreen()
        area = screen.availableGeometry() if screen else QRect(0, 0, 4000, 4000)
        full = self._body(content, scheme, dark, tones, font_family)
        if len(self._sizes) > 2000:
            self._sizes.clear()
        sizes = self._sizes.setdefault((full, self.label.width()), {})
        # A card too tall for the room beside the word (a long word, a small window) is shortened
        # step by step until it sits clear of the word and its partner, rather than covering them.
        # The rich-text layout is the costly part: each level's size is kept, so a word hovered
        # again is laid out once, at the level that fits.
        previous = None
        for level in range(len(COMPACT_LEVELS)):
            body = full if level == 0 else self._body(content, scheme, dark, tones, font_family, level)
            if body == previous:
                continue
            previous = body
            size = sizes.get(level)
            if size is None:
                self._set_label(body)
                size = sizes[level] = self.size()
            point, overlap = popup_spot(size, anchor, area, avoid, prefer)
            if overlap == 0:
                break
        self._compact = level
        self._set_label(body)
        self.move(point)
        if not self.isVisible():
            self.show()
        self.raise_()

    def _body(self, content: PopupContent, scheme: str, dark: bool, tones: bool, font_family: str | None,
              compact: int = 0) -> str:
        """The card's rich text, built once per word, style and compaction."""
        info = content.info
        key = (content.start, content.end, content.current, content.word, scheme, dark, tones, font_family,
               (info.status, info.rank, info.matched) if info is not None else None, compact)
        body = self._html.get(key)
        if body is None:
            body = popup_html(content, scheme, dark, tones, compact)
            if font_family:
                family = escape(font_family.replace("'", "").replace("\\", ""))
                body = f'<div style="font-family:\'{family}\'">{body}</div>'
            if len(self._html) > 2000:
                self._html.clear()
            self._html[key] = body
        return body

    def _set_label(self, body: str) -> None:
        """Show ``body`` and fit the card to it (laid out only when it changed or the card was hidden)."""
        if body != self.label.text():
            self.label.setText(body)
            self.adjustSize()
        elif not self.isVisible():
            self.adjustSize()

    def set_anki_state(self, state: bool | None) -> None:
        """The word is in Anki (True: the mark, and the button shows it there), not (False) or unknown (None)."""
        self.anki_state = state
        self.anki_label.setText('<span style="color:#2e9e5b">✓ in Anki</span>' if state else "")
        self.anki_button.setText("Show in Anki" if state else "Add to Anki")
        self.anki_button.setToolTip("Open the word's note in Anki's browser" if state
                                    else "Send the word and its sentence to the running Anki (A)")

    def show_status(self, status: str | None) -> None:
        """Check the status button of the word shown (None: no status buttons, e.g. a name or no article)."""
        for name, button in self.status_buttons.items():
            button.setVisible(status is not None)
            button.setChecked(name == status)

    def set_pinned(self, pinned: bool) -> None:
        self.pinned = pinned
        self.pin_label.setText("📌 pinned" if pinned else "")

    def request_hide(self) -> None:
        """Hide soon unless pinned or the mouse is on the popup."""
        if not self.pinned and self.isVisible():
            self.hide_timer.start()

    def _maybe_hide(self) -> None:
        if not self.pinned and not self.underMouse():
            self.hide()

    def enterEvent(self, event) -> None:  # Qt override
        self.hide_timer.stop()
        super().enterEvent(event)

    def leaveEvent(self, event) -> None:  # Qt override
        super().leaveEvent(event)
        self.request_hide()

    def hideEvent(self, event) -> None:  # Qt override
        self.pinned = False
        super().hideEvent(event)
