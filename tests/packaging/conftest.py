"""Helpers for the packaging tests."""

from __future__ import annotations

import configparser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def read_entry(path: Path) -> configparser.ConfigParser:
    """A desktop file parsed into groups (keys keep their case)."""
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    return parser


@pytest.fixture(scope="session")
def desktop_entry():
    """``read_entry`` for the tests."""
    return read_entry
