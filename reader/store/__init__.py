"""The SQLite store (peewee): articles, annotations, vocabulary, settings, search.

:class:`reader.store.store.Store` is the database layer; :mod:`reader.library`
is the facade the UI and CLI use.  :mod:`reader.store.anchoring` re-anchors
annotations when an article's text changes; :mod:`reader.store.schema` holds
the models and the migrations; :mod:`reader.store.peek` is the window's first
read (plain ``sqlite3``).

This package itself imports nothing: importing :mod:`reader.store.peek` must
not load peewee nor the records' dataclasses (the window paints before it does);
the records are :mod:`reader.store.records`.
"""
