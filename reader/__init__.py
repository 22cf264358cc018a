"""Duizhao (对照): read Chinese beside English, sentence by sentence.

The ``reader`` package is the core; ``reader.ui`` is the Qt shell and the only
place that may import PySide6.
"""

__version__ = "0.1.0"
