"""Page, database and user text is never markup; no widget opens a file outside the article's folder.

The session test runs a whole window over a page whose title, author, site and
text are markup written as text (``&lt;img src="file:///dev/zero"&gt;`` …),
with a word, a highlight, a note and tags saved from it, in a child process
under ``strace -f``: every file it opens is recorded, not only what Python
sees (Qt's own file reading is C++).  Before the rule, the saved sentence in
the words panel and the quote in the notes panel were rich text: Qt read
/dev/zero until it aborted.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument

from reader.ui import safe_text
from reader.ui.safe_text import RichLabel, bounded, escape, one_line, resource_path, window_title

SESSION = Path(__file__).resolve().parent / "hostile_session.py"
ROOT = Path(__file__).resolve().parents[2]

PARAGRAPHS = (
    "我们去银行存钱。这家银行在钱塘江边，已经开了很多年，附近的居民都很熟悉它。",
    "记者在现场看到，银行门口排起了长队，很多老人一早就来了。",
    "工作人员说，今年的新政策让办事更方便了，大家不用再跑好几个地方。",
)


def _page(folder: Path, outside: str) -> Path:
    """A page whose visible title, author, site and text are markup (escaped in the HTML, so text)."""
    hostile = (f'&lt;img src="file:///dev/zero"&gt; &lt;img src="{outside}"&gt; '
               '&lt;a href="file:///etc/passwd"&gt;link&lt;/a&gt; '
               "&lt;style&gt;body{background:url(file:///dev/zero)}&lt;/style&gt; "
               "\u202eRTL override\u202c \u2067isolate")
    # Inside the Chinese sentences (the Chinese side) and as a paragraph of its own (the English side).
    # (Chinese enough that the language split keeps the paragraph on the Chinese side.)
    body = "".join(f"<p>{p[:8]}{hostile}{p[8:]}{p * 3}</p>" for p in PARAGRAPHS) + f"<p>{hostile}</p>"
    page = (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>钱塘新闻 {hostile}</title>"
        # Short: ingest takes no longer author or site name.
        "<meta name='author' content='&lt;img src=file:///dev/zero&gt;'>"
        "<meta property='og:site_name' content='&lt;b&gt;站点&lt;/b&gt;&lt;img src=../outside.png&gt;'>"
        f"</head><body><article><h1>钱塘新闻 {hostile}</h1>{body}</article></body></html>"
    )
    folder.mkdir(parents=True)
    path = folder / "page.html"
    path.write_text(page, encoding="utf-8")
    (folder / "inside.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return path


def _opened_paths(trace: str) -> set[str]:
    """Every path strace saw opened successfully (open, openat, openat2)."""
    opened = set()
    for line in trace.splitlines():
        match = re.search(r'\bopen(?:at2?)?\((?:[^,]+, )?"((?:[^"\\]|\\.)*)".*\)\s+=\s+(\d+)', line)
        if match:
            opened.add(match.group(1))
    return opened


@pytest.mark.skipif(shutil.which("strace") is None,
                    reason="strace is not installed (packaging/linux/system-deps.sh installs it)")
def test_a_hostile_page_in_every_panel_opens_no_file_outside_its_folder(tmp_path):
    outside = tmp_path / "outside.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\n")
    _page(tmp_path / "article", outside.as_uri())
    trace = tmp_path / "trace.txt"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1")
    run = subprocess.run(
        ["strace", "-f", "-qq", "-e", "trace=open,openat,openat2", "-e", "status=successful", "-o", str(trace),
         sys.executable, str(SESSION), str(tmp_path)],
        capture_output=True, text=True, timeout=600, env=env, cwd=str(tmp_path),
    )
    assert run.returncode == 0, run.stderr[-3000:]
    line = next(x for x in run.stdout.splitlines() if x.startswith("RESULT "))
    result = json.loads(line[len("RESULT "):])
    hostile = result["hostile"]

    # No file outside the article's folder: not /dev/zero, not the image beside the folder, not /etc/passwd.
    opened = _opened_paths(trace.read_text(errors="replace"))
    assert opened, "strace recorded the session's opens"
    assert "/dev/zero" not in opened
    assert "/etc/passwd" not in opened
    assert str(outside) not in opened
    ours = {p for p in opened if p.startswith(str(tmp_path))}
    allowed = (str(tmp_path / "article"), str(tmp_path / "db.sqlite3"), str(tmp_path))
    assert all(p == str(tmp_path) or p.startswith(allowed) for p in ours), sorted(ours)
    assert all(Path(p).is_relative_to(tmp_path / "article") for p in result["reads"]), result["reads"]

    # The text appears literally, as plain text.
    assert result["shown"]
    assert result["quote_plain"] and result["sentence_plain"]
    assert hostile[0] in result["sentence"] and hostile[2] in result["sentence"]
    assert hostile[0] in result["quote"]
    assert result["note"].startswith(" ".join(hostile)) and result["note"].endswith("<table>" * 10)
    assert hostile[0] in result["tags"]
    assert any(hostile[0] in item for item in result["list"])
    assert "钱塘新闻" in result["title"] and "Duizhao" in result["title"]
    assert result["hostile_title"].startswith(hostile[0]) and len(result["hostile_title"]) < 200
    assert "<b>站点</b><img src=../outside.png>" in result["library"], result["library"]
    assert any(hostile[0] in hit for hit in result["hits"]), result["hits"]
    assert result["unsafe_labels"] == []
    assert len(result.get("dialogs", [])) == 3
    assert any(hostile[0] in text for texts in result["dialogs"] for text in texts)
    # Notices and dialogs stay a few lines however long the text is.
    assert result["notice"].count("\n") <= 2 and len(result["notice"]) < 1000
    # Memory stays bounded (reading /dev/zero reached 4.4 GB before Qt aborted).
    assert result["max_rss_mb"] < 1500, result["max_rss_mb"]


# -- the rule's pieces ---------------------------------------------------------------------------


def test_escape_and_one_line():
    assert escape('<img src="x">&') == "&lt;img src=&quot;x&quot;&gt;&amp;"
    assert one_line("a\n b\t c") == "a b c"
    assert one_line("x" * 300, 10) == "x" * 9 + "…"
    # Right-to-left controls are isolated: they cannot reorder the text around them.
    assert one_line("\u202eabc") == "\u2068\u202eabc\u2069"
    assert one_line("钱塘新闻") == "钱塘新闻"
    # A file name's undecodable byte (a surrogate escape) becomes "�": Qt can show that.
    assert one_line(os.fsdecode(b"a\xffb")) == "a\ufffdb"


def test_window_titles_show_brackets_and_stay_short():
    assert window_title("a[*]b", "Duizhao") == "a[*][*]b — Duizhao"
    assert window_title("", "Duizhao") == "Duizhao"
    assert len(window_title("长" * 10_000, "Duizhao")) < 140


def test_bounded_keeps_a_few_lines():
    text = "\n".join(f"line {i}" for i in range(101))
    shown = bounded(text, lines=4)
    assert shown.count("\n") == 3 and shown.endswith("(and 97 more lines)")


def test_rich_label_refuses_every_resource(qtbot, tmp_path):
    label = RichLabel()
    qtbot.addWidget(label)
    label.setFixedWidth(300)
    label.setText(f'<p>x<img src="{(tmp_path / "a.png").as_uri()}"></p>')
    assert label.text().startswith("<p>x")
    for kind in (QTextDocument.ImageResource, QTextDocument.StyleSheetResource, QTextDocument.HtmlResource):
        answer = label.loadResource(kind, QUrl.fromLocalFile("/etc/passwd"))
        assert answer is not None and answer == safe_text.refused_resource(kind)
    label.setText("<p>" + "很长的句子。" * 200 + "</p>")
    assert label.height() > 100  # it grew to show the whole text at its width


def test_resource_loader_refuses_fifos_devices_and_large_files(tmp_path):
    folder = tmp_path / "article"
    folder.mkdir()
    (folder / "ok.png").write_bytes(b"png")
    os.mkfifo(folder / "pipe.png")
    (folder / "zero.png").symlink_to("/dev/zero")
    (folder / "big.png").write_bytes(b"\0" * (safe_text.RESOURCE_MAX_BYTES + 1))
    (folder / "sub").mkdir()
    assert resource_path(folder, QUrl("ok.png")) == folder / "ok.png"
    for name in ("pipe.png", "zero.png", "big.png", "sub", "../article/pipe.png"):
        assert resource_path(folder, QUrl(name)) is None, name
    assert safe_text.load_resource(folder, QTextDocument.ImageResource, QUrl("pipe.png")) == \
        safe_text.refused_resource(QTextDocument.ImageResource)
    assert bytes(safe_text.load_resource(folder, QTextDocument.ImageResource, QUrl("ok.png"))) == b"png"
    # Swapped for a FIFO after the check: opened without waiting, then refused.
    assert safe_text.read_resource(folder / "pipe.png") is None


def test_message_boxes_are_plain_text(qtbot):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    seen = {}

    def close():
        box = QApplication.activeModalWidget()
        seen["format"], seen["text"] = box.textFormat(), box.text()
        box.done(0)

    QTimer.singleShot(100, close)
    safe_text.message_box(None, "t", '<img src="file:///dev/zero">\n' + "x\n" * 50)
    assert seen["format"] == safe_text.Qt.PlainText
    assert seen["text"].startswith('<img src="file:///dev/zero">') and seen["text"].count("\n") <= 5
    assert QMessageBox  # the box was the standard one, only its text format set


def test_tooltips_show_text_literally():
    shown = safe_text.tooltip('<img src="file:///dev/zero">')
    assert "<img" not in shown and "&lt;img" in shown
    assert safe_text.tooltip("") == ""


def test_a_read_only_database_says_so_in_the_title(make_window, qtbot):
    from tests.ui.conftest import open_seed

    window = make_window()
    library = window.library.unlocked
    # What the store sets when it could only open read-only (as root, no file here is unwritable).
    store = getattr(library, "store", None) or library._store
    view = open_seed(qtbot, window, english=False)
    assert window.windowTitle().endswith("— Duizhao")
    store.read_only = True
    try:
        with qtbot.waitSignal(window.article_shown, timeout=60000):
            window.opening.open_article_id(view.id)  # a stored article opens read-only
        assert window.windowTitle().endswith("— Duizhao (read-only)")
    finally:
        store.read_only = False
