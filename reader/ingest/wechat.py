"""WeChat 公众号 articles (mp.weixin.qq.com) saved from a browser.

The body is ``#js_content``, often laid out as ``<section><span>`` without a
single ``<p>`` and saved with ``visibility: hidden`` (the page's script shows
it), which general extractors drop.  The title is ``.rich_media_title``, the
byline ``#js_author_name``, the account ``#js_name``; the visible date is
relative (前天), the absolute one is in inline scripts (``var ct = "1581418070"``,
``publish_time = "2020-02-11"``), read here as text, never run.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from reader.ingest import heuristics
from reader.ingest.normalize import normalize_text

_CT = re.compile(r"""\b(?:var\s+)?(?:ct|create_time)\s*[:=]\s*(?:JsDecode\()?["']?(\d{9,10})["']?""")
_PUBLISH = re.compile(r"""\b(?:publish_time|create_time|createTime)\s*[:=]\s*(?:JsDecode\()?["']([^"'<>]{8,40})["']""")
_NICKNAME = re.compile(r"""\bvar\s+nickname\s*=\s*(?:htmlDecode\()?\s*["']([^"'<>]{1,60})["']""")
_TITLE_VAR = re.compile(r"""\bvar\s+msg_title\s*=\s*(?:htmlDecode\()?\s*["']([^"'<>]{1,200})["']""")
_CODE_CLASS = re.compile(r"code-snippet|\bcode\b|hljs", re.I)
_BULLETS = re.compile(r"^\s*(?:[·•●▪■□◆◇►▶»›\-*]|\d{1,2}[.、)）])\s*")
BEIJING = 8 * 3600


@dataclass(frozen=True)
class WeChat:
    """What a 公众号 page yields."""

    title: str | None
    date: str | None
    author: str | None
    account: str | None
    lines: tuple[str, ...]


def find_content(root):
    """The ``#js_content`` element of a WeChat article page, or None."""
    found = root.xpath('//*[@id="js_content"]')
    if not found:
        return None
    # Other sites do not use WeChat's rich_media layout around it.
    if not root.xpath('//*[contains(@class, "rich_media")]'):
        return None
    return found[0]


def _first_text(root, xpath: str) -> str | None:
    for el in root.xpath(xpath):
        text = normalize_text("".join(t for t in el.itertext() if isinstance(t, str)))
        if text:
            return text
    return None


def _date(text: str, root) -> str | None:
    # The visible date first when it is absolute, then the scripts' timestamp.
    shown = _first_text(root, '//*[@id="publish_time"]')
    date = heuristics.find_date(shown) if shown else None
    if date:
        return date
    match = _CT.search(text)
    if match:
        seconds = int(match.group(1))
        if 946684800 <= seconds <= 4102444800:  # 2000–2100
            stamp = time.gmtime(seconds + BEIJING)  # the page's own time zone
            return f"{stamp.tm_year:04d}-{stamp.tm_mon:02d}-{stamp.tm_mday:02d}"
    match = _PUBLISH.search(text)
    return heuristics.find_date(match.group(1)) if match else None


def _drop_code(content) -> None:
    """Code listings are neither language's text: removed (inline ``<code>`` words in a sentence stay)."""
    doomed = list(content.iter("pre"))
    doomed += [el for el in content.iter("section", "div", "figure")
               if _CODE_CLASS.search(el.get("class") or "") and next(el.iter("pre", "code"), None) is not None]
    for el in doomed:
        parent = el.getparent()
        if parent is not None:
            el.tail = None if not (el.tail or "").strip() else el.tail
            try:
                el.drop_tree()
            except ValueError:
                parent.remove(el)


def read_wechat(root, text: str, page_lines) -> WeChat | None:
    """The article of a WeChat page (``root`` already without scripts; ``text`` the page source), or None.

    ``page_lines(element)`` flattens an element to its visible lines.
    """
    content = find_content(root)
    if content is None:
        return None
    _drop_code(content)
    content.attrib.pop("style", None)  # saved hidden until the page's script shows it
    lines = tuple(page_lines(content))
    title = _first_text(root, '//*[@id="activity-name"] | //*[contains(@class, "rich_media_title")]')
    if not title:
        match = _TITLE_VAR.search(text)
        title = normalize_text(match.group(1)) if match else None
    account = _first_text(root, '//*[@id="js_name"] | //*[contains(@class, "profile_nickname")]')
    if not account:
        match = _NICKNAME.search(text)
        account = normalize_text(match.group(1)) if match else None
    byline = _first_text(root, '//*[@id="js_author_name"]')
    return WeChat(title=title, date=_date(text, root), author=byline or account, account=account, lines=lines)


def article_lines(lines: tuple[str, ...]) -> list[str]:
    """The body's lines from its first to its last sentence: captions and sign-off lines at the edges go.

    Short lines between (subheadings, list items, lines of verse) stay;
    boilerplate lines go wherever they are.
    """
    # Bullets typed as text (• 第一点) mark list items here, not link lists.
    kinds = [heuristics.classify(_BULLETS.sub("", line) or line) for line in lines]
    prose = [i for i, kind in enumerate(kinds) if kind == heuristics.PROSE]
    if prose:
        start, end = prose[0], prose[-1] + 1
    else:
        start, end = 0, len(lines)
    return [line for line, kind in zip(lines[start:end], kinds[start:end]) if kind != heuristics.BOILER]
