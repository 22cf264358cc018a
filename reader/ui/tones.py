"""Tone colours: schemes and coloured pinyin HTML.

Three schemes: ``pleco`` (the default, red/green/blue/purple), ``zhongwen``
(red/orange/green/blue, as the Zhongwen browser extension) and
``colorblind`` (Okabe–Ito colours, safe for the common colour-vision
deficiencies).  Each has a light and a dark variant so both stay readable.
"""

from __future__ import annotations

from reader.text.pinyin_format import syllable_to_marks, tone_of
from reader.ui.safe_text import escape  # noqa: F401 - the one escaping rule (popup.py imports it from here)

#: scheme -> (light colours, dark colours), each indexed by tone 1..5 (5 = neutral).
SCHEMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "pleco": (
        ("#d00000", "#118800", "#0033dd", "#8800aa", "#6b6b6b"),
        ("#ff6b6b", "#6fd35f", "#74a7ff", "#d58cff", "#a8a8a8"),
    ),
    "zhongwen": (
        ("#e0342b", "#d97a00", "#2e8b2e", "#2255cc", "#6b6b6b"),
        ("#ff7a70", "#ffb454", "#7fd67f", "#7aa7ff", "#a8a8a8"),
    ),
    "colorblind": (
        ("#b36b00", "#007a5a", "#0064a8", "#b4448a", "#595959"),
        ("#e69f00", "#2fc79a", "#56b4e9", "#e08ac0", "#b0b0b0"),
    ),
}

#: Tone-colour modes: nothing, the pinyin only, or the characters too.
MODES = ("off", "pinyin", "characters")


def tone_color(tone: int, scheme: str = "pleco", dark: bool = False) -> str:
    """The ``#rrggbb`` colour of ``tone`` in ``scheme``."""
    light, night = SCHEMES.get(scheme, SCHEMES["pleco"])
    return (night if dark else light)[min(max(tone, 1), 5) - 1]


def colored_syllables_html(syllables: list[str], scheme: str = "pleco", dark: bool = False, enabled: bool = True,
                           separator: str = " ") -> str:
    """HTML for a list of syllables (tone-marked or numbered), each in its tone colour."""
    parts = []
    for syllable in syllables:
        shown = escape(syllable_to_marks(syllable))
        if enabled:
            parts.append(f'<span style="color:{tone_color(tone_of(syllable), scheme, dark)}">{shown}</span>')
        else:
            parts.append(shown)
    return separator.join(parts)

