"""Light and dark palettes; "system" follows the platform's colour scheme."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from reader.ui.compat import Qt

#: Colours the panes use on top of the palette, per theme.
ACCENTS = {
    False: {"sentence": "#fff3bf", "partner": "#d3f9d8", "word": "#1c7ed6", "link": "#ffd8a8", "weak": "#c9803f",
            "find": "#ffa94d"},
    True: {"sentence": "#3b3a22", "partner": "#1f3d2a", "word": "#4dabf7", "link": "#5c3b12", "weak": "#b8895a",
           "find": "#8a5a14"},
}


def system_is_dark(app: QApplication | None = None) -> bool:
    """True when the platform asks for a dark colour scheme.

    For an application :mod:`reader.app` started, the platform's own palette
    (read before ours replaced it) tells, until the platform announces a change
    (:func:`scheme_changed`): asking the style hints would load Qt's enum
    namespace before the first paint (see :class:`reader.ui.compat.LazyQt`).
    """
    if app is not None and id(app) in _PLATFORM_DARK:
        known = _PLATFORM_DARK[id(app)]
        return _palette_is_dark(app) if known is None else known
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def _palette_is_dark(app: QApplication) -> bool:
    return app.palette().color(QPalette.Window).lightness() < 128


def dark_palette() -> QPalette:
    palette = QPalette()
    base, window, text = QColor("#1e1f22"), QColor("#2b2d30"), QColor("#e3e3e3")
    palette.setColor(QPalette.Window, window)
    palette.setColor(QPalette.WindowText, text)
    palette.setColor(QPalette.Base, base)
    palette.setColor(QPalette.AlternateBase, window)
    palette.setColor(QPalette.Text, text)
    palette.setColor(QPalette.Button, window)
    palette.setColor(QPalette.ButtonText, text)
    palette.setColor(QPalette.ToolTipBase, window)
    palette.setColor(QPalette.ToolTipText, text)
    palette.setColor(QPalette.PlaceholderText, QColor("#8c8c8c"))
    palette.setColor(QPalette.Highlight, QColor("#3d6fb6"))
    palette.setColor(QPalette.HighlightedText, QColor("#ffffff"))
    palette.setColor(QPalette.Link, QColor("#8ab4f8"))
    palette.setColor(QPalette.Disabled, QPalette.Text, QColor("#777777"))
    palette.setColor(QPalette.Disabled, QPalette.WindowText, QColor("#777777"))
    palette.setColor(QPalette.Disabled, QPalette.ButtonText, QColor("#777777"))
    return palette


def light_palette() -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.Window, QColor("#f3f3f3"))
    palette.setColor(QPalette.WindowText, QColor("#1f1f1f"))
    palette.setColor(QPalette.Base, QColor("#fdfcf9"))
    palette.setColor(QPalette.AlternateBase, QColor("#f1efe9"))
    palette.setColor(QPalette.Text, QColor("#1f1f1f"))
    palette.setColor(QPalette.Button, QColor("#ececec"))
    palette.setColor(QPalette.ButtonText, QColor("#1f1f1f"))
    palette.setColor(QPalette.Highlight, QColor("#9ec5fe"))
    palette.setColor(QPalette.HighlightedText, QColor("#000000"))
    return palette


#: ``QApplication`` arguments that start it with the Fusion style (see :func:`apply_theme`).
STYLE_ARGUMENTS = ["-style", "fusion"]
#: The application objects started with STYLE_ARGUMENTS (by id).
_STARTED_FUSION: set[int] = set()
#: For those: None while their palette is still the platform's (apply_theme has not set one), then
#: whether that palette was dark, until the platform announces a change (scheme_changed).
_PLATFORM_DARK: dict[int, bool | None] = {}


def started_with_fusion(app: QApplication) -> None:
    """Record that ``app`` was created with :data:`STYLE_ARGUMENTS`.

    :func:`apply_theme` then need not ask for its style: the first Python handle
    on a QStyle builds a dozen large enum classes (~5–7 ms of start-up).
    """
    _STARTED_FUSION.add(id(app))
    _PLATFORM_DARK[id(app)] = None


def scheme_changed(app: QApplication) -> None:
    """The platform changed its colour scheme: ask it from now on (see :func:`system_is_dark`)."""
    _PLATFORM_DARK.pop(id(app), None)


def apply_theme(app: QApplication, mode: str) -> bool:
    """Apply "light", "dark" or "system"; returns True when the result is dark."""
    if id(app) in _PLATFORM_DARK and _PLATFORM_DARK[id(app)] is None:
        _PLATFORM_DARK[id(app)] = _palette_is_dark(app)  # the platform's, before ours replaces it
    dark = system_is_dark(app) if mode == "system" else mode == "dark"
    # Each call below re-polishes every widget: skipped when nothing changes (start-up applies the
    # theme before the widgets exist, the window applies it again with every display change).
    if id(app) not in _STARTED_FUSION and app.style().name().lower() != "fusion":
        app.setStyle("Fusion")  # the same look on every platform; palettes apply fully
    palette = dark_palette() if dark else light_palette()
    if app.palette() != palette:
        app.setPalette(palette)
    return dark
