"""Display settings of the reader window (persisted as one JSON object)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from reader.ui.tones import MODES, SCHEMES

#: Highlight colours 1–5 (keys 1–5), chosen to stay legible under both themes.
HIGHLIGHT_COLORS = ("#ffe066", "#8ce99a", "#74c0fc", "#faa2c1", "#ffc078")
HIGHLIGHT_NAMES = ("yellow", "green", "blue", "pink", "orange")


@dataclass(frozen=True)
class DisplaySettings:
    """Everything the View menu can change."""

    tone_mode: str = "characters"  # "off" | "pinyin" | "characters"
    tone_scheme: str = "pleco"  # see reader.ui.tones.SCHEMES
    traditional: bool = False
    ruby: bool = False  # pinyin above the characters
    ruby_hide_known: bool = True
    word_boundaries: bool = True
    mark_unknown: bool = True  # words not yet known marked once the reader has told some (reader.ui.learner)
    zh_family: str | None = None  # None: the preferred installed CJK family
    zh_size: float = 17.0
    en_size: float = 12.5
    theme: str = "system"  # "system" | "light" | "dark"
    swap_sides: bool = False
    vertical: bool = False
    hide_english: bool = False
    aligned_rows: bool = True  # each pair starts on the same line in both panes (reader.ui.rows)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> DisplaySettings:
        """Settings from stored JSON; unknown keys and bad values fall back to defaults."""
        default = cls()
        if not isinstance(data, dict):
            return default
        values = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            value, fallback = data[f.name], getattr(default, f.name)
            if isinstance(fallback, bool):
                ok = isinstance(value, bool)
            elif isinstance(fallback, float):
                ok = isinstance(value, (int, float)) and not isinstance(value, bool) and 6 <= value <= 72
            elif f.name == "zh_family":
                ok = value is None or isinstance(value, str)
            else:
                ok = isinstance(value, str)
            if ok:
                values[f.name] = float(value) if isinstance(fallback, float) else value
        settings = replace(default, **values)
        if settings.tone_mode not in MODES:
            settings = replace(settings, tone_mode=default.tone_mode)
        if settings.tone_scheme not in SCHEMES:
            settings = replace(settings, tone_scheme=default.tone_scheme)
        if settings.theme not in ("system", "light", "dark"):
            settings = replace(settings, theme="system")
        return settings
