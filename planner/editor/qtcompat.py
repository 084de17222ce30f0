"""Guard against a PySide6 refcount bug that kills the editor on Python 3.11.

PySide6 / shiboken6 6.12.0 returns ``None`` from every void Qt method without taking a
reference (measured here: ``QLabel.update()`` and ``QApplication.processEvents()`` each drop
``None``'s refcount by one; 6.11.3 does not).  On Python 3.12+ ``None`` is immortal and nothing
happens; on 3.11 the count (about 4 500 at start) reaches zero after a few seconds of drawing and
the interpreter aborts with ``Fatal Python error: none_dealloc``.

The right fix is a PySide6 without the bug (pin ``PySide6-Essentials!=6.12.0`` or Python ≥ 3.12).
Until then :func:`guard_none_refcount` detects the leak at start-up and, only when it is present,
raises ``None``'s reference count far out of reach (2**60) — the same thing 3.12 does by making
``None`` immortal.  Nothing else is touched.
"""

from __future__ import annotations

import sys

_BUMP = 1 << 60
_guarded = False


def void_call_leaks_none() -> bool:
    """True when calling a void Qt method loses a reference to None (the 6.12.0 bug)."""
    from PySide6.QtCore import QObject

    if sys.version_info >= (3, 12):
        return False
    o = QObject()
    before = sys.getrefcount(None)
    for _ in range(200):
        o.setObjectName("x")
    return sys.getrefcount(None) - before <= -150


def guard_none_refcount() -> bool:
    """Apply the guard when the bug is present; True when it was applied (once per process)."""
    global _guarded
    if _guarded:
        return True
    if not void_call_leaks_none():
        return False
    import ctypes

    ref = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt is PyObject's first field
    ref.value += _BUMP
    _guarded = True
    print("hallplan: PySide6 %s loses references to None on Python %d.%d; guard applied "
          "(install another PySide6 version to fix it properly)" % (_pyside_version(), *sys.version_info[:2]), file=sys.stderr)
    return True


def _pyside_version() -> str:
    try:
        import PySide6

        return str(PySide6.__version__)
    except Exception:  # pragma: no cover
        return "?"
