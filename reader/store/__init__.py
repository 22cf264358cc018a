"""The SQLite store (peewee): articles, annotations, vocabulary, settings, search.

:class:`reader.store.store.Store` is the database layer; :mod:`reader.library`
is the facade the UI and CLI use.  :mod:`reader.store.anchoring` re-anchors
annotations when an article's text changes; :mod:`reader.store.schema` holds
the models and the migrations; :mod:`reader.store.peek` is the window's first
read (plain ``sqlite3``).

This package itself imports only the plain records: importing
:mod:`reader.store.peek` or :mod:`reader.store.records` must not load peewee
(the window paints before it does).
"""

from reader.store.records import Annotation, ArticleInfo, SearchHit, Word

__all__ = ["Annotation", "ArticleInfo", "SearchHit", "Word"]
