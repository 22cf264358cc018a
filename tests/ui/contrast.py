"""WCAG 2 contrast between colours, for the tests that check text and controls are readable in both themes."""

from __future__ import annotations


def luminance(color) -> float:
    """Relative luminance of a QColor (WCAG 2)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.red()) + 0.7152 * channel(color.green()) + 0.0722 * channel(color.blue())


def contrast(a, b) -> float:
    """The contrast ratio of two QColors: 1 (none) to 21 (black on white); text wants >= 4.5, controls >= 3."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
