"""The database schema: peewee models, full-text indexes and migrations.

Models are made per database by :func:`make_models` (rather than bound to one
module-level database) so that two stores can be open in one process, e.g. the
app and a test, or two ``Library`` objects on two files.

The schema version lives in ``PRAGMA user_version``.  A fresh database is
created at :data:`SCHEMA_VERSION` directly; an older one is upgraded step by
step with :mod:`playhouse.migrate` (see :data:`MIGRATIONS`).  Every step must
ship a test upgrading a fixture database of the previous version
(``tests/store/test_migrations.py``).
"""

from __future__ import annotations

import types
import uuid as uuid_module

from peewee import (
    AutoField,
    BlobField,
    BooleanField,
    CharField,
    DatabaseError,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from reader.store.opening import APPLICATION_ID

#: Current schema version.  1: first release; 2: Anki fields (``Word.uuid``,
#: ``Word.exported_at``, ``Word.sentence_exported_at``, ``Annotation.exported_at``); 3: ``WordStatus``
#: (the learner's status of every word, beyond the saved vocabulary); 4: ``ArticleAnalysis`` (each
#: article's analysis, stored so that reopening it needs no segmenter or reading engine); 5:
#: ``ArticlePath.stamp`` (each file's size and time as last read, so an unchanged file skips ingest).
SCHEMA_VERSION = 5


def make_models(db) -> types.SimpleNamespace:
    """Model classes bound to ``db`` (a peewee ``SqliteDatabase``)."""

    class Base(Model):
        class Meta:
            database = db

    class Article(Base):
        """One article; identity is the hash of its normalised Chinese text."""

        id = AutoField()
        content_hash = CharField(unique=True)
        normalizer_version = CharField()
        title = TextField(null=True)
        date = TextField(null=True)
        author = TextField(null=True)
        site = TextField(null=True)
        source_url = TextField(null=True)
        encoding = TextField(null=True)
        zh_text = TextField()
        en_text = TextField(default="")
        en_title = TextField(null=True)
        pinyin = TextField(default="")  # toneless pinyin of the text, for search
        vocab = TextField(default="{}")  # JSON {word: count} of the Han tokens
        beads = TextField(default="[]")  # JSON aligner output for the current texts
        align_key = TextField(default="")  # hash of the sentence spans the beads index
        position = IntegerField(default=0)
        added_at = TextField()
        opened_at = TextField(null=True)

        class Meta:
            table_name = "article"

    class ArticlePath(Base):
        """A file an article was opened from (one article may have several)."""

        id = AutoField()
        article = ForeignKeyField(Article, backref="paths", on_delete="CASCADE")
        path = TextField(unique=True)
        seen_at = TextField()
        #: the file as last read (reader.ingest.texts.file_stamp): an unchanged one is not read again
        stamp = TextField(default="")

        class Meta:
            table_name = "article_path"

    class Annotation(Base):
        """A highlight/note with its selectors (W3C Web Annotation style)."""

        id = AutoField()
        uuid = CharField(unique=True)
        article = ForeignKeyField(Article, backref="annotations", on_delete="CASCADE")
        side = CharField()  # "zh" | "en"
        quote = TextField()
        prefix = TextField(default="")
        suffix = TextField(default="")
        start = IntegerField()
        end = IntegerField()
        sentence_index = IntegerField(null=True)
        sentence_offset = IntegerField(null=True)
        color = TextField(null=True)
        style = TextField(default="highlight")
        note = TextField(null=True)
        tags = TextField(default="[]")  # JSON list
        pinyin = TextField(default="")  # toneless pinyin of the quote, for search
        status = CharField(default="exact")  # exact | fuzzy | orphan
        score = FloatField(default=1.0)
        created_at = TextField()
        updated_at = TextField()
        deleted = BooleanField(default=False)
        anki_guid = TextField(null=True)
        exported_at = TextField(null=True)  # v2

        class Meta:
            table_name = "annotation"
            indexes = ((("article", "side", "start"), False),)

    class Word(Base):
        """A vocabulary item saved from a sentence."""

        id = AutoField()
        uuid = CharField(unique=True, default=lambda: str(uuid_module.uuid4()))  # v2
        simplified = TextField(unique=True)
        traditional = TextField(default="")
        pinyin = TextField(default="")
        pinyin_key = TextField(default="")  # toneless, no spaces: search key
        senses = TextField(default="[]")  # JSON list
        status = CharField(default="new")
        sentence = TextField(default="")
        sentence_en = TextField(default="")
        article = ForeignKeyField(Article, null=True, backref="words", on_delete="SET NULL")
        created_at = TextField()
        updated_at = TextField()
        exported_at = TextField(null=True)  # v2: the word's own Anki note
        sentence_exported_at = TextField(null=True)  # v2: its sentence (cloze) note

        class Meta:
            table_name = "word"

    class SegFix(Base):
        """A segmentation fix: keep ``word`` whole (merge) or split it at ``at``."""

        id = AutoField()
        article = ForeignKeyField(Article, null=True, backref="seg_fixes", on_delete="CASCADE")  # NULL: everywhere
        kind = CharField()  # "merge" | "split"
        word = TextField()
        at = IntegerField(default=0)
        created_at = TextField()

        class Meta:
            table_name = "seg_fix"
            indexes = ((("article", "kind", "word", "at"), True),)

    class AlignEdit(Base):
        """A user edit of the alignment, re-applied whenever the pairs are built."""

        id = AutoField()
        article = ForeignKeyField(Article, backref="align_edits", on_delete="CASCADE")
        op = CharField()  # "merge" | "split"
        zh = IntegerField()  # first zh sentence of the pair (merge) / of the new pair (split)
        en = IntegerField()
        key = TextField()  # the sentence texts the edit was made on: skipped if they changed
        created_at = TextField()

        class Meta:
            table_name = "align_edit"

    class WordStatus(Base):
        """v3: the learner's status of a word (simplified headword), saved or not.

        Apart from :class:`Word` because a seed ("I know HSK 1-3", an Anki
        collection) marks thousands of words that must not become vocabulary
        items (cards to export); a saved word's own status is in :class:`Word`,
        and the newer of the two wins (reader.store.learner).
        """

        word = TextField(primary_key=True)
        status = CharField()  # "new" | "learning" | "known" | "ignored"
        source = TextField(default="")  # "user", "hsk3:3", "top:5000", "file:…", "anki:…"
        updated_at = TextField()

        class Meta:
            table_name = "word_status"

    class ArticleAnalysis(Base):
        """v4: an article's analysis (tokens, readings, sentences: :mod:`reader.text.packed`) and what made it.

        A cache: ``key`` names the text, the normaliser, the dictionary, the segmenter, the
        reading engine and the segmentation fixes it was computed with; any other key means
        it is computed again (:mod:`reader.store.analysis_cache`).
        """

        article = ForeignKeyField(Article, primary_key=True, backref="analysis", on_delete="CASCADE")
        key = TextField()
        data = BlobField()
        created_at = TextField()

        class Meta:
            table_name = "article_analysis"

    class Setting(Base):
        key = TextField(primary_key=True)
        value = TextField()  # JSON

        class Meta:
            table_name = "setting"

    return types.SimpleNamespace(
        Article=Article,
        ArticlePath=ArticlePath,
        Annotation=Annotation,
        Word=Word,
        SegFix=SegFix,
        AlignEdit=AlignEdit,
        WordStatus=WordStatus,
        ArticleAnalysis=ArticleAnalysis,
        Setting=Setting,
        all=(Article, ArticlePath, Annotation, Word, SegFix, AlignEdit, WordStatus, ArticleAnalysis, Setting),
    )


def _fts(table: str, columns: tuple[str, ...]) -> list[str]:
    """An external-content FTS5 trigram index over ``table`` kept in sync by triggers."""
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    fts = f"{table}_fts"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({cols}, content='{table}', "
        f"content_rowid='id', tokenize='trigram')",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); END",
        # Only text columns: moving the reading position must not re-index the article.
        f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF {cols} ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
    ]


#: The columns of each table's full-text index (trigram: Chinese has no spaces; pinyin
#: columns make toneless pinyin searchable).  Unchanged since version 1.
FTS_COLUMNS: dict[str, tuple[str, ...]] = {
    "annotation": ("quote", "note", "tags", "pinyin"),
    "word": ("simplified", "traditional", "pinyin_key", "senses", "sentence", "sentence_en"),
    "article": ("title", "zh_text", "en_text", "pinyin"),
}
FTS_DDL: tuple[str, ...] = tuple(s for table, cols in FTS_COLUMNS.items() for s in _fts(table, cols))


def damaged_search_indexes(db, tables=tuple(FTS_COLUMNS), full: bool = True) -> tuple[list[str], list[str]]:
    """(damaged, unchecked): the tables whose full-text index is damaged, and those not fully checked.

    Every index gets the quick probes (its settings, one entry per row); with
    ``full``, FTS5's own integrity check too, against the table's rows.  That
    one reads the whole index: a progress handler on the connection may
    interrupt it (the table is then in ``unchecked``).
    """
    import sqlite3

    from reader.store.opening import may_be_search_index_damage

    damaged: list[str] = []
    unchecked: list[str] = []
    for table in tables:
        fts = f"{table}_fts"
        try:
            version = db.execute_sql(f"SELECT v FROM {fts}_config WHERE k = 'version'").fetchone()
            entries = db.execute_sql(f"SELECT count(*) FROM {fts}_docsize").fetchone()[0]
            rows = db.execute_sql(f"SELECT count(*) FROM {table}").fetchone()[0]
            if version is None or int(version[0]) != 4 or entries != rows:
                damaged.append(table)
                continue
            if not full:
                unchecked.append(table)
                continue
            db.execute_sql(f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)")
        except (sqlite3.DatabaseError, DatabaseError) as exc:
            if "interrupted" in str(exc):
                unchecked.append(table)
            elif may_be_search_index_damage(exc) or "no such table" in str(exc):
                damaged.append(table)
            else:
                raise
    return damaged, unchecked


def rebuild_search_index(db, table: str) -> None:
    """Rebuild ``table``'s full-text index from its rows; recreate it if even that fails (call in a transaction)."""
    fts = f"{table}_fts"
    try:
        db.execute_sql(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
        return
    except DatabaseError:
        pass
    try:  # its settings lost: FTS5 refuses the table until its format version is back
        db.execute_sql(f"INSERT OR REPLACE INTO {fts}_config (k, v) VALUES ('version', 4)")
        db.execute_sql(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
        return
    except DatabaseError:
        pass
    # Beyond repair: remove the index (FTS5 cannot drop a table it cannot load, so its schema
    # entry goes directly) and its shadow tables, then create it anew from the rows.
    for suffix in ("ai", "ad", "au"):
        db.execute_sql(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
    for shadow in ("data", "idx", "docsize", "content", "config"):
        db.execute_sql(f"DROP TABLE IF EXISTS {fts}_{shadow}")
    db.execute_sql("PRAGMA writable_schema = ON")
    try:
        db.execute_sql("DELETE FROM sqlite_master WHERE type = 'table' AND name = ?", (fts,))
        version = db.execute_sql("PRAGMA schema_version").fetchone()[0]
        db.execute_sql(f"PRAGMA schema_version = {version + 1}")  # every connection reloads the schema
    finally:
        db.execute_sql("PRAGMA writable_schema = RESET")
    for statement in _fts(table, FTS_COLUMNS[table]):
        db.execute_sql(statement)
    db.execute_sql(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def create_schema(db, models) -> None:
    """Create every table and index of the current version in an empty database."""
    with db.atomic():
        db.create_tables(models.all)
        for statement in FTS_DDL:
            db.execute_sql(statement)
        db.execute_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")


def _upgrade_1_to_2(db) -> None:
    """Version 2: what the Anki export needs (a uuid for Words, export times)."""
    from playhouse.migrate import SqliteMigrator, migrate  # only an old database needs it (~4 ms to import)

    migrator = SqliteMigrator(db)
    migrate(
        migrator.add_column("word", "uuid", CharField(null=True)),
        migrator.add_column("word", "exported_at", TextField(null=True)),
        migrator.add_column("word", "sentence_exported_at", TextField(null=True)),
        migrator.add_column("annotation", "exported_at", TextField(null=True)),
    )
    for (word_id,) in db.execute_sql("SELECT id FROM word").fetchall():
        db.execute_sql("UPDATE word SET uuid = ? WHERE id = ?", (str(uuid_module.uuid4()), word_id))
    # SQLite cannot add a NOT NULL column without a default: rebuild as NOT NULL
    # now that every row has one (the migrator copies the table).
    migrate(
        migrator.add_not_null("word", "uuid"),
        migrator.add_index("word", ("uuid",), True),
    )


def _upgrade_2_to_3(db) -> None:
    """Version 3: the learner's word statuses (a new table; nothing else changes)."""
    make_models(db).WordStatus.create_table()


def _upgrade_3_to_4(db) -> None:
    """Version 4: the stored analyses of articles (a new table; nothing else changes)."""
    make_models(db).ArticleAnalysis.create_table()


def _upgrade_4_to_5(db) -> None:
    """Version 5: each path's stamp (empty: the file is read again once, then stamped)."""
    if "stamp" not in {row[1] for row in db.execute_sql("PRAGMA table_info(article_path)").fetchall()}:
        db.execute_sql("ALTER TABLE article_path ADD COLUMN stamp TEXT NOT NULL DEFAULT ''")


#: ``MIGRATIONS[n]`` upgrades a database of version ``n`` to ``n + 1``.
MIGRATIONS = {1: _upgrade_1_to_2, 2: _upgrade_2_to_3, 3: _upgrade_3_to_4, 4: _upgrade_4_to_5}


def schema_version(db) -> int:
    return int(db.execute_sql("PRAGMA user_version").fetchone()[0])


def upgrade(db, models) -> int:
    """Bring ``db`` to :data:`SCHEMA_VERSION`; returns the version it had before."""
    version = schema_version(db)
    if version == 0:
        # Looked at again inside a write transaction (BEGIN IMMEDIATE): another process opening the same
        # new file waits here while the first creates the tables, then finds them made.
        with db.atomic():
            version = schema_version(db)
            has_tables = bool(db.execute_sql(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='article'").fetchone())
            if version == 0 and not has_tables:
                create_schema(db, models)
                return 0
    if version > SCHEMA_VERSION:
        from reader.errors import StoreError

        raise StoreError(
            f"the database was written by a newer Duizhao (schema {version}, this one knows {SCHEMA_VERSION}); "
            "please update"
        )
    start = version
    while version < SCHEMA_VERSION:
        # Foreign keys off while the migrator rebuilds tables (it copies and renames).
        db.execute_sql("PRAGMA foreign_keys = OFF")
        try:
            with db.atomic():
                MIGRATIONS[version](db)
                for statement in FTS_DDL:
                    db.execute_sql(statement)
                version += 1
                db.execute_sql(f"PRAGMA user_version = {version}")
        finally:
            db.execute_sql("PRAGMA foreign_keys = ON")
    return start
