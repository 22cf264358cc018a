"""Re-anchoring annotations onto an edited text: exact, fuzzy or orphan, never misplaced."""

import random
import re

import pytest

from reader.store.anchoring import Anchor, History, Selector, make_selector, position_map, reanchor


def sentences(text):
    """Simple sentence spans (the test must not depend on the real splitter)."""
    spans, pos = [], 0
    for m in re.finditer(r"[。！？!?]+[”’]?|\n+", text):
        if text[pos : m.end()].strip():
            spans.append((pos, m.end()))
        pos = m.end()
    if text[pos:].strip():
        spans.append((pos, len(text)))
    return spans


def anchor(old, start, end, new, with_old_text, old_sents=None, new_sents=None):
    """Re-anchor ``old[start:end]`` onto ``new`` as the store does, with or without the old text."""
    selector = make_selector(old, start, end, old_sents if old_sents is not None else sentences(old))
    new_sents = new_sents if new_sents is not None else sentences(new)
    return reanchor(selector, new, new_sents, History(old, new) if with_old_text else None)


class Edited:
    """A text edited by (start, end, replacement) steps, with the map of surviving offsets."""

    def __init__(self, text):
        self.text = text
        self.pos = list(range(len(text)))  # old offset -> new offset (None: deleted/replaced)

    def replace(self, start, end, new):
        # start/end are offsets in the *current* text
        self.text = self.text[:start] + new + self.text[end:]
        shift = len(new) - (end - start)
        self.pos = [
            None if p is not None and start <= p < end else (p + shift if p is not None and p >= end else p)
            for p in self.pos
        ]
        return self

    def sub(self, old, new, count=1):
        i = self.text.index(old)
        return self.replace(i, i + len(old), new)

    def expected(self, start, end, original):
        """Where ``original[start:end]`` is now, if every character of it survived."""
        mapped = self.pos[start:end]
        if any(p is None for p in mapped):
            return None
        a, b = mapped[0], mapped[-1] + 1
        squash = lambda s: "".join(s.split())  # noqa: E731
        return (a, b) if squash(self.text[a:b]) == squash(original[start:end]) else None


def _typo(t):
    return Edited(t).sub("宣传引导", "宣传指导")


def _paragraph_before(t):
    return Edited(t).sub("\n\n“我们3名", "\n\n据了解,钱塘区集中隔离点共有隔离人员三百余名,其中党员二十余名。\n\n“我们3名")


def _sentence_removed(t):
    return Edited(t).sub("这支临时党支部的诞生,让如家隔离点成为钱塘区首个双支部管理样本。", "")


def _whitespace(t):
    e = Edited(t)
    i = 0
    while True:  # indent every paragraph and double its line break, as a word processor might
        i = e.text.find("\n\n", i)
        if i < 0:
            break
        e.replace(i, i + 2, "\r\n\r\n\u3000\u3000")
        i += 6
    return e


def _boilerplate(t):
    e = Edited(t)
    first = e.text.index("\n")
    e.replace(0, first, "杭州网 首页 | 新闻 | 视频 | 登录 注册")
    tail = e.text.index("来源:")
    return e.replace(tail, len(e.text), "责任编辑:某某\n相关阅读 更多新闻\n版权所有 杭州网\n")


def _all(t):
    e = _boilerplate(t)
    for step in (("宣传引导", "宣传指导"), ("这支临时党支部的诞生,让如家隔离点成为钱塘区首个双支部管理样本。", "")):
        e.sub(*step)
    e.sub("\n\n“我们3名", "\n\n据了解,钱塘区集中隔离点共有隔离人员三百余名。\n\n“我们3名")
    return e


EDITS = {
    "typo fixed": _typo,
    "paragraph inserted before": _paragraph_before,
    "sentence removed": _sentence_removed,
    "whitespace changed": _whitespace,
    "other boilerplate": _boilerplate,
    "all at once": _all,
}


def _annotations(text, n=50, seed=7):
    """``n`` spans in the article body: words, phrases and whole sentences, some very common."""
    rng = random.Random(seed)
    body_start = text.index("在钱塘区集中隔离点")
    body_end = text.index("来源:")
    spans = set()
    for word in ("党员", "隔离", "党支部"):  # short and repeated all over the text
        hits = [m.start() for m in re.finditer(word, text[body_start:body_end])]
        for h in rng.sample(hits, 3):
            spans.add((body_start + h, body_start + h + len(word)))
    sents = [s for s in sentences(text) if body_start <= s[0] < body_end and text[s[0]:s[1]].strip()]
    for s in rng.sample(sents, 6):
        spans.add(s)
    while len(spans) < n:
        a = rng.randrange(body_start, body_end - 30)
        b = a + rng.choice((2, 3, 4, 6, 8, 12, 20, 30))
        if text[a:b].strip() and not text[a].isspace() and not text[b - 1].isspace():
            spans.add((a, b))
    return sorted(spans)[:n]


@pytest.mark.parametrize("with_old_text", [False, True], ids=["selectors-only", "with-old-text"])
@pytest.mark.parametrize("edit", list(EDITS))
def test_reanchoring_after_realistic_edits(seed_zh, edit, with_old_text):
    old = seed_zh
    old_sents = sentences(old)
    spans = _annotations(old)
    assert len(spans) == 50
    edited = EDITS[edit](old)
    new_sents = sentences(edited.text)
    exact = survived = 0
    for start, end in spans:
        found = anchor(old, start, end, edited.text, with_old_text, old_sents, new_sents)
        expected = edited.expected(start, end, old)
        if expected is not None:
            survived += 1
            exact += found.status == "exact" and (found.start, found.end) == expected
        if found.status == "orphan":
            continue
        if expected is None:
            # the quote itself was edited or removed: only an approximate hit on its remains is acceptable
            assert found.status == "fuzzy", (edit, old[start:end], found)
            survivors = [p for p in edited.pos[start:end] if p is not None]
            assert survivors and found.start <= max(survivors) and min(survivors) < found.end, (edit, old[start:end])
        else:
            assert (found.start, found.end) == expected, f"{edit}: {old[start:end]!r} misplaced: {found}"
    assert survived >= 40
    assert exact / survived >= 0.95, f"{edit}: only {exact}/{survived} re-anchored exactly"


def test_removed_text_is_orphaned_not_moved(seed_zh):
    # "党支部" appears many times; removing the sentence around one occurrence must
    # orphan an annotation on it rather than jump to another occurrence.
    sentence = "这支临时党支部的诞生,让如家隔离点成为钱塘区首个双支部管理样本。"
    i = seed_zh.index(sentence) + sentence.index("党支部")
    sel = make_selector(seed_zh, i, i + 3, sentences(seed_zh))
    new = seed_zh.replace(sentence, "")
    assert reanchor(sel, new, sentences(new)).status == "orphan"


@pytest.mark.parametrize(
    "old, new, span, status, where",
    [
        ("甲乙丙丁戊己庚辛壬癸。子丑寅卯辰巳午未申酉。", "子丑寅卯辰巳午未申酉。", (11, 21), "exact", (0, 10)),
        ("甲乙丙丁戊己庚辛壬癸。子丑寅卯辰巳午未申酉。", "甲乙丙丁戊己庚辛壬癸。子丑寅卯辰巳午未申酉。", (2, 6), "exact", (2, 6)),
        # a typo fixed inside the quote: approximate match, same place
        ("甲乙丙丁戊己庚辛壬癸。子丑寅卯辰巳午未申酉。", "甲乙丙丁戊己庚辛壬癸。子丑寅X辰巳午未申酉。", (12, 20), "fuzzy", (12, 20)),
        # a two-character quote whose context is gone: orphan even though the characters remain elsewhere
        ("我们是党员。今天下雨了。他们也是党员。", "我们是党员。天气很好。", (16, 18), "orphan", None),
        # whitespace inside the quote changed: still exact, span stretched over the new spaces
        ("第一段落文字。\n第二段落文字。", "第一段落文字。\n\n　　第二段落文字。", (4, 10), "exact", (4, 13)),
        # nothing similar left
        ("甲乙丙丁戊己庚辛壬癸。", "完全不同的一句话。", (0, 5), "orphan", None),
    ],
)
def test_reanchor_cases(old, new, span, status, where):
    found = reanchor(make_selector(old, *span), new)
    assert found.status == status
    if where is not None:
        assert (found.start, found.end) == where
        assert 0 < found.score <= 1
    else:
        assert found.score == 0


def test_sentence_selector_is_used():
    old = "一二三。四五六。"
    sel = make_selector(old, 4, 6, sentences(old))
    assert (sel.sentence_index, sel.sentence_offset) == (1, 0)
    assert sel.prefix == "一二三。" and sel.suffix == "六。"


def test_make_selector_rejects_bad_spans():
    with pytest.raises(ValueError):
        make_selector("abc", 2, 2)
    with pytest.raises(ValueError):
        make_selector("abc", 1, 5)


def test_empty_quote_is_orphan():
    assert reanchor(Selector(" ", "", "", 0, 1), "abc").status == "orphan"
    assert isinstance(reanchor(Selector("abc", "", "", 0, 3), "abc"), Anchor)


def test_random_edits_never_misplace(seed_zh):
    """Seeded random edits (deletions, insertions, one-character changes) anywhere, spans anywhere.

    As the store runs it when a file changed: with the previous text (the seed
    page repeats a whole block, which only the old text can tell apart).
    """
    rng = random.Random(3)
    old_sents = sentences(seed_zh)
    outcomes = {"exact": 0, "fuzzy": 0, "orphan": 0}
    for _ in range(300):
        edited = Edited(seed_zh)
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(0, len(edited.text) - 40)
            kind = rng.choice(("delete", "insert", "change"))
            if kind == "delete":
                edited.replace(at, at + rng.randint(1, 40), "")
            elif kind == "insert":
                edited.replace(at, at, rng.choice(("新增内容。", "据悉,", "\n\n插入的一段话,包含党员和隔离。\n\n", "  ")))
            else:
                edited.replace(at, at + 1, "某")
        start = rng.randrange(0, len(seed_zh) - 30)
        end = start + rng.choice((1, 2, 3, 4, 6, 10, 20))
        if not seed_zh[start:end].strip():
            continue
        found = anchor(seed_zh, start, end, edited.text, True, old_sents)
        outcomes[found.status] += 1
        expected = edited.expected(start, end, seed_zh)
        if found.status == "orphan":
            continue
        if expected is not None:
            assert (found.start, found.end) == expected, (seed_zh[start:end], found)
        else:
            survivors = [p for p in edited.pos[start:end] if p is not None]
            assert survivors and found.start <= max(survivors) and min(survivors) < found.end, (seed_zh[start:end], found)
    assert outcomes["exact"] > 250


@pytest.mark.parametrize(
    "old, new, probes",
    [
        ("abc\ndef\nghi\n", "abc\nXYZ\ndef\nghi\n", {0: 0, 4: 8, 9: 13}),  # a line inserted
        ("abc\ndef\nghi\n", "abc\nghi\n", {0: 0, 9: 5}),  # a line removed
        ("abc\ndef\n", "  abc\r\n  def\r\n", {1: 3, 5: 10}),  # re-spaced lines
        ("一二三四五六七八", "一二三X四五六七八", {0: 0, 3: 4, 7: 8}),  # a character inserted
    ],
)
def test_position_map(old, new, probes):
    mapping = position_map(old, new)
    assert {k: mapping(k) for k in probes} == probes
