"""A new text analysed by a child process (the window's Library): the same article, and none of the heavy libraries here."""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from reader.library import Library
from reader.store import analysis_child

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "fixtures" / "seed"
HEAVY = ("rjieba", "jieba", "pypinyin", "numpy", "g2pM")

OPEN_APART = textwrap.dedent("""
    import json, sys
    sys.path.insert(0, {root!r})
    from reader.library import Library

    lib = Library({db!r})
    lib.analyse_apart = True
    messages = []
    view = lib.open_article({zh!r}, english={en!r}, progress=lambda fraction, message: messages.append(message))
    zh = view.zh
    out = {{
        "tokens": [[t.text, t.start, t.end, t.kind, t.name] for t in zh.tokens],
        "readings": [zh.sentence_syllables(i) for i in range(len(zh.sentences))],
        "beads": [[list(p.zh), list(p.en)] for p in view.pairs],
        "messages": messages,
        "loaded": sorted(m for m in {heavy!r} if m in sys.modules),
    }}
    out["found"] = [hit.kind for hit in lib.search("geli")]  # (a pinyin query may load pypinyin: after)
    lib.close()
    print(json.dumps(out, ensure_ascii=False))
""")


def _in_process(db: Path):
    lib = Library(db)
    view = lib.open_article(SEED / "qiantang-zh.txt", SEED / "qiantang-en.txt")
    zh = view.zh
    out = {
        "tokens": [[t.text, t.start, t.end, t.kind, t.name] for t in zh.tokens],
        "readings": [[list(r) if r is not None else None for r in zh.sentence_syllables(i)]
                     for i in range(len(zh.sentences))],
        "beads": [[list(p.zh), list(p.en)] for p in view.pairs],
        "found": [hit.kind for hit in lib.search("geli")],
    }
    lib.close()
    return out


def test_a_new_article_is_analysed_apart_the_same_and_nothing_heavy_loads_here(tmp_path):
    expected = _in_process(tmp_path / "here.sqlite3")
    code = OPEN_APART.format(root=str(ROOT), db=str(tmp_path / "apart.sqlite3"), zh=str(SEED / "qiantang-zh.txt"),
                             en=str(SEED / "qiantang-en.txt"), heavy=HEAVY)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout)
    assert out["loaded"] == []  # analysed and aligned in the child; the pinyin search key made there too
    assert out["tokens"] == expected["tokens"]
    assert out["readings"] == expected["readings"]
    assert out["beads"] == expected["beads"] and len(out["beads"]) > 10
    assert out["found"] == expected["found"] == ["article"]  # found by toneless pinyin
    assert "Analysing the text" in out["messages"] and "Aligning the sentences" in out["messages"]


def test_a_failed_child_leaves_the_work_to_this_process(tmp_path, monkeypatch):
    monkeypatch.setattr(analysis_child, "command", lambda db, aid: [
        sys.executable, "-c", "import sys; print('duizhao: error: no room', file=sys.stderr); sys.exit(2)"])
    lib = Library(tmp_path / "db.sqlite3")
    lib.analyse_apart = True
    view = lib.open_article(SEED / "qiantang-zh.txt", SEED / "qiantang-en.txt")
    assert analysis_child.last_error == "duizhao: error: no room"
    assert len(view.zh.tokens) > 100 and view.zh.sentence_syllables(0)
    assert [hit.kind for hit in lib.search("geli")] == ["article"]  # the search key filled here instead
    lib.close()


def test_an_article_analysed_already_needs_no_child(tmp_path, monkeypatch):
    lib = Library(tmp_path / "db.sqlite3")
    view = lib.open_article(SEED / "qiantang-zh.txt")
    lib.close()
    started = []
    monkeypatch.setattr(analysis_child, "build", lambda *args, **kwargs: started.append(args) or True)
    lib = Library(tmp_path / "db.sqlite3")
    lib.analyse_apart = True
    assert lib.article(view.id).zh.tokens == view.zh.tokens
    assert started == []
    lib.close()


def test_an_in_memory_library_analyses_here(monkeypatch):
    started = []
    monkeypatch.setattr(analysis_child, "build", lambda *args, **kwargs: started.append(args) or True)
    lib = Library(":memory:")
    lib.analyse_apart = True
    view = lib.open_text("今天天气很好。我们去公园。")
    assert started == [] and [t.text for t in view.zh.tokens][:2] == ["今天", "天气"]
    assert [hit.kind for hit in lib.search("tianqi")] == ["article"]
    lib.close()


def test_the_child_command_refuses_bad_arguments_in_one_line(tmp_path):
    done = subprocess.run([*analysis_child.command(str(tmp_path / "x.sqlite3"), 1)[:-2], "not-a-db"],
                          capture_output=True, text=True, timeout=120, input="", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("duizhao: error: usage:")
    done = subprocess.run(analysis_child.command(str(tmp_path / "x.sqlite3"), 7), capture_output=True, text=True,
                          timeout=120, input="{}", cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "7" in done.stderr
