"""Opening a DXF file safely: size and format checks, encoding sniffing, recover mode.

Everything that can go wrong while opening ends as one :class:`DxfError` with a one-line
bilingual reason; nothing else escapes.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np
from ezdxf import recover
from ezdxf.document import Drawing
from ezdxf.filemanagement import dxf_file_info, read, readfile
from ezdxf.tools.codepage import is_supported_encoding, toencoding
from ezdxf.lldxf.validator import is_dxf_stream

from geometry.dxf.errors import DxfError
from geometry.dxf.lite import LiteDoc
from geometry.dxf.scan import scan_file

BINARY_SENTINEL = b"AutoCAD Binary DXF\r\n\x1a\x00"
UTF8_BOM = b"\xef\xbb\xbf"
# an import needs about this many bytes of memory per byte of file (measured on generated and
# real drawings, see benchmarks/bench_dxf_import.py: 7.6 through HallPlan's reader, 11.4 for
# ezdxf.readfile alone, more for ezdxf's whole import); used to refuse a file that cannot fit
# instead of letting the machine swap.  Binary files are read by ezdxf.
MEMORY_PER_FILE_BYTE = 10
MEMORY_PER_BINARY_FILE_BYTE = 16
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
SNIFF_BYTES = 32 * 1024 * 1024
_WINDOW = 1 << 20  # bytes searched for non-ASCII at a time
_CJK = r"[\u3400-\u9fff\uff00-\uffef]"  # compiled when first needed (2 ms): only by an old file's text


@dataclass
class OpenInfo:
    path: str
    size: int
    binary: bool = False
    recovered: bool = False
    truncated: bool = False  # the file does not end with EOF
    bom: bool = False  # the file starts with a UTF-8 byte order mark
    recover_reason: str = ""
    fixes: int = 0
    encoding: str = ""
    encoding_reason: str = ""
    text_fix: str | None = None  # re-decode strings from cp1252 to this codec (recovered GBK files)
    reader: str = "hallplan"  # "hallplan" (geometry.dxf.scan), "ezdxf" (binary files, or after a scan error), "recover"
    scan_error: str = ""  # why HallPlan's reader handed the file to ezdxf
    notes: list[tuple[str, str]] = field(default_factory=list)


def _available_memory() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def sniff_encoding(data: bytes, max_lines: int = 5000) -> str | None:
    """The codec of the non-ASCII text of an old (pre-2007) DXF without a usable code page.

    >>> sniff_encoding("0\\nTEXT\\n1\\n服务大厅\\n".encode("gbk"))
    'gbk'
    >>> sniff_encoding("0\\nTEXT\\n1\\n服务大厅\\n".encode("utf-8"))
    'utf-8'
    >>> sniff_encoding(b"0\\nTEXT\\n1\\nplain\\n") is None
    True
    """
    if data.isascii():
        return None
    raw = np.frombuffer(data, dtype=np.uint8)
    lines: list[bytes] = []
    end = 0
    base, high = 0, np.flatnonzero(raw[:_WINDOW] >= 0x80)  # where the non-ASCII bytes are in data[base:base + _WINDOW]
    while len(lines) < max_lines:
        k = int(np.searchsorted(high, end - base))  # the next non-ASCII byte, then the line around it
        while k == len(high) and base + _WINDOW < len(data):  # (numpy: a regex search takes ~5 ms/MB)
            base = max(end, base + _WINDOW)
            high = np.flatnonzero(raw[base:base + _WINDOW] >= 0x80)
            k = int(np.searchsorted(high, end - base))
        if k == len(high):
            break
        at = base + int(high[k])
        start = data.rfind(b"\n", 0, at) + 1
        end = data.find(b"\n", at)
        if end < 0:
            end = len(data)
        lines.append(data[start:end])
    if not lines:
        return None
    blob = b"\n".join(lines)
    for codec in ("utf-8", "gbk", "gb18030"):
        try:
            text = blob.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec == "utf-8" or re.search(_CJK, text):
            return codec
    return None


def fix_mojibake(text: str, codec: str) -> str:
    """Re-decode text that was read as cp1252 but is really ``codec``; unchanged when that fails.

    >>> fix_mojibake("服务大厅".encode("gbk").decode("cp1252", "surrogateescape"), "gbk")
    '服务大厅'
    """
    if text.isascii():
        return text
    try:
        return text.encode("cp1252", "surrogateescape").decode(codec)
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def _ends_with_eof(p: Path, size: int, binary: bool) -> bool:
    """Whether the file ends with its EOF marker (a cut file does not)."""
    try:
        with open(p, "rb") as fh:
            fh.seek(max(0, size - 256))
            tail = fh.read()
    except OSError:
        return True
    if binary:
        return b"EOF" in tail
    lines = tail.decode("latin-1").replace("\x1a", " ").replace("\x00", " ").split()  # DOS files may end in ^Z
    return bool(lines) and lines[-1].upper() == "EOF"


def check_file(p: Path, max_bytes: int) -> tuple[int, bytes]:
    try:
        st = p.stat()
    except FileNotFoundError:
        raise DxfError(f"找不到文件:{p}", f"file not found: {p}") from None
    except OSError as exc:
        raise DxfError(f"无法读取 {p}:{exc.strerror}", f"cannot read {p}: {exc.strerror}") from None
    if p.is_dir():
        raise DxfError(f"{p} 是文件夹,不是 DXF 文件", f"{p} is a folder, not a DXF file")
    size = st.st_size
    if size == 0:
        raise DxfError(f"{p.name}: 文件为空", f"{p.name}: the file is empty")
    mb = size / 1e6
    if size > max_bytes:
        raise DxfError(
            f"{p.name}: 文件过大({mb:.0f} MB,上限 {max_bytes / 1e6:.0f} MB);请在 CAD 中清理(PURGE)或按楼层拆分后再导入",
            f"{p.name}: file too large ({mb:.0f} MB, limit {max_bytes / 1e6:.0f} MB); purge it or split it by floor in CAD, then import",
        )
    try:
        with open(p, "rb") as fh:
            head = fh.read(65536)
    except OSError as exc:
        raise DxfError(f"无法读取 {p}:{exc.strerror}", f"cannot read {p}: {exc.strerror}") from None
    need = size * (MEMORY_PER_BINARY_FILE_BYTE if head.startswith(BINARY_SENTINEL) else MEMORY_PER_FILE_BYTE)
    avail = _available_memory()
    if avail is not None and need > avail * 0.7:
        raise DxfError(
            f"{p.name}: 文件({mb:.0f} MB)读入约需 {need / 1e9:.1f} GB 内存,本机可用仅 {avail / 1e9:.1f} GB",
            f"{p.name}: reading this {mb:.0f} MB file needs about {need / 1e9:.1f} GB of memory, only {avail / 1e9:.1f} GB is free",
        )
    return size, head


def _check_format(name: str, head: bytes) -> bool:
    """True for binary DXF; raises for what is plainly not a DXF."""
    if head.startswith(BINARY_SENTINEL):
        return True
    if re.match(rb"AC10\d\d", head[:6]):
        raise DxfError(f"{name}: 这是 DWG 文件,请在 CAD 中另存为 DXF 后再导入", f"{name}: this is a DWG file; save it as DXF in your CAD program first")
    if not head.strip():
        raise DxfError(f"{name}: 文件只有空白,没有 DXF 内容", f"{name}: the file holds only blanks, no DXF content")
    if b"\x00" in head[:4096]:
        raise DxfError(f"{name}: 不是 DXF 文件(二进制内容)", f"{name}: not a DXF file (binary content)")
    text = head.decode("latin-1").replace("\r\n", "\n")
    if len(head) == 65536:  # do not let a cut last line look like a bad tag
        text = text[: text.rfind("\n") + 1]
    try:
        ok = is_dxf_stream(io.StringIO(text))
    except Exception:  # the tag loader may raise on garbage
        ok = False
    if not ok:
        raise DxfError(f"{name}: 不是 DXF 文件(开头没有 0/SECTION)", f"{name}: not a DXF file (it does not start with 0/SECTION)")
    return False


def _version_and_codepage(head: bytes) -> tuple[str, str]:
    text = head.decode("latin-1")
    ver = re.search(r"\$ACADVER\s*\r?\n\s*1\s*\r?\n\s*(\S+)", text)
    cp = re.search(r"\$DWGCODEPAGE\s*\r?\n\s*3\s*\r?\n\s*(\S+)", text)
    return (ver.group(1).upper() if ver else "AC1009"), (cp.group(1).upper() if cp else "")


class _ProgressRaw(io.RawIOBase):
    """A raw file that reports how far it has been read; the text layer above stays in C."""

    def __init__(self, raw: io.FileIO, size: int, report: Callable[[float], None]) -> None:
        super().__init__()
        self._raw, self._size, self._report = raw, max(size, 1), report
        self._pos = self._last = 0

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        n = self._raw.readinto(b) or 0
        self._pos += n
        if self._pos - self._last >= self._size / 50:
            self._last = self._pos
            self._report(min(self._pos / self._size, 1.0))
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()


def _read_ascii(p: Path, size: int, encoding: str | None, report: Callable[[float], None] | None) -> Drawing:
    """``ezdxf.readfile`` for ASCII files, with progress from the bytes read so far."""
    if report is None:
        return readfile(str(p), encoding=encoding) if encoding else readfile(str(p))
    enc = encoding or dxf_file_info(str(p)).encoding
    raw = _ProgressRaw(io.FileIO(str(p), "r"), size, report)
    with io.TextIOWrapper(io.BufferedReader(raw, buffer_size=1 << 20), encoding=enc, errors="surrogateescape") as fh:
        doc = read(fh)
    doc.filename = str(p)
    if encoding is not None and is_supported_encoding(encoding):
        doc.encoding = encoding
    return doc


def _scan(p: Path, info: OpenInfo, version: str, codepage: str, encoding: str | None,
          progress: Callable[[float], None] | None, xrecords: tuple[str, ...]) -> LiteDoc | None:
    """HallPlan's own reader (:mod:`geometry.dxf.scan`); None when the file breaks the DXF
    structure (or the reader fails), for ezdxf and its recover mode to try."""
    enc = encoding or ("utf-8" if version >= "AC1021" else toencoding(codepage or "ANSI_1252"))
    try:
        doc = scan_file(str(p), enc, progress, xrecords)
    except MemoryError:
        raise DxfError(f"{p.name}: 内存不足,无法读入", f"{p.name}: out of memory while reading") from None
    except Exception as exc:  # a structure error (or a bug of ours): ezdxf reads it the old way
        info.scan_error = f"{type(exc).__name__}: {exc}"[:200]
        return None
    doc.encoding = toencoding(str(doc.header.get("$DWGCODEPAGE", "ANSI_1252")))
    if encoding is not None and is_supported_encoding(encoding):
        doc.encoding = encoding
    return doc


def open_document(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES,
                  progress: Callable[[float], None] | None = None, *, fast: bool = True,
                  xrecords: tuple[str, ...] = ()) -> tuple[Drawing | LiteDoc, OpenInfo]:
    """Read a DXF (ASCII or binary, any version ezdxf reads), falling back to recover mode.

    ASCII files are read by HallPlan's own reader into a :class:`LiteDoc` (``fast``; False reads
    every file with ``ezdxf.readfile`` as before); binary files, and files that break the DXF
    structure, by ezdxf (into a full ``Drawing``).  ``xrecords``: root-dictionary entries to load.
    ``progress(fraction)`` is called as the file is read (ASCII files)."""
    p = Path(path)
    size, head = check_file(p, max_bytes)
    info = OpenInfo(path=str(p), size=size)
    if head.startswith(UTF8_BOM):  # written by some converters; ezdxf's recover mode reads it
        info.bom = True
        head = head[len(UTF8_BOM):]
    info.binary = _check_format(p.name, head)
    info.truncated = not _ends_with_eof(p, size, info.binary)
    encoding: str | None = None
    version, codepage = "", ""
    if not info.binary:
        version, codepage = _version_and_codepage(head)
        if version < "AC1021" and codepage in ("", "ANSI_1252"):
            try:
                with open(p, "rb") as fh:
                    data = fh.read(min(SNIFF_BYTES, size))  # the layer table and most text come early (read(n) reserves n bytes)
            except OSError as exc:
                raise DxfError(f"无法读取 {p}:{exc.strerror}", f"cannot read {p}: {exc.strerror}") from None
            encoding = sniff_encoding(data)
            del data
            if encoding is not None:
                cp_txt = codepage or "无 $DWGCODEPAGE"
                cp_en = codepage or "no $DWGCODEPAGE"
                info.encoding_reason = f"{cp_en}, but the non-ASCII text decodes as {encoding}"
                info.notes.append((f"文字编码:文件声明 {cp_txt},按 {encoding} 解码中文", f"text encoding: file says {cp_en}; decoded as {encoding}"))
    doc: Drawing | LiteDoc | None = None
    if fast and not (info.binary or info.bom or info.truncated):  # those three: ezdxf, as before
        doc = _scan(p, info, version, codepage, encoding, progress, xrecords)
    if doc is None:
        info.reader = "ezdxf"
        try:
            if info.bom:
                raise ValueError("UTF-8 byte order mark")
            doc = readfile(str(p)) if info.binary else _read_ascii(p, size, encoding, progress)
            doc.modelspace()  # a structurally broken file may load without one
        except MemoryError:
            raise DxfError(f"{p.name}: 内存不足,无法读入", f"{p.name}: out of memory while reading") from None
        except Exception as exc:  # ezdxf raises many types on broken files; recover mode is the answer
            info.recover_reason = f"{type(exc).__name__}: {exc}"[:200]
            doc = _recover(p, info)
            info.reader = "recover"
    info.encoding = encoding or ("utf-8" if doc.dxfversion >= "AC1021" else doc.encoding)
    if info.truncated:
        info.notes.append(("文件被截断(结尾缺少 EOF),只读入了截断之前的部分",
                           "the file is truncated (no EOF at the end): only the part before the cut was read"))
    if encoding and doc.encoding != encoding and info.recovered:
        info.text_fix = encoding
    return doc, info


def _recover(p: Path, info: OpenInfo) -> Drawing:
    try:
        doc, auditor = recover.readfile(str(p))
    except MemoryError:
        raise DxfError(f"{p.name}: 内存不足,无法读入", f"{p.name}: out of memory while reading") from None
    except Exception as exc:
        why = " ".join(str(exc).split())[:120] or type(exc).__name__
        if info.truncated:
            raise DxfError(f"{p.name}: DXF 文件被截断(结尾缺少 EOF),修复模式也无法读取({why})",
                           f"{p.name}: the DXF file is truncated (no EOF at the end) and cannot be recovered ({why})") from None
        raise DxfError(
            f"{p.name}: DXF 文件已损坏或被截断,修复模式也无法读取({why})",
            f"{p.name}: the DXF file is damaged or truncated and cannot be recovered ({why})",
        ) from None
    try:
        doc.modelspace()
    except Exception:
        raise DxfError(f"{p.name}: DXF 文件已损坏,没有模型空间", f"{p.name}: the DXF file is damaged: it has no modelspace") from None
    info.recovered = True
    if info.bom:
        info.notes.append(("文件以 UTF-8 字节顺序标记(BOM)开头,已去掉后读取", "the file starts with a UTF-8 byte order mark (BOM); read without it"))
    info.fixes = len(auditor.fixes)
    errors = len(auditor.errors)
    info.notes.append((
        f"文件有结构错误,已用修复模式读取(修正 {info.fixes} 处,未能修正 {errors} 处)",
        f"the file has structural errors and was read in recover mode ({info.fixes} fixed, {errors} not fixable)",
    ))
    return doc
