"""reader.ui.tones: HTML escaping without the html module."""

import html

import pytest

from reader.ui.tones import escape


@pytest.mark.parametrize("text", ["", "plain", "<b>&amp;</b>", "a \"quoted\" 'word'", "汉字 & <ruby>", "&&<<>>''\"\""])
def test_escape_is_html_escape(text):
    assert escape(text) == html.escape(text)
