"""File paths as people on every platform write them: drive letters, backslashes, spaces, Chinese names.

Pure functions (no Qt, no file system access) so the Windows rules are tested on any machine through
``PureWindowsPath``: the recent-files list treats ``C:\\方案\\A.hallplan`` and ``c:/方案/a.HALLPLAN`` as
one file on Windows (its file system ignores case), and keeps them apart on Linux.
"""

from __future__ import annotations

import os
from pathlib import PurePath, PurePosixPath, PureWindowsPath
from typing import Sequence


def flavour(windows: bool | None = None) -> type[PurePath]:
    """``PureWindowsPath`` on Windows (or when asked), else ``PurePosixPath``."""
    return PureWindowsPath if (os.name == "nt" if windows is None else windows) else PurePosixPath


def same_file_key(path: str, windows: bool | None = None) -> str:
    """A key equal for two spellings of one file: separators and ``.`` parts normalised; on Windows
    also case folded (the drive letter too).

    >>> same_file_key(r"C:\\方案\\.\\大厅 1.hallplan", windows=True) == same_file_key("c:/方案/大厅 1.HALLPLAN", windows=True)
    True
    >>> same_file_key("/home/a/Plan.hallplan", windows=False) == same_file_key("/home/a/plan.hallplan", windows=False)
    False
    """
    p = flavour(windows)(path)
    text = str(p)
    return text.casefold() if isinstance(p, PureWindowsPath) else text


def merge_recent(new: str, items: Sequence[str], limit: int = 10, windows: bool | None = None) -> list[str]:
    """``new`` first, then the other ``items`` that are not the same file, at most ``limit`` (as shown in the menu).

    >>> merge_recent(r"D:\\审查\\县 中心.hallplan", [r"d:\\审查\\县 中心.HALLPLAN", r"E:\\b.dxf"], windows=True)
    ['D:\\\\审查\\\\县 中心.hallplan', 'E:\\\\b.dxf']
    """
    key = same_file_key(new, windows)
    out = [str(flavour(windows)(new))]
    for x in items:
        if x and same_file_key(x, windows) != key and same_file_key(x, windows) not in {same_file_key(o, windows) for o in out}:
            out.append(x)
    return out[:limit]


def with_suffix(path: str, suffix: str, windows: bool | None = None) -> str:
    """``path`` with its last extension replaced by ``suffix`` (dots inside the name kept).

    >>> with_suffix(r"C:\\Users\\张三\\Documents\\县中心 v2.1.hallplan", ".xlsx", windows=True)
    'C:\\\\Users\\\\张三\\\\Documents\\\\县中心 v2.1.xlsx'
    """
    return str(flavour(windows)(path).with_suffix(suffix))


def menu_label(path: str, windows: bool | None = None) -> str:
    """A recent-files menu entry: the file name, then its folder (``&`` doubled: Qt reads one as a shortcut).

    >>> menu_label(r"\\\\server\\共享\\R&D\\a.hallplan", windows=True)
    'a.hallplan — \\\\\\\\server\\\\共享\\\\R&&D'
    """
    p = flavour(windows)(path)
    return f"{p.name} — {p.parent}".replace("&", "&&")


__all__ = ["flavour", "same_file_key", "merge_recent", "with_suffix", "menu_label"]
