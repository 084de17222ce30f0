"""What the font search learnt about each font file, kept between runs (the user's cache folder).

Opening a CJK font to check it (fontTools reading its cmap and name tables) costs tens of
milliseconds per face, and the search opens the same files on every run.  The answers — how many
faces a collection has, whether a face has TrueType outlines and draws simplified Chinese, and its
family name — are kept in one small JSON file, keyed by the file's absolute path, face number, size
and modification time: a font replaced or updated is probed again.  The cache is only a shortcut:
a file that cannot be read or written (read-only home, a damaged or foreign file) is ignored and the
font is probed as if there were none.  Written atomically (a temporary file renamed over it), so two
processes at once never leave half a file.

``$HALLPLAN_CACHE_DIR`` sets the folder (tests, portable installs); otherwise the platform's user cache
folder: ``%LOCALAPPDATA%\\HallPlan\\Cache`` on Windows, ``~/Library/Caches/HallPlan`` on macOS,
``$XDG_CACHE_HOME/hallplan`` (``~/.cache/hallplan``) elsewhere.

>>> key_of(Path(__file__), 0) is not None and key_of(Path("/no/such/font.ttf"), 0) is None
True
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

ENV_DIR = "HALLPLAN_CACHE_DIR"
FILE = "fonts.json"
VERSION = 1  # bump when what a probe decides changes (then every entry is probed again)
MAX_ENTRIES = 512  # a machine with thousands of fonts probes at most a few of them; keep the file small

_lock = threading.Lock()
_memo: dict[str, Any] | None = None  # the file as read once in this process


def cache_dir() -> Path:
    """The folder of HallPlan's caches (not created here)."""
    env = os.environ.get(ENV_DIR)
    if env:
        return Path(env)
    home = Path.home()
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local") / "HallPlan" / "Cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "HallPlan"
    return Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache") / "hallplan"


def key_of(path: Path, index: int) -> str | None:
    """The cache key of face ``index`` of ``path`` as the file is now; None when it cannot be read."""
    try:
        st = path.stat()
        real = path.resolve()
    except (OSError, RuntimeError):
        return None
    return f"{real}|{index}|{st.st_size}|{st.st_mtime_ns}"


def _file() -> Path:
    return cache_dir() / FILE


def _load() -> dict[str, Any]:
    global _memo
    if _memo is None:
        entries: dict[str, Any] = {}
        try:
            data = json.loads(_file().read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("version") == VERSION and isinstance(data.get("entries"), dict):
                entries = data["entries"]
        except (OSError, ValueError, UnicodeDecodeError):  # no cache yet, or one we cannot use
            pass
        _memo = entries
    return _memo


def get(key: str | None) -> Any:
    """The answer kept for ``key``, or None when there is none."""
    if key is None:
        return None
    with _lock:
        return _load().get(key)


def put(key: str | None, value: Any) -> None:
    """Keep ``value`` (JSON) for ``key`` and write the cache file; failures to write are ignored."""
    if key is None:
        return
    with _lock:
        entries = _load()
        if entries.get(key) == value:
            return
        entries[key] = value
        while len(entries) > MAX_ENTRIES:  # the oldest answers go first
            entries.pop(next(iter(entries)))
        _write({"version": VERSION, "entries": entries})


def _write(data: dict[str, Any]) -> None:
    target = _file()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".fonts-", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:  # a read-only or full disk: the search works without the cache
        pass


def forget() -> None:
    """Drop what this process read (tests; the file itself stays)."""
    global _memo
    with _lock:
        _memo = None


__all__ = ["cache_dir", "key_of", "get", "put", "forget", "ENV_DIR"]
