"""Nothing on a page runs or is fetched: hostile pages with the network and file access watched."""

import builtins
import socket
import urllib.request

import pytest

from reader.ingest import load_article

SECRET = "TOP-SECRET-MARKER-7f3a"

HOSTILE = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html [
  <!ENTITY xxe SYSTEM "file://{secret_path}">
  <!ENTITY remote SYSTEM "http://evil.example.invalid/dtd">
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<html><head>
<meta http-equiv="refresh" content="0; url=http://evil.example.invalid/">
<base href="http://evil.example.invalid/">
<title>恶意页面测试_测试网</title>
<link rel="stylesheet" href="http://evil.example.invalid/x.css">
<link rel="import" href="file://{secret_path}">
<script>document.write('SCRIPT-RAN'); fetch('http://evil.example.invalid/');</script>
<script src="http://evil.example.invalid/x.js"></script>
<style>@import url(http://evil.example.invalid/y.css); body:after {{ content: "STYLE-TEXT" }}</style>
</head><body onload="alert('ONLOAD')">
<h1>恶意页面测试</h1>
<p>正文第一段，这是一段足够长的中文内容，用来确认文章仍然可以被正常读取。&xxe;&remote;&d;</p>
<img src="http://evil.example.invalid/a.png" onerror="alert('IMG')">
<iframe src="file://{secret_path}"></iframe>
<iframe srcdoc="<p>IFRAME-TEXT</p>"></iframe>
<object data="file://{secret_path}"></object><embed src="http://evil.example.invalid/e.swf">
<svg><script>SVG-SCRIPT</script><foreignObject>SVG-TEXT</foreignObject></svg>
<noscript>NOSCRIPT-TEXT</noscript>
<p>第二段正文内容也在这里，读者应该能看到这些文字。<a href="file:///etc/passwd">链接</a></p>
<template>TEMPLATE-TEXT</template><textarea>TEXTAREA-TEXT</textarea>
<video src="http://evil.example.invalid/v.mp4">VIDEO-TEXT</video>
</body></html>
"""

FORBIDDEN = (SECRET, "root:", "SCRIPT-RAN", "STYLE-TEXT", "IFRAME-TEXT", "SVG-SCRIPT", "NOSCRIPT-TEXT",
             "TEMPLATE-TEXT", "TEXTAREA-TEXT", "VIDEO-TEXT", "ONLOAD", "aaaaaaaaaaaaaaaa")


@pytest.fixture
def watched(monkeypatch):
    """Record (and refuse) any network use and any file opened other than the page itself."""
    events: list[str] = []

    def refuse(name):
        def _refuse(*args, **kwargs):
            events.append(f"{name}{args[:2]!r}")
            raise OSError(f"{name} is forbidden during extraction")

        return _refuse

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(urllib.request, "urlopen", refuse("urlopen"))
    import trafilatura
    import trafilatura.downloads
    import urllib3

    monkeypatch.setattr(trafilatura.downloads, "fetch_url", refuse("fetch_url"))
    monkeypatch.setattr(trafilatura, "fetch_url", refuse("fetch_url"))
    monkeypatch.setattr(urllib3.PoolManager, "urlopen", refuse("urllib3"))
    real_open = builtins.open
    allowed: set[str] = set()

    def guarded_open(file, *args, **kwargs):
        if str(file) not in allowed:
            events.append(f"open({file!r})")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    return events, allowed


def _fields(article) -> str:
    return "\n".join(str(v) for v in (article.title, article.author, article.site, article.source_url,
                                      article.en_title, *article.zh, *article.en))


@pytest.mark.parametrize("suffix", [".html", ".xhtml", ".htm"])
def test_hostile_page(tmp_path, watched, suffix):
    events, allowed = watched
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET + "\nroot:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    page = tmp_path / f"hostile{suffix}"
    page.write_text(HOSTILE.format(secret_path=secret), encoding="utf-8")
    allowed.add(str(page))
    article = load_article(page)
    assert events == []
    assert article.title == "恶意页面测试"
    assert article.zh[0].startswith("正文第一段") and article.zh[-1].startswith("第二段正文内容")
    text = _fields(article)
    for marker in FORBIDDEN:
        assert marker not in text, marker


def test_hostile_page_inside_mhtml(tmp_path, watched):
    events, allowed = watched
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    html = HOSTILE.format(secret_path=secret)
    archive = (
        "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"B\"\r\n\r\n--B\r\n"
        "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n"
        "Content-Location: file:///etc/passwd\r\n\r\n" + html + "\r\n--B--\r\n"
    )
    page = tmp_path / "hostile.mhtml"
    page.write_bytes(archive.encode("utf-8"))
    allowed.add(str(page))
    article = load_article(page)
    assert events == []
    assert article.source_url is None  # a file:// location is not a source URL
    assert all(marker not in _fields(article) for marker in FORBIDDEN)


def test_watch_really_catches_a_fetch(watched):
    # The guard itself must work, or the tests above prove nothing.
    events, _ = watched
    with pytest.raises(OSError):
        urllib.request.urlopen("http://example.invalid/")
    assert events
