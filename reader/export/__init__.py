"""Exports: Anki decks and annotation files."""
