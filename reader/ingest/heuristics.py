"""Line-level heuristics shared by plain-text files and the HTML fallback.

A scraped page, once flattened to lines, is navigation, breadcrumbs, a title,
a date line, the article, then bylines, related links, disclaimers and
footers.  Each line is classified as *prose*, *boiler* (link lists, legal
text, separators) or *short* (anything else: headings, captions); the article
is the contiguous run of lines with the highest score (prose counts for its
size, boiler strongly against, short lines slightly against).  The title is the
short line just above that run; dates and bylines are searched next to it.

Every line of a file goes through :func:`size` and :func:`classify`, so those
are written for speed (a 1 MB text file is opened while the window waits);
patterns needed only for a few lines are compiled on first use (``re``'s cache).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PROSE, SHORT, BOILER = "prose", "short", "boiler"

#: Han characters: CJK Unified Ideographs, extension A, compatibility ideographs, planes 2–3.
HAN_PATTERN = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]"
# Compiling HAN_PATTERN costs ~2 ms (sre fills a table per code point), so
# Han characters are told by their UTF-16 high byte instead, at C speed:
# 1 where the whole 256-character row is Han (U+3400–U+4CFF, U+4E00–U+9FFF,
# U+F900–U+FAFF), 2 where a row is only partly Han (U+4Dxx: extension A ends
# at U+4DBF) and for surrogates (characters beyond U+FFFF); 0 elsewhere.
_HAN_ROWS = bytes(
    2 if row == 0x4D or 0xD8 <= row <= 0xDF else 1 if 0x34 <= row <= 0x9F or row in (0xF9, 0xFA) else 0
    for row in range(256)
)
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+(?:['’][A-Za-z]+)?")
_SENTENCE_END = re.compile(r"[。！？!?…]|[.](?=\s|$|[\"”’'A-Z\)])|[。！？!?.][”’」』\"')）]")

# Lines that belong to the page around an article, in the shapes Chinese and
# English sites use.  Anchored where the word alone would also occur in prose.
# Searched case-insensitively, in three groups that find the same lines as
# one alternation but far faster: the anchored ones are tried at the start
# only, the ones starting with a caseless character (Han, ©) let the regex
# engine skip to those characters, the rest only run where a line holds a
# letter they can start with.
_BOILER_ANCHORED = [
    r"^\s*(?:联系我们|关于我们|网站简介|广告服务|网站地图)",
    r"^\s*(?:地址|邮编|热线|电话|传真|邮箱|E-?mail)\s*[:：]", r"^\s*[『【\[〔]?\s*相[关關](?:阅读|閱讀|新闻|新聞|链接|連結|文章|推荐|推薦|报道|報導)", r"^\s*[『【\[〔]?\s*(?:热门|熱門|推荐|推薦|延伸)(?:阅读|閱讀)",
    r"^\s*[(（【\[]?\s*(?:责任编辑|編輯|编辑|责编|責編|来源|來源|本文来源|文章来源|稿件来源|原标题|原標題|摄影|攝影|图片来源|圖片來源)\s*[:：]", r"^\s*(?:上一篇|下一篇|上一页|下一页|返回顶部|返回首页)",
    r"^\s*[【\[]?\s*(?:扫一扫|扫描二维码|分享到|打印本页|打印|关闭窗口|关闭|收藏|纠错)\s*[】\]]", r"^\s*(?:扫一扫|扫描二维码|分享到)",
    r"^\s*(?:主办单位|承办单位|主办|协办|技术支持|网站标识码)\s*[:：]",
    r"^\s*leave a (?:reply|comment)",
    r"^\s*(?:posted|filed) (?:in|on|by|under)\b", r"^\s*share (?:this|on)\b", r"^\s*(?:tags?|categories|category)\s*:",
    r"^\s*(?:related|recent) (?:posts|articles|stories)", r"^\s*\d*\s*comments?\s*$", r"^\s*(?:previous|next) (?:post|article)",
    r"^\s*(?:subscribe|sign up|log ?in|skip to content)\b", r"^\s*(?:首页|主页|home)\s*[>»›|/]",
]
# Each starts with a literal caseless character (no group), which is what lets the engine skip ahead.
_BOILER_CASELESS = [
    r"版权所有", r"版權所有", r"版权(?:与|和)?免责", r"免责声明", r"不得转载", r"不得轉載", r"许可证\s*[:：]", r"公网安备", r"©",
    r"字号\s*[:：]", r"【字体", r"所在位置", r"当前位置", r"您的位置", r"您现在的位置", r"本文仅供",
]
_BOILER_CASED = [
    r"ICP备", r"ICP证", r"copyright\s*(?:©|\(c\)|\d{4})", r"all rights reserved", r"your email address will not be published",
    r"required fields are marked", r"proudly powered by", r"\bwe use cookies\b",
]
#: All of them: a line is boilerplate if one is found (case-insensitively) in its first 400 characters.
BOILER_PATTERNS = _BOILER_ANCHORED + _BOILER_CASELESS + _BOILER_CASED
_BOILER_START = re.compile("|".join(_BOILER_ANCHORED), re.I)
_BOILER_WORDS = re.compile("|".join(_BOILER_CASELESS), re.I)
_BOILER_ENGLISH = re.compile("|".join(_BOILER_CASED), re.I)
# Every character a match of _BOILER_ENGLISH can start with (İ and ı match I/i case-insensitively);
# not case-insensitive itself, so that the engine scans for it as fast as it can.
_BOILER_ENGLISH_FIRST = re.compile("[AaCcIiPpRrWwYy\u0130\u0131]")
_BULLET = re.compile(r"^\s*[·•●▪■□◆◇►▶»›\-*]\s*\S")
_BREADCRUMB = re.compile(r"\S\s*(?:>|&gt;|»|›|→)\s*\S")
_CLAUSE_MARK = re.compile(r"[，,、；;]")

_MONTHS = {m: i for i, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")), start=1) for m in names}
_MONTH_RE = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DATE_PATTERNS = [  # (pattern, flags, field order)
    (r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]", 0, "ymd"),
    (r"民國\s*(\d{2,3})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", 0, "roc"),
    (r"(?<![\d.])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d])", 0, "ymd"),
    (_MONTH_RE + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", re.I, "mdy"),
    (r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_RE + r",?\s+(\d{4})", re.I, "dmy"),
]

_ROLE_WORDS = {"记者", "本报记者", "特约记者", "见习记者", "实习记者", "实习生", "本网记者", "文", "图", "撰文", "作者", "記者", "本報記者"}
_STOP_WORDS = ("通讯员", "通訊員", "编辑", "編輯", "责编", "責編", "摄影", "攝影", "来源", "來源", "校对", "審核", "审核", "报道", "報導", "报导")
_BYLINE_ZH = r"(?:作者|記者|记者|撰文|文)\s*[:：/／]\s*(.+)"
_BYLINE_ZH_NOCOLON = r"(?:^|[\s(（【〔\[「])(?:本报|本報|本网|本網|特约|特約)?(?:记者|記者)(?:\s+(.+)|([\u4e00-\u9fff]{2,3})\s*[／/])"
# A publication's reporter at the start of a line: "半月谈记者 史卫燕", "新华网记者 张三".
# A news agency's dateline: "（某某社記者黃志明花蓮21日電）" — the name, a two-character place, the day.
_BYLINE_ZH_DATELINE = r"^\s*[(（〔]\s*[\u4e00-\u9fff]{0,8}?(?:记者|記者)([\u4e00-\u9fff]{2,3}?)[\u4e00-\u9fff]{2}\d{1,2}日[电電]"
# "石佳/中国青年报": a writer and the paper that first printed the piece, alone on a line.
_BYLINE_ZH_SLASH = (r"^\s*([\u4e00-\u9fff]{2,4})\s*[/／]\s*[\u4e00-\u9fff]{1,10}"
                    r"(?:报|報|社|网|網|台|刊|志|新闻|新聞|客户端|客戶端)\s*$")
_BYLINE_ZH_MEDIA = r"^\s*[(（【〔\[]?[\u4e00-\u9fff]{1,7}(?:社|报|報|网|網|台|刊|谈|談|志|闻|聞|视|視|端)(?:记者|記者)\s+(.+)"
_CREDIT_NOT_AUTHOR = r"(?i)\b(?:powered|designed|developed|hosted|theme|photos?|image|illustration|translated|edited)\s*$"
_BYLINE_EN = (
    r"(?:^|\s)(?:[Bb]y|BY|[Ww]ritten by|[Aa]uthor\s*:)\s+([A-Z][\w.'\-]*(?:\s+(?:[A-Z][\w.'\-]*|and|&|de|van|von|la))*)"
)


@dataclass(frozen=True)
class LineArticle:
    """What the line heuristics found: indices into the input lines."""

    start: int  # first line of the article run
    end: int  # one past its last line
    paragraphs: tuple[str, ...]
    title: str | None
    title_index: int | None
    date: str | None
    author: str | None
    site: str | None = None


def _han_rows(text: str) -> bytes | None:
    """One byte per character: 1 for a Han character, 0 for any other.

    None if the text holds characters this cannot tell (U+4D00–U+4DFF, beyond U+FFFF, surrogates).
    """
    rows = text.encode("utf-16-le", "surrogatepass")[1::2].translate(_HAN_ROWS)
    return None if 2 in rows else rows


def han_count(text: str) -> int:
    """Number of Han characters."""
    rows = _han_rows(text)
    return rows.count(1) if rows is not None else len(re.findall(HAN_PATTERN, text))


def han_bounds(text: str) -> tuple[int, int, int]:
    """(number of Han characters, index of the first, index of the last); the indices are -1 if there is none."""
    rows = _han_rows(text)
    if rows is not None:
        return rows.count(1), rows.find(1), rows.rfind(1)
    starts = [m.start() for m in re.finditer(HAN_PATTERN, text)]
    return (len(starts), starts[0], starts[-1]) if starts else (0, -1, -1)


def size(text: str) -> int:
    """Amount of language in a line: Han characters plus two per Latin word."""
    return han_count(text) + 2 * len(_WORD.findall(text))


def _boilerplate(line: str, has_end: bool, n: int | None = None) -> bool:
    """:func:`is_boilerplate` given whether ``line`` has a sentence end (and its size, if known)."""
    head = line[:400]  # the tell-tale words come early; long prose costs nothing more
    if (_BOILER_START.match(head) or _BOILER_WORDS.search(head)
            or _BOILER_ENGLISH_FIRST.search(head) and _BOILER_ENGLISH.search(head)):
        return True
    if _BULLET.match(line) and not has_end:
        return True
    if line.count("|") + line.count("｜") >= 2:
        return True
    if has_end:
        return False
    if _BREADCRUMB.search(line) and (size(line) if n is None else n) < 40:
        return True
    tokens = line.split()
    # "首页 新闻 体育 财经 ..." — a row of short Chinese menu items
    if len(tokens) >= 4 and max(map(len, tokens)) <= 8:
        return han_count(line) * 2 >= len(line.replace(" ", ""))
    return False


def is_boilerplate(line: str) -> bool:
    """Link lists, legal text, navigation, comment-form prompts."""
    return _boilerplate(line, _SENTENCE_END.search(line) is not None)


def classify(line: str, n: int | None = None) -> str:
    """PROSE, SHORT or BOILER (``n``: the line's :func:`size`, if already known)."""
    end = _SENTENCE_END.search(line)
    if _boilerplate(line, end is not None, n):
        return BOILER
    n = size(line) if n is None else n
    if n >= 1 and end is not None:
        stripped = line.rstrip("”’」』\"')） ")
        # one sentence end and the line ends a sentence, or two (the second searched where findall would)
        if stripped[-1:] in "。！？!?.…;；:：" or _SENTENCE_END.search(line, end.end()):
            return PROSE
    if n >= 60 and _CLAUSE_MARK.search(line):
        return PROSE
    return SHORT


def _score(kind: str, n: int) -> float:
    if kind == PROSE:
        return float(max(n, 10))
    if kind == BOILER:
        return -float(max(n, 30))
    return -3.0


def best_run(kinds: list[str], sizes: list[int]) -> tuple[int, int] | None:
    """The contiguous run with the highest total score (Kadane), trimmed of non-prose edges."""
    best_sum, best = 0.0, None
    run_sum, run_start = 0.0, 0
    for i, (kind, n) in enumerate(zip(kinds, sizes)):
        if run_sum <= 0:
            run_sum, run_start = 0.0, i
        run_sum += _score(kind, n)
        if run_sum > best_sum:
            best_sum, best = run_sum, (run_start, i + 1)
    if best is None:
        return None
    start, end = best
    while start < end and kinds[start] != PROSE:
        start += 1
    while end > start and kinds[end - 1] != PROSE:
        end -= 1
    return (start, end) if start < end else None


def _valid_date(y: int, m: int, d: int) -> str | None:
    if not 1900 <= y <= 2100:
        return None
    # By hand, not datetime.date: the datetime module is not otherwise loaded before the first paint.
    if not 1 <= m <= 12:
        return None
    leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    if not 1 <= d <= (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[m - 1]:
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def find_date(text: str) -> str | None:
    """The first full calendar date in ``text`` as ISO ``YYYY-MM-DD`` (Chinese, ISO, ROC and English forms)."""
    found: list[tuple[int, str]] = []
    for pattern, flags, order in _DATE_PATTERNS:
        for match in re.finditer(pattern, text, flags):
            g = match.groups()
            if order == "ymd":
                iso = _valid_date(int(g[0]), int(g[1]), int(g[2]))
            elif order == "roc":
                iso = _valid_date(int(g[0]) + 1911, int(g[1]), int(g[2]))
            elif order == "mdy":
                iso = _valid_date(int(g[2]), _MONTHS.get(g[0].lower().rstrip("."), 0), int(g[1]))
            else:
                iso = _valid_date(int(g[2]), _MONTHS.get(g[1].lower().rstrip("."), 0), int(g[0]))
            if iso:
                found.append((match.start(), iso))
                break
    return min(found)[1] if found else None


def _name_tokens(rest: str) -> str | None:
    """Names at the start of a byline's remainder, skipping a leading role word (记者) and stopping at the next role."""
    names: list[str] = []
    for token in re.split(r"[\s,，、;；/／|]+", rest.strip()):
        token = token.strip("()（）【】[]")
        if not token:
            continue
        if any(w in token for w in _STOP_WORDS) or ":" in token or "：" in token:
            break
        if token in _ROLE_WORDS:
            if names:
                break
            continue
        if not 2 <= len(token) <= 4 or han_count(token) != len(token):
            break  # Chinese names are 2–4 Han characters; anything else ends the byline
        names.append(token)
    return " ".join(names) or None


def find_author(line: str) -> str | None:
    """The author named in a byline (``作者：记者 张三 通讯员 …`` → ``张三``; ``By Jane Doe`` → ``Jane Doe``)."""
    # The patterns with Han ranges are tried only on lines with the words they need: compiling each
    # costs ~2 ms per range (re builds a 64 K map), paid at a window's first paint of a new file.
    reporter = "记者" in line or "記者" in line
    match = (reporter and re.search(_BYLINE_ZH_DATELINE, line[:80])) or \
        (("/" in line or "／" in line) and re.match(_BYLINE_ZH_SLASH, line))
    if match:
        return match.group(1)
    for pattern in (_BYLINE_ZH, _BYLINE_ZH_NOCOLON, _BYLINE_ZH_MEDIA) if reporter else (_BYLINE_ZH,):
        for match in re.finditer(pattern, line):
            name = _name_tokens(next(g for g in match.groups() if g))
            if name:
                return name
    match = re.search(_BYLINE_EN, line)
    if match and re.search(_CREDIT_NOT_AUTHOR, line[: match.start() + 1]):
        match = None  # "Proudly powered by WordPress", "Theme by …": software, not a writer
    if match and len(line) < 120 and (match.start() == 0 or size(line) < 30):
        name = re.split(r"\s+(?:on|at|in|for|posted|updated|published)\s+|\s*[|,·•]\s*", match.group(1))[0].strip()
        name = re.sub(r"\s+(?:and|&)$", "", name)
        if 2 <= len(name) <= 60 and not find_date(name):
            return name
    return None


_SOURCE_ZH = r"(?:^|[\s　|｜])(?:稿件)?来源\s*[:：]\s*([^\s、，,;；|｜/（(\-—－]{2,24})"
_HOSTNAME = r"(?<![\w@./-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:com|net|org|gov|edu|info|cn|hk|tw|mo|sg|my)(?:\.[a-z]{2})?)(?![\w./-])"


def find_site(line: str) -> tuple[str, int] | None:
    """The publication a dateline or source line names, with its strength (2: ``来源：新华网``, 1: a hostname).

    ``来源：杭州网、杭州通客户端`` → ``杭州网``; ``hwyst.hangzhou.com.cn  2022年02月04日`` →
    ``hwyst.hangzhou.com.cn`` (``www.`` dropped, as for a page's address).  Long lines (a
    copyright notice that mentions a 稿件来源) name none.
    """
    if size(line) >= 60:
        return None
    match = re.search(_SOURCE_ZH, line)
    if match:
        return match.group(1), 2
    match = re.search(_HOSTNAME, line, re.I)
    if match:
        host = match.group(1).lower()
        return (host[4:] if host.startswith("www.") else host), 1
    return None


def is_meta_line(line: str) -> bool:
    """A short dateline or byline (``发布时间：2023-05-12 来源：…``, ``（记者 张三）``)."""
    if size(line) >= 40 or re.search(r"[。！？，,]\s*[”」』）)]?\s*$|，", line):
        return False  # a sentence that happens to start with a date is prose
    return bool(find_date(line) or find_author(line) or re.match(r"^\s*[(（【]?\s*(?:记者|記者|通讯员|通訊員|发布时间|發布時間|时间|時間)", line))


def _title_like(line: str, kind: str) -> bool:
    if kind == BOILER or (find_date(line) or find_author(line)) and size(line) < 30:
        return False  # datelines and bylines sit between title and body
    n = size(line)
    return 4 <= n <= 120 and not line.rstrip().endswith(("。", "：", ":", "，", ","))


def analyse_lines(lines: list[str], header_lines: int = 8) -> LineArticle | None:
    """Find the article in ``lines`` (already whitespace-folded, non-empty). None if nothing prose-like."""
    if not lines:
        return None
    sizes = [size(line) for line in lines]
    kinds = [classify(line, n) for line, n in zip(lines, sizes)]
    run = best_run(kinds, sizes)
    if run is None:
        keep = [i for i, k in enumerate(kinds) if k != BOILER]
        if not keep:
            return None
        run = (keep[0], keep[-1] + 1)
    start, end = run
    title = title_index = None
    for i in range(start - 1, max(-1, start - 1 - header_lines), -1):
        if _title_like(lines[i], kinds[i]):
            title, title_index = lines[i], i
            break
    paragraphs = tuple(line for line, kind in zip(lines[start:end], kinds[start:end]) if kind != BOILER)
    # Dates sit between title and body or just after the body; bylines too.
    head_from = title_index if title_index is not None else max(0, start - header_lines)
    near = list(range(head_from, start)) + list(range(end, min(len(lines), end + 6)))
    date = next((d for d in (find_date(lines[i]) for i in near) if d), None)
    author = next((a for a in (find_author(lines[i]) for i in near) if a), None)
    if author is None and end - start >= 2:  # a closing "（记者 张三）" inside the run
        last = lines[end - 1]
        if size(last) < 30:
            author = find_author(last)
    sites = [found for found in (find_site(lines[i]) for i in near) if found]
    site = max(sites, key=lambda found: found[1])[0] if sites else None  # the first of the strongest
    return LineArticle(start, end, paragraphs, title, title_index, date, author, site)
