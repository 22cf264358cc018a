"""Work-arounds for binding bugs, applied once at start-up.

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
