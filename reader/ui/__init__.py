"""The Qt shell: the only package (with reader.app) that imports PySide6."""
