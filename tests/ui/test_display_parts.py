"""Tone colours, the CJK font choice and stored display settings."""

import pytest

from reader.ui.display import DisplaySettings
from reader.ui.fonts import choose_cjk_family
from reader.ui.tones import SCHEMES, colored_syllables_html, tone_color


@pytest.mark.parametrize("available, preferred, expected", [
    (["DejaVu Sans", "Noto Sans CJK JP", "Noto Sans CJK SC", "WenQuanYi Micro Hei"], None, "Noto Sans CJK SC"),
    (["Noto Sans CJK JP", "WenQuanYi Micro Hei"], None, "WenQuanYi Micro Hei"),  # never the JP face
    (["Noto Sans CJK JP"], None, None),
    (["PingFang SC", "Arial"], None, "PingFang SC"),
    (["Microsoft YaHei", "SimSun"], None, "Microsoft YaHei"),
    (["noto sans cjk sc"], None, "noto sans cjk sc"),
    (["Noto Sans CJK SC", "WenQuanYi Micro Hei"], "WenQuanYi Micro Hei", "WenQuanYi Micro Hei"),
    (["Noto Sans CJK SC"], "Missing Font", "Noto Sans CJK SC"),
])
def test_cjk_family_choice(available, preferred, expected):
    assert choose_cjk_family(available, preferred) == expected


def test_cjk_font_installed_here_is_simplified_chinese(qapp):
    from PySide6.QtGui import QFontInfo

    from reader.ui.fonts import cjk_font

    info = QFontInfo(cjk_font(16))
    assert info.family() in ("Noto Sans CJK SC", "WenQuanYi Micro Hei")


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
@pytest.mark.parametrize("dark", [False, True])
def test_every_scheme_has_five_distinct_tones(scheme, dark):
    colours = [tone_color(t, scheme, dark) for t in range(1, 6)]
    assert len(set(colours)) == 5
    assert all(c.startswith("#") and len(c) == 7 for c in colours)


def test_coloured_pinyin_uses_marks_and_tone_colours():
    html = colored_syllables_html(["yin2", "hang2"], "pleco", separator="")
    assert "yín" in html and "háng" in html
    assert html.count(tone_color(2, "pleco")) == 2
    assert "color" not in colored_syllables_html(["yin2"], enabled=False)


def test_display_settings_round_trip_and_reject_bad_values():
    custom = DisplaySettings(tone_mode="pinyin", tone_scheme="colorblind", ruby=True, zh_size=22.0, theme="dark")
    assert DisplaySettings.from_json(custom.to_json()) == custom
    broken = DisplaySettings.from_json({"tone_mode": "rainbow", "zh_size": 1000, "ruby": "yes", "theme": 3,
                                        "unknown": 1})
    assert broken == DisplaySettings()
    assert DisplaySettings.from_json(None) == DisplaySettings()
