"""Bad input: one InputError with a readable one-line message; never a traceback or a hang."""

import os
import zlib
from pathlib import Path

import pytest

from reader.errors import InputError
from reader.ingest import MAX_FILE_BYTES, load_article, load_english

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED = FIXTURES / "seed"
INGEST = FIXTURES / "ingest"

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(200)
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n" + zlib.compress(bytes(range(256)) * 4)


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("empty.html", b"", "is empty"),
        ("blank.txt", b" \n\t\r\n  ", "is empty"),
        ("image.html", PNG, "PNG image"),
        ("paper.html", PDF, "PDF document"),
        ("archive.txt", b"PK\x03\x04" + bytes(100), "ZIP archive"),
        ("binary.html", bytes(range(256)) * 20, "binary file"),
        ("russian.html", "<html><body><p>Это просто текст на другом языке.</p></body></html>".encode(), "no Chinese or English"),
        ("only-tags.html", b"<html><head><title></title></head><body><div></div></body></html>", "no Chinese or English"),
        ("script-only.html", b"<html><script>var a = 'hello world this is code';</script></html>", "no Chinese or English"),
        ("broken.mhtml", b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n\r\n--x\r\nContent-Type: image/png\r\n\r\nabc\r\n--x--", "no HTML part"),
    ],
)
def test_unreadable_content(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        load_article(path)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_article(tmp_path / "nope.html")


def test_directory(tmp_path):
    with pytest.raises(InputError, match="is a folder"):
        load_article(tmp_path)


def test_permission_denied_simulated(tmp_path, monkeypatch):
    # Tests run as root, where chmod 000 still reads: simulate the OS refusal.
    path = tmp_path / "locked.html"
    path.write_text("<p>内容</p>", encoding="utf-8")
    real_open = os.open

    def deny(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)  # the loader opens files with os.open (never blocking on a FIFO)
    with pytest.raises(InputError, match="permission denied"):
        load_article(path)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_permission_denied_real(tmp_path):
    path = tmp_path / "locked.html"
    path.write_text("<p>内容</p>", encoding="utf-8")
    path.chmod(0)
    with pytest.raises(InputError, match="permission denied"):
        load_article(path)


def test_too_large_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.html"
    with open(path, "wb") as handle:  # sparse: costs no disk or time
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(InputError, match="too large"):
        load_article(path)


@pytest.mark.slow
def test_twenty_megabyte_page_opens(tmp_path):
    path = tmp_path / "big.html"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("<html><head><title>大页面</title></head><body><article>")
        n = written = 0
        while written < 20_500_000:
            line = f"<p>第{n}段：这是一个用于测试的大型页面段落，包含足够多的中文内容来模拟真实新闻。</p>\n"
            handle.write(line)
            written += len(line.encode("utf-8"))
            n += 1
        handle.write("</article></body></html>")
    article = load_article(path)
    assert article.title == "大页面"
    assert len(article.zh) == n
    assert article.zh[0].startswith("第0段") and article.zh[-1].startswith(f"第{n - 1}段")


def test_deep_nesting_does_not_recurse_or_hang(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text("<html><body><p>前面的正文段落，内容完整而且可以读。</p>" + "<div>" * 100_000
                    + "<p>深处</p>" + "</div>" * 100_000 + "</body></html>", encoding="utf-8")
    article = load_article(path)
    assert article.zh[0] == "前面的正文段落，内容完整而且可以读。"


def test_deep_nesting_with_nothing_else_is_an_input_error(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<span><div>" * 60_000 + "</body></html>", encoding="utf-8")
    with pytest.raises(InputError, match="nested too deeply"):
        load_article(path)


@pytest.mark.parametrize("cut", [0.3, 0.5, 0.8])
def test_truncated_page_keeps_what_is_there(tmp_path, cut):
    data = (SEED / "qiantang-zh.html").read_bytes()
    path = tmp_path / "cut.html"
    path.write_bytes(data[: int(len(data) * cut)])
    try:
        article = load_article(path)
    except InputError:
        assert cut < 0.5  # only a page cut before its article may have nothing to show
    else:
        assert article.encoding == "gb18030" and all("\ufffd" not in p for p in article.zh[:-1])


def test_truncated_mhtml(tmp_path):
    data = (INGEST / "chrome-saved.mhtml").read_bytes()
    path = tmp_path / "cut.mhtml"
    path.write_bytes(data[: len(data) * 2 // 3])
    article = load_article(path)
    assert article.zh and article.zh[0].startswith("开学第一天")


def test_utf16_text_file(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_text("清晨的菜市场总是最热闹的地方，摊主们一边整理蔬菜，一边和熟客打招呼。", encoding="utf-16")
    article = load_article(path)
    assert article.encoding.startswith("utf-16") and article.zh[0].startswith("清晨的菜市场")


def test_english_arguments_are_checked():
    with pytest.raises(InputError):
        load_english()
    with pytest.raises(InputError):
        load_english(path="a.txt", text="b")
    with pytest.raises(InputError, match="empty"):
        load_english(text=" \n ")


def test_unexpected_library_failure_becomes_an_input_error(tmp_path, monkeypatch):
    import reader.ingest.loader as loader

    def broken(text):
        raise ValueError("library bug")

    monkeypatch.setattr(loader, "extract_page", broken)
    path = tmp_path / "page.html"
    path.write_text("<p>内容</p>", encoding="utf-8")
    with pytest.raises(InputError, match="unexpected ValueError"):
        load_article(path)
    with pytest.raises(ValueError):
        load_article.unguarded(path)  # the fuzz tests see the real failure


# Inputs that make a careless regex or tree walk quadratic: each completes in
# well under a second when linear, and would take minutes otherwise.
PATHOLOGICAL = {
    "spaces.html": "<p>中" + " " * 300_000 + "文</p>",
    "blank-lines.txt": "中文内容。" + "\n \n" * 100_000 + "结尾。",
    "long-line.txt": "中" * 300_000,
    "less-than.html": "<" * 200_000,
    "wide.html": "<html><body>" + "<a href='x'>链接</a>" * 20_000 + "<p>正文内容在这里，很长很长的一段话。</p></body></html>",
    "link-list.txt": "·链接\n" * 100_000 + "正文第一段，内容足够长，可以被识别为文章。\n",
    "bylines.txt": "记者 " * 100_000 + "\n正文第一段，内容足够长，可以被识别为文章。",
    "english-byline.txt": "By " + "Aa " * 100_000 + "\nThe first paragraph is here, long enough to count.",
    "open-doctype.html": "<!DOCTYPE html [" + "a" * 300_000,
    "open-meta.html": "<meta charset=" + "x" * 100_000 + "<p>中文内容。</p>",
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_input_finishes(tmp_path, name):
    path = tmp_path / name
    path.write_text(PATHOLOGICAL[name], encoding="utf-8")
    try:
        article = load_article.unguarded(path)
    except InputError:
        return
    assert article.zh or article.en


@pytest.mark.parametrize("url", ["http://[::1", "https://[zz]/a", "http://host:99999999/", "http://host:port/"])
def test_malformed_urls_in_metadata_are_ignored(tmp_path, url):
    page = tmp_path / "bad-url.html"
    page.write_text(f'<html><head><title>坏链接也能读</title><link rel="canonical" href="{url}">'
                    f'<meta property="og:url" content="{url}"></head><body><article>'
                    "<p>这一页的规范链接写坏了，但是文章本身完全可以读出来，不应该整页拒绝。</p>"
                    "<p>第二段也在这里，读者应该看到两段文字和正确的标题。</p></article></body></html>", encoding="utf-8")
    article = load_article(page)
    assert article.title == "坏链接也能读"
    assert article.source_url is None
    assert len(article.zh) == 2


def test_a_pipe_is_refused_without_blocking_even_past_the_callers_checks(tmp_path):
    """load_article itself never blocks on a FIFO (a file swapped for one after a caller's check)."""
    import threading

    from reader.ingest import load_article

    fifo = tmp_path / "page.html"
    os.mkfifo(fifo)
    outcome = []

    def read():
        try:
            load_article(fifo)
        except InputError as exc:
            outcome.append(str(exc))

    reader_thread = threading.Thread(target=read, daemon=True)
    reader_thread.start()
    reader_thread.join(20)
    if reader_thread.is_alive():  # unblock the thread's open() before failing
        with open(fifo, "wb"):
            pass
        pytest.fail("load_article blocked on a FIFO")
    assert outcome and "not a regular file" in outcome[0] and "\n" not in outcome[0]
