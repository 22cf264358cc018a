"""Saved web pages → article paragraphs and metadata, without running or fetching anything.

The page is parsed by lxml's HTML parser with network access off and without
``huge_tree`` (libxml2 then caps nesting at 256 levels, which also bounds any
recursion in trafilatura).  trafilatura gets the parsed tree, never a URL.
When it finds nothing, an iterative flattener turns the page into lines and
the line heuristics of :mod:`reader.ingest.heuristics` pick the article.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html

from reader.ingest import cleanup, heuristics
from reader.ingest.language import language
from reader.ingest.normalize import normalize_text

_LOG = logging.getLogger(__name__)
# trafilatura and its helpers log "discarding data" and the like as warnings;
# without a handler Python would print them on stderr, under the CLI's one
# line.  A NullHandler keeps them out of the terminal yet lets an app that
# configures logging still see them.
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

#: Pages with more decoded characters than this skip trafilatura (minutes on
#: tens of megabytes) and go straight to the linear fallback.
TRAFILATURA_MAX_CHARS = 8_000_000

_SKIP = {"script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed", "applet", "svg",
         "math", "select", "option", "textarea", "button", "input", "head", "canvas", "audio", "video", "map", "link",
         "meta", "base", "title"}
_PRUNE = {"nav", "aside", "footer", "form", "menu", "dialog"}
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table", "section",
          "article", "header", "footer", "nav", "aside", "blockquote", "pre", "dd", "dt", "dl", "form", "hr", "figure",
          "figcaption", "main", "address", "center", "caption", "tbody", "thead", "details", "summary", "body", "html"}
_BOILER_ATTR = re.compile(
    r"(?:^|[\s_\-])(?:nav|navbar|menu|footer|foot|sidebar|side|comments?|respond|copyright|share|sharing|related|"
    r"breadcrumbs?|crumbs?|banner|advert|ads?|toolbar|social|subscribe|widget|cookie|shengming|disclaimer)(?:$|[\s_\-\d])",
    re.I,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.I)
# Separators between headline, section and site in a <title>.  A doubled
# em dash (——) belongs to Chinese headlines, so only a single one counts; a
# bare hyphen counts between Han characters (标题-新华网), not inside words.
_TITLE_SEP = re.compile(
    r"\s*(?:_|\||｜|–|(?<!—)—(?!—)|-{2,}|::|»)\s*|\s+[-·:]\s+|(?<=[\u4e00-\u9fff）”」])-(?=[\u4e00-\u9fff])"
)
_SEP_CHARS = " \t-–—_|｜·:»"
_BILINGUAL_TAG = re.compile(r"[\s(（【\[]*(?:中英(?:文)?对照|中英双语|双语(?:阅读|对照)?|英汉对照|中英對照|雙語)[)）】\]]*\s*$")
_DATE_KEYS = ("article:published_time", "og:article:published_time", "published_time", "og:published_time",
              "datepublished", "pubdate", "publishdate", "publish_date", "publish-date", "publishtime",
              "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.created", "sailthru.date", "parsely-pub-date",
              "article.published", "release_date", "date", "created")


@dataclass(frozen=True)
class PageText:
    """What one page yields before the language split."""

    title: str
    date: str | None
    author: str | None
    site: str | None
    source_url: str | None
    paragraphs: tuple[str, ...]
    headings: tuple[str, ...]  # h1–h3 texts near the top, for an English title on bilingual pages
    too_deep: bool = False  # the parser stopped at its nesting limit (the rest of the page is lost)


# HTML5 void elements libxml2's HTML 4 parser does not know: it nests all that
# follows inside them, and cleaners that drop <embed> would drop the article.
_UNKNOWN_VOID = ("embed", "source", "track", "wbr", "keygen")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_TOO_DEEP_ATTR = "data-duizhao-too-deep"
# A DOCTYPE with an internal subset (entity declarations: XXE, billion laughs)
# means nothing to the HTML parser, which would show "]>" as text.
_DOCTYPE_SUBSET = re.compile(r"^\s*<!DOCTYPE[^\[>]*\[.*?\]\s*>", re.I | re.S)
# Characters XML trees cannot hold; never visible text anyway.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _drop(el, keep_children: bool) -> None:
    """Remove ``el`` keeping its tail text (and its children if asked)."""
    try:
        if keep_children:
            el.drop_tag()
        else:
            el.drop_tree()
    except ValueError:
        # lxml refuses to merge text holding control characters (from
        # character references like &#1;): drop the tail with the element.
        parent = el.getparent()
        if parent is not None:
            el.tail = None
            if keep_children:
                for child in list(el):
                    el.addprevious(child)
            parent.remove(el)


def parse_html(text: str):
    """An lxml tree for ``text`` (never fetching, never expanding entities), or None if empty."""
    text = _XML_INVALID.sub("", text)
    head = _XML_DECL.sub("", text[:65536])
    text = _DOCTYPE_SUBSET.sub("", head) + text[65536:]
    data = text.encode("utf-8")  # surrogates were removed above
    if not data.strip():
        return None
    parser = lxml_html.HTMLParser(encoding="utf-8", no_network=True, remove_pis=True, recover=True,
                                  huge_tree=False, default_doctype=False)
    try:
        root = etree.fromstring(data, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    if root is None:
        return None
    # libxml2 stops at 256 levels of nesting (we never ask for more): note it
    # so that a page that yields nothing can say why.
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        root.set(_TOO_DEEP_ATTR, "1")
    for el in list(root.iter(*_UNKNOWN_VOID)):
        if el.getparent() is not None:
            _drop(el, keep_children=True)  # keeps what the parser wrongly put inside
    return root


# Never visible as text (code, fallback content, form widgets, media):
# removed before any extractor sees the tree.
_INVISIBLE = ("script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "applet", "svg",
              "math", "select", "textarea", "button", "canvas", "audio", "video", "map")


def strip_invisible(root) -> None:
    """Drop elements whose content is never shown as text, and comments (their tails stay)."""
    for el in list(root.iter(*_INVISIBLE)):
        if el.getparent() is not None:
            _drop(el, keep_children=False)
    # Portals wrap keyword links in markers (<!--keyword-->谷歌<!--/keyword-->):
    # the text after a comment is its tail, which extractors drop with it.
    for el in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        if el.getparent() is not None:
            _drop(el, keep_children=False)


def _text_of(el) -> str:
    return normalize_text("".join(t for t in el.itertext() if isinstance(t, str)))


def _hidden(el) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def page_lines(root, prune: bool) -> list[str]:
    """The page flattened to its visible block texts, in order (iterative: no recursion on deep trees).

    ``prune`` also drops navigation, sidebars, footers, forms and elements whose
    class/id says they are boilerplate (for the fallback extractor).
    """
    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            line = normalize_text("".join(buf))
            if line:
                lines.append(line)
            buf.clear()

    walker = etree.iterwalk(root, events=("start", "end"))
    skipped = None
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else None
        if event == "start":
            if tag is None:  # comment or processing instruction: only its tail is text
                continue
            tag = tag.lower()
            skip = tag in _SKIP or _hidden(el)
            if prune and not skip:
                skip = tag in _PRUNE or bool(_BOILER_ATTR.search(f"{el.get('class', '')} {el.get('id', '')}"))
            if skip and el is not root:
                walker.skip_subtree()
                skipped = el
                continue
            if tag in _BLOCK:
                flush()
            if el.text:
                buf.append(el.text)
        else:
            if tag is not None and el is not skipped and tag.lower() in _BLOCK:
                flush()
            skipped = None
            if el.tail and el is not root:
                buf.append(el.tail)
    flush()
    return lines


def _metas(root) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or ""
        value = meta.get("content")
        if key and value and key.lower() not in found:
            found[key.lower().strip()] = normalize_text(value)
    return found


def _json_ld(root) -> dict[str, str]:
    """headline, datePublished, author, publisher and url from JSON-LD blocks (first found wins)."""
    out: dict[str, str] = {}
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text or len(script.text) > 1_000_000:
            continue
        try:
            stack = [json.loads(script.text)]
        except (ValueError, RecursionError):
            continue
        steps = 0
        while stack and steps < 10_000:
            steps += 1
            node = stack.pop()
            if isinstance(node, list):
                stack.extend(reversed(node))
                continue
            if not isinstance(node, dict):
                continue
            for key in ("headline", "datePublished", "url"):
                if isinstance(node.get(key), str) and key not in out:
                    out[key] = node[key]
            for key in ("author", "publisher"):
                value = node.get(key)
                if isinstance(value, list) and value:
                    value = value[0]
                if isinstance(value, dict):
                    value = value.get("name")
                if isinstance(value, str) and value.strip() and key not in out:
                    out[key] = normalize_text(value)
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
    return out


def _http_url(value: str | None) -> str | None:
    """``value`` if it is a well-formed http(s) address; a malformed one (``http://[::1``) is ignored."""
    if not value or not re.match(r"https?://[^\s/]+", value.strip(), re.I):
        return None
    try:
        parts = urlsplit(value.strip())
        parts.hostname, parts.port  # noqa: B018 - each raises ValueError when malformed (IPv6 literal, port)
    except ValueError:
        return None
    return value.strip()


def _source_url(root, metas: dict[str, str], text: str, ld: dict[str, str]) -> str | None:
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            url = _http_url(link.get("href"))
            if url:
                return url
    for candidate in (metas.get("og:url"), ld.get("url")):
        url = _http_url(candidate)
        if url:
            return url
    match = _SAVED_FROM.search(text[:4096])
    return _http_url(match.group(1)) if match else None


def _headings(root) -> list[str]:
    out = []
    for el in root.iter("h1", "h2", "h3"):
        text = _text_of(el)
        if text:
            out.append(text)
        if len(out) >= 6:
            break
    return out


def choose_title(raw_title: str, headings: list[str], fallback: str | None) -> tuple[str, str | None]:
    """(headline, site name from the title's suffix) from the <title>, the page's headings and other candidates."""
    raw_title = _BILINGUAL_TAG.sub("", raw_title).strip()
    h1s = [h for h in headings if len(h) >= 4]
    for h in sorted(h1s, key=len, reverse=True):
        if raw_title and h in raw_title:
            # The rest of the <title> is the site name only when the headline
            # sits at one end with a separator between them.
            rest = raw_title.replace(h, "", 1)
            # strip separator characters left at the cut ("…工作-新华网" leaves "-新华网")
            parts = [p.strip(_SEP_CHARS) for p in _TITLE_SEP.split(rest) if p.strip(_SEP_CHARS)]
            # "headline_section_site" or "site | headline": the part farthest
            # from the headline is the site.
            if not parts or not (raw_title.startswith(h) or raw_title.endswith(h)):
                return h, None
            return h, (parts[-1] if raw_title.startswith(h) else parts[0])
    if raw_title:
        parts = [p.strip() for p in _TITLE_SEP.split(raw_title) if p and p.strip()]
        if len(parts) > 1:
            best = max(parts, key=heuristics.size)
            others = [p for p in parts if p is not best]
            site = others[-1] if parts[0] is best else others[0]
            return best, site
        return raw_title, None
    if h1s:
        return h1s[0], None
    return (fallback or "").strip(), None


def _meta_date(root, metas: dict[str, str], ld: dict[str, str]) -> str | None:
    for key in _DATE_KEYS:
        if key in metas:
            date = heuristics.find_date(metas[key][:200])
            if date:
                return date
    if ld.get("datePublished"):
        date = heuristics.find_date(ld["datePublished"][:200])
        if date:
            return date
    for el in root.iter("time"):
        value = el.get("datetime") or el.get("pubdate") or ""
        date = heuristics.find_date(value[:200])
        if date and not any(a.tag in ("footer", "aside", "nav") for a in el.iterancestors()):
            return date
    return None


@functools.lru_cache(maxsize=1)
def _config():
    """trafilatura's settings with ours applied (built once; never modified afterwards)."""
    from copy import deepcopy

    from trafilatura.settings import DEFAULT_CONFIG

    config = deepcopy(DEFAULT_CONFIG)
    # Below this size trafilatura swaps its result for a "baseline" that glues
    # the whole <article> (headline, dateline, all paragraphs) into one block;
    # short news items are common, and our own fallback covers empty results.
    config["DEFAULT"]["min_extracted_size"] = "10"
    return config


def _trafilatura(root) -> tuple[list[str], object | None]:
    """Paragraphs trafilatura keeps (split at line breaks) and its metadata document."""
    try:
        import trafilatura

        doc = trafilatura.bare_extraction(root, url=None, with_metadata=True, include_comments=False,
                                          include_tables=True, include_images=False, include_links=False,
                                          deduplicate=False, config=_config())
    except Exception as exc:  # a library failure must degrade to the fallback, never reach the user
        _LOG.debug("trafilatura failed: %r", exc)
        return [], None
    if doc is None or getattr(doc, "body", None) is None:
        return [], doc
    paragraphs = _blocks(doc.body)  # type: ignore[union-attr]  # a Document here: the dict form has no body
    return [p for p in (normalize_text(p) for p in paragraphs) if p], doc


# trafilatura's inline elements; every other element (p, head, list, item,
# quote, table, row, cell, lb = <br>) starts a new paragraph.
_INLINE = {"hi", "ref", "del", "span", "a", "b", "i", "em", "strong", "sub", "sup", "code"}


def _blocks(body) -> list[str]:
    """trafilatura's output tree as paragraphs, cut at every block and ``<lb/>``.

    Chinese portals separate paragraphs with ``<br><br>`` inside one element,
    or put them in table cells, so element boundaries alone are not enough.
    A single ``<lb/>`` inside a sentence is a hard-wrapped line, not a
    paragraph end (see :func:`_wrapped_line`).  Iterative, like every walk here.
    """
    parts = [""]
    kinds = ["block"]  # what separates each part from the one before it

    def cut(kind: str) -> None:
        parts.append("")
        kinds.append(kind)

    for event, node in etree.iterwalk(body, events=("start", "end")):
        tag = node.tag if isinstance(node.tag, str) else None
        block = tag is not None and tag not in _INLINE
        if event == "start":
            if block:
                cut("lb" if tag == "lb" else "block")
            if node.text and tag is not None:
                parts[-1] += node.text
        else:
            if block and tag != "lb":
                cut("block")
            if node is not body and node.tail:
                parts[-1] += node.tail
    out: list[str] = []
    breaks, block = 0, False
    for text, kind in zip(parts, kinds):
        if kind == "lb":
            breaks += 1
        else:
            block = True
        if not text.strip():
            continue
        if out and not block and breaks == 1 and _wrapped_line(out[-1], text):
            out[-1] = out[-1].rstrip() + text.lstrip()
        else:
            out.append(text)
        breaks, block = 0, False
    return out


_OPEN_LINE = re.compile(r"[\u4e00-\u9fff，、]$")
_CONTINUED_LINE = re.compile(r"[\u4e00-\u9fff]")


def _wrapped_line(before: str, after: str) -> bool:
    """Whether a single line break between ``before`` and ``after`` only wraps a sentence.

    The line before ends inside a sentence (a Han character or a comma) after
    at least 20 Han characters, and the next line starts with a Han character,
    not an indent, bullet or number: a new paragraph would.
    """
    before = before.rstrip()
    after = after.lstrip(" \t\r\n")  # an ideographic space (　) is an indent: it stays
    return (_OPEN_LINE.search(before) is not None and _CONTINUED_LINE.match(after) is not None
            and heuristics.han_count(before) >= 20)


_PRE_STYLE = re.compile(r"white-space\s*:\s*pre", re.I)


def draw_preformatted_breaks(root) -> None:
    """Line breaks in ``<pre>`` and ``white-space: pre*`` text become ``<br>``: the page draws them.

    Extractors and :func:`normalize_text` fold a newline into a space (or
    nothing, between Han characters), which would merge paragraphs.
    """
    boxes = list(root.iter("pre"))
    boxes += [el for el in root.xpath("//*[contains(@style, 'pre')]") if _PRE_STYLE.search(el.get("style"))]
    done = set()
    for box in boxes:
        if box in done:
            continue
        for node in list(box.iter()):
            done.add(node)
            if not isinstance(node.tag, str):
                continue
            if node.text and ("\n" in node.text or "\r" in node.text):
                first, *rest = node.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
                node.text = first
                for i, line in enumerate(rest):
                    br = etree.Element("br")
                    br.tail = line
                    node.insert(i, br)
            if node is not box and node.tail and ("\n" in node.tail or "\r" in node.tail):
                first, *rest = node.tail.replace("\r\n", "\n").replace("\r", "\n").split("\n")
                node.tail = first
                parent = node.getparent()
                at = parent.index(node)
                for i, line in enumerate(rest, start=1):
                    br = etree.Element("br")
                    br.tail = line
                    parent.insert(at + i, br)


def join_wrapped_lines(root) -> None:
    """Drop each single ``<br>`` that only wraps a sentence (see :func:`_wrapped_line`).

    Done on the tree, before extraction: trafilatura turns the lines of a
    table cell into separate paragraphs, after which the wrap cannot be told.
    """
    for br in list(root.iter("br")):
        parent = br.getparent()
        if parent is None:
            continue
        prev, nxt = br.getprevious(), br.getnext()
        if prev is None:
            before = parent.text or ""
        elif prev.tail and prev.tail.strip():
            before = prev.tail
        elif prev.tag != "br" and isinstance(prev.tag, str):
            before = "".join(t for t in prev.itertext() if isinstance(t, str))
        else:
            continue  # <br><br>: a paragraph break
        after = br.tail or ""
        if not after.strip():
            if nxt is None or nxt.tag == "br" or not isinstance(nxt.tag, str) or nxt.tag.lower() in _BLOCK:
                continue
            after = "".join(t for t in nxt.itertext() if isinstance(t, str))
        if _wrapped_line(before[-200:], after[:50]):
            _drop(br, keep_children=False)


def leaf_sections_to_paragraphs(root) -> None:
    """A ``<section>`` holding only inline content is drawn as a paragraph: it becomes a ``<p>``.

    Editors of WeChat-style layouts write paragraphs as ``<section><span>…``;
    trafilatura merges such sections, and can drop one of them.
    """
    if next(root.iter("section"), None) is None:
        return
    for el in root.xpath(_LEAF_SECTIONS):
        el.tag = "p"


# Sections without a block element inside (XPath: the subtree scans run in C).
_LEAF_SECTIONS = "//section[not(descendant::*[{}])]".format(
    " or ".join(f"self::{tag}" for tag in sorted(_BLOCK - {"br"})))


def wrap_loose_text(root) -> None:
    """Text lying loose beside ``<p>`` elements (``<div>第一段<p>第二段</p></div>``) gets a ``<p>`` of its own.

    Extractors keep the paragraphs and drop such a run, which is often the
    first paragraph.  A run ends at any block element or ``<br>``; inline
    elements (links, bold) inside it move into the new paragraph.
    """
    parents, seen = [], set()
    for text in root.xpath("//*[p]/text()[normalize-space()]"):  # loose text in a block that holds a <p>
        parent = text.getparent().getparent() if text.is_tail else text.getparent()
        if parent is not None and parent not in seen:
            seen.add(parent)
            parents.append(parent)
    for parent in parents:
        # (block element before the run or None, its inline children, their text)
        runs: list[tuple[Any, list, str]] = []
        before: Any = None
        nodes: list = []
        texts = [parent.text or ""]
        for child in parent:
            tag = child.tag.lower() if isinstance(child.tag, str) else ""
            if tag in _BLOCK:
                runs.append((before, nodes, "".join(texts)))
                before, nodes, texts = child, [], [child.tail or ""]
            else:
                nodes.append(child)
                texts.append("".join(t for t in child.itertext() if isinstance(t, str)))
                texts.append(child.tail or "")
        runs.append((before, nodes, "".join(texts)))
        for before, nodes, text in runs:
            if heuristics.han_count(text) < 8:
                continue
            p = lxml_html.Element("p")
            if before is None:
                p.text, parent.text = parent.text, None
                parent.insert(0, p)
            else:
                p.text, before.tail = before.tail, None
                before.addnext(p)
            for node in nodes:
                p.append(node)  # moves it, with its tail


def _trim(paragraphs: list[str], title: str, headings: tuple[str, ...]) -> list[str]:
    """Remove the headline(s) and boilerplate/dateline/byline lines at either edge of the body."""
    out = [p for p in paragraphs if p != title]

    def edge(p: str) -> bool:
        return heuristics.is_boilerplate(p) or heuristics.is_meta_line(p)

    def other_title(p: str) -> bool:
        # The headline in the other language (a bilingual page's <h2>), not
        # the article's own first subheading.
        return p in headings[:3] and language(p) != language(title)

    while out and (edge(out[0]) or other_title(out[0])):
        out.pop(0)
    while out and edge(out[-1]):
        out.pop()
    return out


def _near_title(lines: list[str], title: str, finder, after: int = 6, before: int = 2):
    for i, line in enumerate(lines):
        if title and (line == title or (len(title) >= 6 and title in line and len(line) < len(title) * 2)):
            for j in list(range(i + 1, min(len(lines), i + 1 + after))) + list(range(max(0, i - before), i)):
                found = finder(lines[j])
                if found:
                    return found
            return None
    return None


class _Lines:
    """Every visible line of the page, boilerplate included, computed on first use.

    Only needed to find a dateline or byline the metadata did not give.
    """

    def __init__(self, root) -> None:
        self._root = root
        self._lines: list[str] | None = None

    def __call__(self) -> list[str]:
        if self._lines is None:
            self._lines = page_lines(self._root, prune=False)
        return self._lines


def _body(root, text: str, lines: _Lines) -> tuple[list[str], object | None, heuristics.LineArticle | None]:
    """Article paragraphs: trafilatura first, the line heuristics when it finds (almost) nothing."""
    doc = None
    paragraphs: list[str] = []
    if len(text) <= TRAFILATURA_MAX_CHARS:
        paragraphs, doc = _trafilatura(root)
    if sum(heuristics.size(p) for p in paragraphs) < 20:
        # Pruning by class/id can be wrong (class="content-side"): then all lines.
        fallback = heuristics.analyse_lines(page_lines(root, prune=True)) or heuristics.analyse_lines(lines())
        return (list(fallback.paragraphs) if fallback else []), doc, fallback
    if len(paragraphs) == 1 and len(paragraphs[0]) < 200_000:  # bounded: each finer line is searched in it
        # trafilatura sometimes returns a whole <article> as one block; if the
        # line heuristics find the same text in finer paragraphs, use those.
        finer = heuristics.analyse_lines(page_lines(root, prune=True))
        if finer and len(finer.paragraphs) >= 2 and all(p in paragraphs[0] for p in finer.paragraphs):
            paragraphs = list(finer.paragraphs)
    return _redraw(paragraphs, lines), doc, None


_LONG_BLOCK = 150  # characters: shorter blocks are never several paragraphs merged


def _redraw(paragraphs: list[str], lines: _Lines) -> list[str]:
    """Each long block the extractor merged is cut where the page draws its lines.

    A block is replaced by consecutive page lines only when they make it up
    exactly (spaces aside), so nothing is added or lost.
    """
    long = [i for i, p in enumerate(paragraphs) if len(p) >= _LONG_BLOCK]
    if not long:
        return paragraphs
    drawn = [("".join(line.split()), line) for line in lines()]
    starts: dict[str, list[int]] = {}
    for j, (bare, _line) in enumerate(drawn):
        if len(bare) >= 8:
            starts.setdefault(bare[:8], []).append(j)
    out = list(paragraphs)
    for i in reversed(long):
        whole = "".join(out[i].split())
        for j in starts.get(whole[:8], ())[:20]:
            parts, at, k = [], 0, j
            while k < len(drawn) and at < len(whole) and whole.startswith(drawn[k][0], at):
                if drawn[k][0]:
                    parts.append(drawn[k][1])
                at += len(drawn[k][0])
                k += 1
            if at == len(whole) and len(parts) >= 2:
                out[i:i + 1] = parts
                break
    return out


def _date(root, metas, ld, lines: _Lines, title: str, fallback, doc) -> str | None:
    date = _meta_date(root, metas, ld) or _near_title(lines(), title, heuristics.find_date)
    if date is None and fallback is not None:
        date = fallback.date
    traf_date = getattr(doc, "date", None)
    # htmldate falls back to a bare year (a copyright line) as YYYY-01-01:
    # accept its answer only if the page really shows that full date.
    if date is None and traf_date and (
        not traf_date.endswith("-01-01") or any(heuristics.find_date(line) == traf_date for line in lines())
    ):
        date = traf_date
    return date


# "责任编辑：张三", "（责编：汤诗瑶、丁涛）": the names after it edited the page, they did not write it.
_EDITOR = re.compile(r"(?:[责責]任[编編][辑輯]|[责責][编編]|[编編][辑輯]|[编編][审審]|[审審]核|校[对對])\s*[:：/／]\s*(.{1,40})")


def _editors(lines: list[str]) -> set[str]:
    names: set[str] = set()
    for line in lines:
        if heuristics.size(line) < 60:
            for match in _EDITOR.finditer(line):
                names.update(n for n in re.split(r"[\s、，,;；/／()（）]+", match.group(1)) if n)
    return names


def _author(metas, ld, lines: _Lines, title: str, paragraphs: list[str]) -> str | None:
    editors: set[str] | None = None
    for key in ("author", "article:author", "dc.creator", "byl"):
        value = metas.get(key)
        # Skip URLs and bare handles ("rmrb"): a name has capitals, spaces or Han.
        if value and not _http_url(value) and len(value) <= 80 and not re.fullmatch(r"[a-z0-9_.\-]+", value):
            if _EDITOR.search(value):
                continue  # "责任编辑：张三" in the author field
            value = heuristics.find_author(value) or value
            editors = _editors(lines()) if editors is None else editors
            if value not in editors:  # many CMSs put the desk editor in <meta name="author">
                return value
    author = ld.get("author")
    if author and (_EDITOR.search(author) or author in (editors if editors is not None else _editors(lines()))):
        author = None
    author = author or _near_title(lines(), title, heuristics.find_author, after=8, before=0)
    if author is None:
        body = set(paragraphs)
        for line in lines():
            if line not in body and heuristics.size(line) < 80:
                author = heuristics.find_author(line)
                if author:
                    break
    return author


# Words of a page's interface that a title suffix or a site-name field can hold instead of a name.
_UI_WORD = re.compile(r"(?:前往|返回|首页|首頁|主页|主頁|登录|登入|注册|註冊|更多|分享|打开|打開|下载|下載|点击|點擊|进入|進入|"
                      r"查看|关闭|關閉|搜索|搜尋|菜单|選單|导航|導航|正文|详情|詳情|全文|阅读|閱讀|评论|評論|网页|網頁)\s*")


def _site_name(value: str | None, title: str) -> str | None:
    value = (value or "").strip()
    if not value or value == title or len(value) > 60 or (_UI_WORD.match(value) and len(value) <= 6):
        return None
    return value


def _site(metas, ld, title_site: str | None, doc, source_url: str | None, lines: _Lines | None = None,
          title: str = "") -> str | None:
    site = None
    for candidate in (metas.get("og:site_name"), metas.get("application-name"), title_site, ld.get("publisher"),
                      getattr(doc, "sitename", None)):
        site = _site_name(candidate, title)
        if site:
            break
    if not site and lines is not None:
        found = _near_title(lines(), title, heuristics.find_site, after=6, before=0)
        site = _site_name(found[0], title) if found else None
    if not site and source_url:
        site = urlsplit(source_url).hostname
        site = site[4:] if site and site.startswith("www.") else site
    return site or None


def _in_feed(root, paragraphs: list[str]) -> bool:
    """Whether the paragraphs sit in a feed: one of three or more like items (tag and class), each with a link."""
    # A run of text without spaces from the longest of the first paragraphs
    # (spaces may differ between the page and the normalised text).
    run = re.search(r"\S{8,}", max(paragraphs[:3], key=len))
    if run is None:
        return False
    snippet = run.group()[:12]
    found = root.xpath("//*[text()[contains(., $s)]]", s=snippet)
    if not found:
        return False
    for level, node in enumerate([found[0], *found[0].iterancestors()]):
        parent = node.getparent()
        if level >= 6 or parent is None:
            break
        if node.tag not in _FEED_ITEMS:
            continue
        # feed items are alike and each links to its story
        like = sum(1 for sib in parent if sib.tag == node.tag and sib.get("class") == node.get("class")
                   and next(sib.iter("a"), None) is not None)
        if like >= 3:
            return True
    return False


_FEED_ITEMS = {"li", "div", "article", "section", "dd", "tr"}


def _under_headline(root, title: str, paragraphs: list[str]) -> list[str]:
    """The article under the page's headline when the extractor chose a feed item instead.

    The headline's container is its nearest ancestor holding more than the
    headline; if none of the chosen paragraphs is in it and they sit in a run
    of like items (a feed), the container's own lines are read.
    """
    if not title or not paragraphs:
        return paragraphs
    head = next((h for h in root.iter("h1", "h2") if _text_of(h) == title), None)
    if head is None:
        return paragraphs
    container = None
    for level, ancestor in enumerate(head.iterancestors()):
        if level >= 8 or ancestor.tag in ("body", "html"):
            break
        if heuristics.han_count(etree.tostring(ancestor, method="text", encoding=str, with_tail=False)) >= \
                heuristics.han_count(title) + 40:
            container = ancestor
            break
    if container is None:
        return paragraphs
    inside = _text_of(container)
    if any(p[:30] in inside for p in paragraphs) or not _in_feed(root, paragraphs):
        return paragraphs
    found = heuristics.analyse_lines(page_lines(container, prune=True))
    if found is None or sum(heuristics.size(p) for p in found.paragraphs) < 20:
        return paragraphs
    return list(found.paragraphs)


def extract_page(text: str) -> PageText:
    """Article paragraphs and metadata from decoded HTML ``text`` (may return no paragraphs)."""
    root = parse_html(text)
    if root is None:
        saved = _SAVED_FROM.search(text[:4096])
        return PageText("", None, None, None, _http_url(saved.group(1)) if saved else None, (), ())
    metas = _metas(root)
    ld = _json_ld(root)
    headings = _headings(root)
    title_el = next(root.iter("title"), None)
    raw_title = (_text_of(title_el) if title_el is not None else "") or metas.get("og:title", "") or ld.get("headline", "")
    source_url = _source_url(root, metas, text, ld)
    strip_invisible(root)  # after JSON-LD (a <script>) was read
    draw_preformatted_breaks(root)
    join_wrapped_lines(root)
    leaf_sections_to_paragraphs(root)
    wrap_loose_text(root)
    lines = _Lines(root)

    # Unvisited lines are computed after these removals: recommendation boxes
    # and related-article lines are no dateline or byline either.
    cleanup.drop_teaser_sections(root)
    cleanup.drop_link_lines(root)
    links = cleanup.link_texts(root)
    from reader.ingest.wechat import article_lines, read_wechat

    wechat = read_wechat(root, text, lambda el: page_lines(el, prune=False))
    body = article_lines(wechat.lines) if wechat is not None else []
    if sum(heuristics.size(p) for p in body) >= 20:
        doc = fallback = None
        paragraphs = body
    else:
        wechat = None
        paragraphs, doc, fallback = _body(root, text, lines)
    title, title_site = choose_title(raw_title, headings, getattr(doc, "title", None))
    if wechat is not None and wechat.title:
        title = wechat.title
    if not title and fallback is not None and fallback.title:
        title = fallback.title
    if wechat is None:
        paragraphs = _under_headline(root, title, paragraphs)
    paragraphs = _trim(cleanup.clean_paragraphs(paragraphs, links), title, tuple(headings))
    return PageText(
        title=title,
        date=(wechat.date if wechat is not None else None) or _date(root, metas, ld, lines, title, fallback, doc),
        author=(wechat.author if wechat is not None else None) or _author(metas, ld, lines, title, paragraphs),
        site=(wechat.account if wechat is not None else None) or _site(metas, ld, title_site, doc, source_url, lines,
                                                                       title),
        source_url=source_url,
        paragraphs=tuple(paragraphs),
        headings=tuple(headings),
        too_deep=root.get(_TOO_DEEP_ATTR) == "1",
    )
