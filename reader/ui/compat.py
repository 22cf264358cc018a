"""Work-arounds for binding bugs and costs, applied once at start-up.

``Qt``: PySide6's ``Qt`` namespace, loaded on first use (see :class:`LazyQt`).

PySide6-Essentials 6.12.0 under Python 3.11 returns ``None`` from every
void method without taking a reference, so ``None``'s reference count falls
by one per call and the interpreter aborts ("deallocating None") after a few
thousand Qt calls.  pyproject pins ``<6.12``; if a broken build is installed
anyway we detect the leak and make ``None`` effectively immortal (what Python
3.12 does natively) instead of crashing mid-session.
"""

from __future__ import annotations

import sys

_IMMORTAL = 1 << 60


def none_refcount_leaks() -> bool:
    """True when a void Qt call drops a reference to None."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(50):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before - 25


def guard_none_refcount() -> bool:
    """Apply the work-around when needed; returns True when it was applied."""
    if sys.version_info >= (3, 12) or not none_refcount_leaks():
        return False
    import ctypes  # only when needed: it is not free at start-up

    # ob_refcnt is the first field of every object in CPython 3.11.
    ctypes.c_ssize_t.from_address(id(None)).value = _IMMORTAL
    return True


class LazyQt:
    """PySide6's ``Qt`` namespace, imported at the first attribute asked for.

    Importing ``Qt`` builds its ~90 Python enum classes at once (~15 ms, more than
    the bare window's whole Python work): the window's first paint does without
    them (the hover, keys and menus that need them come after it).  Each name is
    kept on the instance once read, so later reads cost what a module's do.
    """

    def __getattr__(self, name: str):
        from PySide6.QtCore import Qt as namespace

        value = getattr(namespace, name)
        setattr(self, name, value)
        return value


Qt = LazyQt()
