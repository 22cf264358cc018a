"""The SQLite store (peewee)."""
