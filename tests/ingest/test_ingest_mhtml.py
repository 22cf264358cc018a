"""Chrome/IE single-file archives."""

import base64
from pathlib import Path

import pytest

from reader.ingest import load_article
from reader.ingest.mhtml import looks_like_mhtml, read_mhtml

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
INGEST = FIXTURES / "ingest"

PAGE = "<html><head><title>测试标题 - 新闻网</title></head><body><h1>测试标题</h1><p>第一段正文，内容足够长，可以被识别为文章。</p><p>第二段正文也在这里。</p></body></html>"


def archive(part_headers: str, body: bytes, top: str = "") -> bytes:
    return (
        f"From: <Saved by Blink>\r\n{top}MIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; type="text/html"; boundary="----B"\r\n\r\n'
        f"------B\r\n{part_headers}\r\n\r\n"
    ).encode("ascii") + body + b"\r\n------B--\r\n"


def test_chrome_fixture_parts():
    page = read_mhtml((INGEST / "chrome-saved.mhtml").read_bytes())
    assert page.location == "https://morning.example.invalid/edu/20240902/classroom.html"
    assert page.subject == "山区小学"
    assert "山区小学用上了“空中课堂”".encode() in page.html  # quoted-printable decoded


@pytest.mark.parametrize(
    "headers,body,encoding",
    [
        ("Content-Type: text/html; charset=gbk\r\nContent-Transfer-Encoding: base64",
         base64.encodebytes(PAGE.encode("gbk")), "gb18030"),
        ("Content-Type: text/html; charset=big5\r\nContent-Transfer-Encoding: base64",
         base64.encodebytes(PAGE.replace("测试标题", "測試標題").replace("网", "網").encode("big5", "replace")), "big5hkscs"),
        ("Content-Type: text/html\r\nContent-Transfer-Encoding: 8bit", PAGE.encode("utf-8"), "utf-8"),
    ],
)
def test_part_charset_and_transfer_encoding(tmp_path, headers, body, encoding):
    path = tmp_path / "page.mht"
    path.write_bytes(archive(headers, body, top="Snapshot-Content-Location: https://example.invalid/a.html\r\n"))
    article = load_article(path)
    assert article.encoding == encoding
    assert article.zh[0].startswith("第一段正文")
    assert article.source_url == "https://example.invalid/a.html"


def test_archive_detected_by_content_whatever_the_suffix(tmp_path):
    data = archive("Content-Type: text/html; charset=utf-8", PAGE.encode("utf-8"))
    assert looks_like_mhtml(data)
    path = tmp_path / "saved.html"
    path.write_bytes(data)
    assert load_article(path).title == "测试标题"
