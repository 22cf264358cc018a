"""Two processes opening the same new file at the same moment: both succeed, with one article."""

import multiprocessing
import sqlite3

TEXT = "在钱塘区集中隔离点，有一群拥有“双重身份”的党员。\n他们是本次疫情中被隔离的人员，也是志愿者。\n" * 3


def _open(db, article, barrier, results):
    """Child: create the Library (a new database) and open the file, each step started with the other child."""
    try:
        from reader.library import Library

        barrier.wait(120)
        library = Library(db)
        barrier.wait(120)
        view = library.open_article(article)
        results.put(("ok", view.id))
        library.close()
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which fails the test
        results.put(("error", f"{type(exc).__name__}: {exc}"))


def test_concurrent_first_opens_of_one_file_make_one_article(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    for round_ in range(4):
        db = tmp_path / f"round{round_}" / "duizhao.sqlite3"
        article = tmp_path / f"article{round_}.txt"
        article.write_text(f"第{round_}篇\n" + TEXT, encoding="utf-8")
        barrier, results = ctx.Barrier(2), ctx.Queue()
        children = [ctx.Process(target=_open, args=(str(db), str(article), barrier, results)) for _ in range(2)]
        for child in children:
            child.start()
        outcomes = [results.get(timeout=300) for _ in children]
        for child in children:
            child.join(60)
        assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
        assert outcomes[0][1] == outcomes[1][1]
        con = sqlite3.connect(db)
        try:
            assert con.execute("SELECT count(*) FROM article").fetchone()[0] == 1
            assert con.execute("SELECT count(*) FROM article_path").fetchone()[0] == 1
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            con.close()
