"""The SQLite store (peewee): articles, annotations, vocabulary, settings, search.

:class:`Store` is the database layer; :mod:`reader.library` is the facade the
UI and CLI use.  :mod:`reader.store.anchoring` re-anchors annotations when an
article's text changes; :mod:`reader.store.schema` holds the models and the
migrations.
"""

from reader.store.records import Annotation, ArticleInfo, SearchHit, Word
from reader.store.schema import SCHEMA_VERSION
from reader.store.store import Store, now

__all__ = ["Annotation", "ArticleInfo", "SCHEMA_VERSION", "SearchHit", "Store", "Word", "now"]
