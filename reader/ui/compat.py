"""Work-arounds for binding bugs and costs, applied once at start-up.

``Qt``: PySide6's ``Qt`` namespace, loaded on first use (see :class:`LazyQt`).
PySide6's check of every module imported after it reads the file's bytes
rather than its decoded lines (:func:`quicken_import_check`, applied when this
module is imported, which every Qt module of the window does first).

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


def quicken_import_check() -> bool:
    """Make PySide6's check of each imported module cheap; True when applied (now or before).

    After every import PySide6 asks whether the module's source mentions
    "PySide6" (``shibokensupport.feature._mod_uses_pyside``, for its
    ``__feature__`` switches) through ``inspect.getsource``: the file read and
    decoded line by line into linecache, ~0.2 ms a module, ~15 ms before the
    window's first paint.  The same question of the file's bytes costs a tenth
    of that; a module without a ``.py`` file gets PySide's own answer.  Nothing
    changes when PySide6 is not loaded yet or its check is not where 6.11 has it.
    """
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None:
        return False
    if getattr(original, "original", None) is not None:
        return True

    def uses_pyside(module) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return original(module)

    uses_pyside.original = original  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]
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

quicken_import_check()
