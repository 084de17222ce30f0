"""Whether another process is still running, on every platform.

On POSIX ``os.kill(pid, 0)`` asks without touching the process.  On Windows the same call
*terminates* it (``TerminateProcess`` with exit code 0), so there the process is opened for a query
and its exit code read instead (kernel32 through ctypes, no dependency).

>>> import os
>>> pid_alive(os.getpid())
True
"""

from __future__ import annotations

import os
import sys

_STILL_ACTIVE = 259  # GetExitCodeProcess: the process has not exited
_PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
_ERROR_ACCESS_DENIED = 5


def pid_alive(pid: int) -> bool:
    """True when a process with ``pid`` is running (or exists but may not be queried); never signals it."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return _alive_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it exists, owned by someone else
        return True
    return True


def _alive_windows(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    kernel32.OpenProcess.restype = wintypes.HANDLE
    kernel32.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
    handle = kernel32.OpenProcess(_PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
    if not handle:
        return bool(ctypes.get_last_error() == _ERROR_ACCESS_DENIED)  # type: ignore[attr-defined]
    try:
        code = wintypes.DWORD()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == _STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


__all__ = ["pid_alive"]
