"""Exceptions the core raises for bad input or a bad environment.

Every error a user can cause is a :class:`DuizhaoError` whose ``str()`` is one
readable line; the CLI prints it and exits 2, the UI shows it in a dialog.
"""


class DuizhaoError(Exception):
    """Base class: a problem the user can understand and act on."""


class InputError(DuizhaoError):
    """A file or text given to us cannot be read as an article."""


class NoChineseText(InputError):
    """The file reads fine but holds no Chinese (an English page: offer it as a translation)."""


class StoreError(DuizhaoError):
    """The database cannot be opened or written (read-only, disk full, ...)."""


class NotADatabase(StoreError):
    """The file named as the database is not a Duizhao database; it was left unchanged."""


class DamagedDatabase(StoreError):
    """The file was a Duizhao database and is damaged; only the window sets it aside."""

    def __init__(self, message: str, path: str = "", reason: str = ""):
        super().__init__(message)
        self.path = path
        self.reason = reason


class DatabaseLocked(StoreError):
    """Another program holds a lock on the database (after waiting for it)."""


class DiskFull(StoreError):
    """The disk holding the database is full: nothing more can be saved."""


class ReadOnlyDatabase(StoreError):
    """The database cannot be written (file, folder or file system read-only, or opened read-only)."""


class ExportError(DuizhaoError):
    """An export could not be written."""
