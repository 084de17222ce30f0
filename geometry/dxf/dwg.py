"""Reading DWG: ``ezdwg`` (MIT, a Rust core with wheels for Linux, Windows and macOS) converts the
drawing to DXF through ezdxf; that DXF then takes the one import path, budget and report.

What the conversion drops is put back from the DWG itself: the units (``$INSUNITS``, ``$LUNITS``,
which decide millimetres or metres) and which layers are off or frozen.

>>> dwg_version(b"AC1032\\x00\\x00"), dwg_version(b"0\\nSECTION")
('AC1032', None)
>>> release("AC1015"), release("AC1009"), release("AC9999")
('AutoCAD 2000', 'AutoCAD R11/R12', '')
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geometry.dxf.errors import DxfError

# the versions ezdwg reads (ezdwg.document.SUPPORTED_VERSIONS)
READABLE = ("AC1012", "AC1014", "AC1015", "AC1018", "AC1021", "AC1024", "AC1027", "AC1032")
RELEASES: dict[str, str] = {
    "AC1.50": "AutoCAD 2.05", "AC2.10": "AutoCAD 2.10", "AC1001": "AutoCAD 2.2", "AC1002": "AutoCAD 2.5",
    "AC1003": "AutoCAD 2.6", "AC1004": "AutoCAD R9", "AC1006": "AutoCAD R10", "AC1009": "AutoCAD R11/R12",
    "AC1012": "AutoCAD R13", "AC1014": "AutoCAD R14", "AC1015": "AutoCAD 2000", "AC1018": "AutoCAD 2004",
    "AC1021": "AutoCAD 2007", "AC1024": "AutoCAD 2010", "AC1027": "AutoCAD 2013", "AC1032": "AutoCAD 2018",
}
_MAGIC = re.compile(rb"AC(\d{4}|\d\.\d\d)")
# a DWG holds its drawing compressed: the DXF it becomes is several times larger, so a DWG is
# refused at a quarter of the DXF size limit
DWG_SHARE_OF_DXF_LIMIT = 4
_HEADER_VARS = {"insunits": "$INSUNITS", "lunits": "$LUNITS", "measurement": "$MEASUREMENT"}


def dwg_version(head: bytes) -> str | None:
    """The version code a DWG file starts with (``AC1032``), or None for anything else."""
    m = _MAGIC.match(head[:6])
    return m.group(0).decode("ascii") if m else None


def release(version: str) -> str:
    """The AutoCAD release that writes ``version`` ('' when unknown)."""
    return RELEASES.get(version, "")


@dataclass(frozen=True)
class DwgInfo:
    """What the DWG said that the converted DXF does not."""

    version: str
    header: dict[str, int]
    layers_off: tuple[str, ...] = ()
    layers_frozen: tuple[str, ...] = ()
    entities: int = 0
    skipped: tuple[tuple[str, int], ...] = ()  # (DWG type, count) ezdwg could not convert
    seconds: float = 0.0


def _save_as_dxf(name: str, version: str) -> tuple[str, str]:
    rel = release(version)
    zh_rel = f"({rel})" if rel else ""
    en_rel = f" ({rel})" if rel else ""
    return (f"{name}: 无法读取 DWG 版本 {version}{zh_rel};请在 CAD 中另存为 DXF 后再导入",
            f"{name}: cannot read DWG version {version}{en_rel}; save it as DXF in your CAD program, then import that")


def convert_dwg(path: str | os.PathLike[str], out: str | os.PathLike[str], max_bytes: int) -> DwgInfo:
    """Convert the DWG at ``path`` to a DXF at ``out``.  Raises :class:`DxfError` (one line naming
    the version and what to do) for versions it cannot read and damaged or truncated files."""
    p = Path(path)
    name = p.name
    try:
        size = p.stat().st_size
        with open(p, "rb") as fh:
            head = fh.read(6)
    except OSError as exc:
        raise DxfError(f"无法读取 {p}:{exc.strerror}", f"cannot read {p}: {exc.strerror}") from None
    version = dwg_version(head)
    if version is None:
        raise DxfError(f"{name}: 不是 DWG 文件(开头没有版本号 AC10xx)", f"{name}: not a DWG file (it does not start with a version such as AC1032)")
    limit = max_bytes // DWG_SHARE_OF_DXF_LIMIT
    if size > limit:
        raise DxfError(f"{name}: DWG 文件过大({size / 1e6:.0f} MB,上限 {limit / 1e6:.0f} MB);请在 CAD 中清理(PURGE)或按楼层拆分后再导入",
                       f"{name}: DWG file too large ({size / 1e6:.0f} MB, limit {limit / 1e6:.0f} MB); purge it or split it by floor in CAD, then import")
    if version not in READABLE:
        raise DxfError(*_save_as_dxf(name, version))
    try:
        import ezdwg
    except ImportError:
        raise DxfError(f"{name}: 此安装不能读取 DWG(缺少 ezdwg);请另存为 DXF 后再导入",
                       f"{name}: this installation cannot read DWG (ezdwg is missing); save it as DXF, then import that") from None
    from geometry.dxf.dwg_blocks import inserts_lost, rebuild  # a DWG's blocks, only when there is a DWG

    t0 = time.perf_counter()
    try:
        doc = ezdwg.read(str(p))
        layers = [(str(la.name), bool(la.on), bool(la.frozen)) for la in doc.layers]
        hv = doc.header_variables
        header = {k: int(v) for k, v in dict(hv() if callable(hv) else hv).items()
                  if k in _HEADER_VARS and isinstance(v, (int, float))}
        res = ezdwg.to_dxf(doc, os.fspath(out))
        total, skipped = int(res.total_entities), dict(res.skipped_by_type)
        if inserts_lost(doc, out):  # ezdwg's own DWGs: their block references, put back (geometry.dxf.dwg_blocks)
            total, skipped = rebuild(doc, p, out)
    except MemoryError:
        raise DxfError(f"{name}: 内存不足,无法读入 DWG", f"{name}: out of memory while reading the DWG") from None
    except BaseException as exc:  # pyo3 reports a panic in the Rust core as a BaseException
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        why = " ".join(str(exc).split())[:120] or type(exc).__name__
        rel = release(version)
        raise DxfError(f"{name}: DWG 文件({version},{rel})已损坏或被截断,无法读取({why});请在 CAD 中另存为 DXF 后再导入",
                       f"{name}: the DWG file ({version}, {rel}) is damaged or truncated and cannot be read ({why}); "
                       "save it as DXF in your CAD program, then import that") from None
    finally:
        try:
            ezdwg.clear_decode_caches()  # the decoded tables would keep the whole drawing alive
        except Exception:
            pass
    return DwgInfo(version=version, header=header,
                   layers_off=tuple(n for n, on, _ in layers if not on),
                   layers_frozen=tuple(n for n, _, fr in layers if fr),
                   entities=total, skipped=tuple(sorted(skipped.items())),
                   seconds=time.perf_counter() - t0)


def restore_dwg_state(doc: Any, info: DwgInfo) -> None:
    """Put back into the converted ezdxf document what the conversion dropped: units, layer states."""
    for key, var in _HEADER_VARS.items():
        if key in info.header:
            try:
                doc.header[var] = info.header[key]
            except Exception:  # a value ezdxf refuses says nothing more than its absence
                continue
    for names, switch in ((info.layers_off, "off"), (info.layers_frozen, "freeze")):
        for n in names:
            layer = doc.layers.get(n) if n in doc.layers else None
            if layer is not None:
                getattr(layer, switch)()
