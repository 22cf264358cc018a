"""An explicit CJK font, so Qt never falls back to Japanese glyph shapes.

With only Noto Sans CJK installed Qt's fallback picks the JP face, whose
shapes differ from mainland simplified Chinese (直, 骨, 户 ...).  We ask for
the SC face by name, then other simplified-Chinese families.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QFont, QFontDatabase

#: Families tried in order; the first installed one wins.
CJK_PREFERENCE = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
    "WenQuanYi Micro Hei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Microsoft YaHei",
    "Microsoft YaHei UI",
    "SimSun",
)


def choose_cjk_family(available: Iterable[str], preferred: str | None = None) -> str | None:
    """The CJK family to use among ``available`` (a user's ``preferred`` one first); None if none is installed."""
    installed = {name.casefold(): name for name in available}
    for name in ((preferred,) if preferred else ()) + CJK_PREFERENCE:
        found = installed.get(name.casefold())
        if found:
            return found
    return None


def cjk_family(preferred: str | None = None) -> str | None:
    """The CJK family installed here (needs a QGuiApplication)."""
    return choose_cjk_family(QFontDatabase.families(), preferred)


def cjk_font(point_size: float = 16.0, preferred: str | None = None) -> QFont:
    """A font for Chinese text: the chosen CJK family first, then the default UI family for anything else."""
    font = QFont()
    family = cjk_family(preferred)
    families = [family] if family else []
    families.append(QFont().defaultFamily())
    font.setFamilies(families)
    font.setPointSizeF(point_size)
    return font


def latin_font(point_size: float = 13.0, preferred: str | None = None) -> QFont:
    """A font for the English pane (CJK family as fallback for stray Chinese)."""
    font = QFont()
    families = [preferred] if preferred else []
    families.append(QFont().defaultFamily())
    family = cjk_family()
    if family:
        families.append(family)
    font.setFamilies(families)
    font.setPointSizeF(point_size)
    return font
