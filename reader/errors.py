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


class ExportError(DuizhaoError):
    """An export could not be written."""
