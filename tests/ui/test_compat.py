"""PySide6 work-arounds (reader.ui.compat): the quick per-import check answers as PySide's own."""

from __future__ import annotations

import json
import sys

import PySide6.QtCore

import reader.errors
import reader.ui.panes
from reader.ui import compat


def test_the_quick_import_check_is_applied_and_answers_as_pysides_own(tmp_path):
    feature = sys.modules["shibokensupport.feature"]  # loaded with PySide6
    assert compat.quicken_import_check()  # applied when reader.ui.compat was imported; again is a no-op
    check = feature._mod_uses_pyside
    original = check.original
    assert getattr(original, "original", None) is None  # not wrapped twice
    gone = type(sys)("gone_module")
    gone.__file__ = str(tmp_path / "gone_module.py")  # its file removed: PySide's own answer
    for module in (reader.ui.panes, compat, reader.errors, json, sys, PySide6.QtCore, gone):
        assert check(module) == original(module), module.__name__
    assert check(reader.ui.panes) is True and check(reader.errors) is False
