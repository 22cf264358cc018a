"""Boilerplate inside and around an article body, found by its structure first, its wording second.

Portals put recommendation boxes (``<h2>推荐阅读</h2>`` and teasers), link-only
lines, editor credits glued to the last sentence (``…上。（编辑：张三）1120221``),
QR-code promos, comment notices and report-line footers next to, or inside,
the article container, where an extractor keeps them.  The tree rules run before
extraction (:func:`drop_teaser_sections`, :func:`drop_link_lines`); the paragraph
rules after it (:func:`clean_paragraphs`).
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from lxml import etree

from reader.ingest import heuristics
from reader.ingest.normalize import normalize_text

# The heading of a recommendation box, the whole heading (after decoration is
# stripped): 推荐阅读, 相關新聞, 为您推荐, 猜你喜欢, 精彩视频推荐, 今日熱門新聞,
# 您可能會有興趣的文章 … in simplified and traditional characters.
_TEASER_HEAD = re.compile(
    r"(?:相[关關]|延伸|推[荐薦]|[热熱][门門]|[热熱][点點]|精彩(?:[视視][频頻]|[图圖]片)?|精[选選]|[编編][辑輯]推[荐薦]|往期|"
    r"[热熱]文|今日[热熱][门門]|[为為]?[您你]推[荐薦]|猜[您你]喜[欢歡]|大家都在看|[热熱][门門]排行|排行榜|"
    r"[您你](?:可能|也许|也許)?(?:感[兴興]趣|[会會]有[兴興]趣|[还還]?(?:喜[欢歡]|想看))|看了[本这這][篇条條]文章的人[还還]看了)"
    r"(?:的)?(?:[阅閱][读讀]|新[闻聞]|文章|推[荐薦]|[视視][频頻]|[报報][导導]|[专專][题題]|[图圖][片集]|回[顾顧]|[内內]容|[资資][讯訊]|"
    r"[热熱][点點]|排行)?(?:推[荐薦])?"
    r"|(?:最新|更多|其他|其它)(?:[阅閱][读讀]|新[闻聞]|文章|[视視][频頻]|[报報][导導]|[资資][讯訊]|[内內]容)"
)
_DECORATION = " \t【】[]〔〕〈〉<>《》「」:：|｜·•>»›→▶►◆■□●○▪…-—_"
_TEASER_HEAD_MAX = 16  # characters, after decoration is stripped
_HEAD_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "span", "strong", "b", "em", "font", "dt", "td", "th",
              "li", "header", "section")
_LINE_TAGS = ("p", "li", "dd", "dt")
_BLOCK_HEADS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "dt", "td", "th", "li", "header", "section"}


def is_teaser_head(text: str) -> bool:
    """True for the heading of a recommendation box (``【推荐阅读】``, ``相關新聞：``, ``猜你喜欢``)."""
    text = text.strip(_DECORATION)
    return 2 <= len(text) <= _TEASER_HEAD_MAX and _TEASER_HEAD.fullmatch(text) is not None


def _short_text(el) -> str | None:
    """The element's text when it is small (at most a few descendants), else None."""
    if len(el) > 3:
        return None
    text = "".join(t for t in el.itertext() if isinstance(t, str))
    return normalize_text(text) if len(text) < 200 else None


def _text_size(el, limit: int | None = None) -> int:
    """Characters of text in ``el`` (without surrounding spaces), counting stops past ``limit``."""
    total = 0
    for t in el.itertext():
        if isinstance(t, str):
            total += len(t.strip())
            if limit is not None and total > limit:
                break
    return total


def drop_teaser_sections(root) -> None:
    """Remove each recommendation heading and what follows it in its box.

    The heading is climbed to the outermost element holding no other text
    (``<p><strong>精彩视频推荐</strong></p>``, ``<div><i></i><h3>推荐新闻</h3></div>``), then it and its following
    siblings go, unless they hold a headline (``<h1>``), much of the page, or
    more than half as much text as the box holds before the heading (then it
    is a label in the middle of the article).
    """
    body = next(root.iter("body"), root)
    total = None
    # Only elements holding a short text can be such a heading; XPath finds those texts at C speed.
    candidates: list = []  # lxml elements
    for text in body.xpath("//text()[string-length(normalize-space()) >= 2 and string-length(normalize-space()) <= 24]"):
        owner = text.getparent()
        if owner is not None and text.is_tail:
            owner = owner.getparent()
        if owner is not None and owner.tag in _HEAD_TAGS and (not candidates or candidates[-1] is not owner):
            candidates.append(owner)
    for el in candidates:
        if el.getparent() is None or el is body:
            continue
        text = _short_text(el)
        if not text or not is_teaser_head(text):
            continue
        head, size = el, _text_size(el)
        while True:  # up while the parent holds no other text (an icon, an empty bar)
            parent = head.getparent()
            if parent is None or parent is body or _text_size(parent, size + 1) > size:
                break
            head = parent
        parent = head.getparent()
        if parent is None:
            continue
        if head.tag not in _BLOCK_HEADS and (parent[0] is not head or (parent.text or "").strip()):
            continue  # a word inside a sentence, not a heading
        doomed = [head] + list(head.itersiblings())
        if any(next(d.iter("h1"), None) is not None for d in doomed[1:] if isinstance(d.tag, str)):
            continue
        if total is None:
            total = len("".join(etree.tostring(body, method="text", encoding=str).split()))
        # Not a whole page section (leave that to the extractor), nor a label inside
        # the article (an ad slot's "推薦") with more article after it than half of what came before.
        limit = 0.4 * total
        after = 0
        for d in doomed:
            after += (_text_size(d, int(limit - after)) if isinstance(d.tag, str) else 0) + len((d.tail or "").strip())
            if after > limit:
                break
        if after > limit:
            continue
        before = len((parent.text or "").strip())
        for sib in head.itersiblings(preceding=True):
            if before >= 2 * after:
                break  # enough to know
            before += (_text_size(sib, 2 * after) if isinstance(sib.tag, str) else 0) + len((sib.tail or "").strip())
        if before and after > before / 2:
            continue
        for d in doomed:
            if d.getparent() is not None:
                d.getparent().remove(d)  # tails too: they are part of the box


_FAKE_HREF = re.compile(r"^\s*(?:#|javascript:|$)", re.I)
_LINK_PUNCT = re.compile(r"[\s【】\[\]〔〕《》〈〉「」()（）|｜、，,:：·•>»›▶►■□●○\-—]+")


def _text(el) -> str:
    return etree.tostring(el, method="text", encoding=str, with_tail=False)


def _link_only(el) -> bool:
    """All of the element's text is inside real links (a related-article line)."""
    links = [a for a in el.iter("a") if not _FAKE_HREF.match(a.get("href") or "")]
    if not links:
        return False
    inside = _LINK_PUNCT.sub("", "".join(_text(a) for a in links))
    if heuristics.han_count(inside) < 4 and len(inside) < 12:
        return False
    return len(inside) >= len(_LINK_PUNCT.sub("", _text(el)))


def _remove(el) -> None:
    """Remove ``el`` keeping its tail text."""
    try:
        el.drop_tree()
    except ValueError:  # lxml refuses to merge text holding control characters
        el.tail = None
        el.getparent().remove(el)


def drop_link_lines(root) -> None:
    """Remove paragraphs made only of links (related articles) from blocks that hold real paragraphs."""
    lines, seen = [], set()
    for a in root.xpath("//a[@href]"):
        line = next(a.iterancestors(*_LINE_TAGS), None)
        if line is not None and line not in seen:
            seen.add(line)
            lines.append(line)
    by_parent: dict = {}
    for line in lines:
        parent = line.getparent()
        if parent is not None and _link_only(line):
            by_parent.setdefault(parent, []).append(line)
    for parent, links in by_parent.items():
        doomed = set(links)
        prose = sum(1 for child in parent if child.tag in _LINE_TAGS and child not in doomed
                    and heuristics.han_count("".join(t for t in child.itertext() if isinstance(t, str))) >= 10)
        if prose >= 2:
            for child in links:
                _remove(child)


# An editor's or translator's credit glued to the end of a paragraph, with a
# bracket and an optional trailing date code (（編輯：蘇龍麒）1120221), or bare
# after the last sentence (…。责任编辑：张三); "返回首页，查看更多"-style links.
_GLUED = re.compile(
    r"(?:[（(]\s*(?:[责責]任[编編][辑輯]|[编編][辑輯]|[责責][编編]|[编編][审審]|[审審][核校]|校[对對]|[编編][译譯]|翻[译譯]|[来來]源)"
    r"\s*[:：/／]?\s*[^（）()]{1,40}[）)]\s*\d{0,12}"
    r"|(?<=[。！？!?”」』])\s*(?:[责責]任[编編][辑輯]|[责責][编編]|[编編][辑輯])\s*[:：]\s*\S{1,20}"
    r"|(?<=[。！？!?”」』])\s*(?:本文|文章|稿件)?[来來]源\s*[:：][^。！？]{1,60}"
    r"|(?<=[。！？!?”」』])?\s*返回[\u4e00-\u9fff]{1,8}[，,]\s*[查看]{1,2}更多"
    r"|(?<=[。！？!?”」』])\s*[【\[〔]?(?:延伸|相[关關]|推[荐薦]|更多)(?:[阅閱][读讀]|新[闻聞]|[报報][导導]|文章)[】\]〕]?\s*[:：]?.{0,80})\s*$"
)

_SENTENCE_CLOSE = set("。！？!?…”’」』\"'")
# A character each promo pattern starts with: one scan rules out most lines.
_PROMO_HINT = re.compile(r"[二扫掃长長微关關加下评評跟我发發查更全举舉意点點按分转轉F脸臉]")

# Whole short lines that are never article text: a QR code to scan (up to a
# long sentence), and shorter ones asking to follow, download, comment or report.
_QR = re.compile(
    r"(?:二[维維][码碼]|[扫掃](?:一[扫掃]|[码碼]|描)|长按|長按).{0,30}(?:[关關]注|下[载載]|加入|[识識]别|[订訂][阅閱]|公[众眾][号號]|微信|APP|app)"
    r"|微信[扫掃]一[扫掃]"
)
_PROMO = re.compile(
    r"(?:[关關]注|加入|下[载載])(?:我们|我們|本|该|該|官方)?.{0,12}?(?:公[众眾][号號]|微信|客[户戶]端|LINE|粉[丝絲][团團]|APP)"
    r"|(?:[评評][论論]|跟[贴帖]).{0,20}(?:仅代表|僅代表|[仅僅]供|[个個]人看法|[立]场|立場|[审審]核)"
    r"|我要(?:[评評][论論]|跟[贴帖])|(?:[发發][表布]|查看|更多|全部)(?:[评評][论論]|跟[贴帖])"
    r"|[举舉][报報](?:[电電][话話]|[邮郵]箱|中心|入口)|意[见見]反[馈饋]"
    r"|(?:[点點按])[个個]?[\"“「]?(?:在看|[赞讚])|分享到朋友圈|[转轉][发發]到朋友圈"
    r"|(?:FB|Facebook|[脸臉][书書])\s*粉[丝絲](?:[团團]|[专專][页頁])"
)


def strip_glued_credit(paragraph: str) -> str:
    """``paragraph`` without an editor credit or "return to the portal" link glued to its end."""
    if paragraph[-1:] in _SENTENCE_CLOSE:
        return paragraph  # every credit ends with something after the sentence: most paragraphs are done here
    start = max(0, len(paragraph) - 120)  # a credit is short: only the end is searched
    cut = _GLUED.search(paragraph, start)
    return paragraph[:cut.start()].rstrip() if cut else paragraph


def is_promo(line: str) -> bool:
    """A short line asking to scan, follow, download, comment or report (``扫描二维码关注我们``)."""
    if len(line) > 300 or not _PROMO_HINT.search(line):
        return False
    qr, promo = _QR.search(line) is not None, _PROMO.search(line) is not None
    if not qr and not promo:
        return False
    n = heuristics.size(line)
    return qr and n < 70 or promo and n < 40


def link_texts(root) -> set[str]:
    """The text of every link on the page (to recognise menu and headline lines the extractor kept)."""
    found = set()
    for a in root.iter("a"):
        text = normalize_text("".join(t for t in a.itertext() if isinstance(t, str)))
        if 2 <= len(text) <= 120:
            found.add(text)
    return found


def _only_links(paragraph: str, links: AbstractSet[str]) -> bool:
    """A line that is one link's text, or a row of them ("首页 新闻 体育"), and no sentence."""
    if len(paragraph) > 200:
        return False  # menus and headline rows are short
    if paragraph in links:
        return heuristics.classify(paragraph) != heuristics.PROSE
    tokens = [t for t in _LINK_PUNCT.split(paragraph) if t]
    return len(tokens) >= 2 and all(t in links for t in tokens)


_SENTENCE_ENDS = "。！？!?"
_AFTER_END = re.compile(r"[”’」』）)]*")


def _strip_glued_link(paragraph: str, links: AbstractSet[str]) -> str:
    """A related article's headline (a link's text) after the paragraph's last sentence, cut off."""
    tail = paragraph[-150:]
    last = max(tail.rfind(c) for c in _SENTENCE_ENDS)
    if last < 0:
        return paragraph
    after = _AFTER_END.match(tail, last + 1)  # the pattern matches the empty string: always a match
    end = after.end() if after else last + 1
    rest = tail[end:].strip()
    bare = rest.strip(_DECORATION)
    if rest and heuristics.han_count(bare) >= 4 and (rest in links or bare in links):
        return paragraph[:len(paragraph) - len(tail) + end]
    return paragraph


def clean_paragraphs(paragraphs: list[str], links: set[str] | frozenset = frozenset()) -> list[str]:
    """Credits cut from paragraph ends; promos and lines of link texts (``links``) dropped; the body cut at a
    recommendation heading; a few words or boilerplate after the last sentence dropped."""
    out = []
    for paragraph in paragraphs:
        paragraph = strip_glued_credit(paragraph)
        if links:
            paragraph = _strip_glued_link(paragraph, links)
        if paragraph and not is_promo(paragraph) and not (links and _only_links(paragraph, links)):
            out.append(paragraph)
    heads = [i for i, paragraph in enumerate(out) if i and is_teaser_head(paragraph)]
    if heads:
        sizes = [heuristics.size(p) for p in out]
        for i in heads:
            # Everything after a recommendation heading is teasers, if the
            # article before it is the larger part.
            if sum(sizes[:i]) >= 2 * sum(sizes[i + 1:]):
                out = out[:i]
                break
    # A few words left after the last sentence (a box's name, "新媒体实验室")
    # close no article: an ending line is a sentence or a bracketed note.
    while len(out) > 1:
        last = out[-1]
        n = heuristics.size(last)
        if not heuristics.is_boilerplate(last) and not (
                n <= 8 and heuristics.classify(last, n) == heuristics.SHORT and not last.endswith(_CLOSERS)
                and heuristics.classify(out[-2]) != heuristics.SHORT):
            break
        out.pop()
    return out


_CLOSERS = ("）", ")", "】", "]", "」", "』", "”", "\"", "》")
