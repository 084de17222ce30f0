"""Block references ezdwg's conversion loses, put back from its entity API.

ezdwg 0.17's ``to_dxf`` drops the INSERTs and block definitions of DWGs written by ezdwg's own
writer (the content of the blocks lands in model space, at the blocks' origin); AutoCAD's DWGs keep
theirs.  0.17 is the newest release on the package index.  When the DWG holds block references and
the converted DXF holds none, the drawing is written again from ``Document.entities()``: every
entity goes to its owner (model space or the block named by ``raw.decode_block_header_names``),
INSERTs with their ATTRIBs.  Lines, polylines, arcs, circles, points, texts and block references
are rebuilt; other entity types are counted as skipped.
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter
from typing import Any

from ezdxf.filemanagement import new as new_drawing

REBUILT = ("LINE", "LWPOLYLINE", "ARC", "CIRCLE", "POINT", "TEXT", "MTEXT", "INSERT")
_INSERT = re.compile(rb"\n\s*0\r?\nINSERT\r?\n")


def inserts_lost(dwg: Any, dxf_path: "str | os.PathLike[str]") -> bool:
    """True when the DWG has block references and the converted DXF has none."""
    if next(iter(dwg.entities().query("INSERT")), None) is None:
        return False
    tail = b""
    with open(dxf_path, "rb") as fh:  # in pieces: the first INSERT usually stands early, in the BLOCKS section
        while chunk := fh.read(1 << 20):
            if _INSERT.search(tail + chunk):
                return False
            tail = chunk[-32:]
    return True


def rebuild(dwg: Any, dwg_path: "str | os.PathLike[str]", dxf_path: "str | os.PathLike[str]") -> tuple[int, dict[str, int]]:
    """Write the DWG's model space and blocks to ``dxf_path`` from ezdwg's entities; returns the
    number of entities written and the skipped ones by type."""
    from ezdwg import raw

    owners = {int(h): str(n) for h, n in raw.decode_block_header_names(str(dwg_path))}
    doc = new_drawing("R2010")
    layer_of: dict[int, str] = {}
    for la in dwg.layers:
        name = str(la.name)
        layer_of[int(getattr(la, "handle", 0) or 0)] = name
        if name not in doc.layers:
            doc.layers.add(name)
    entities = list(dwg.entities().query())
    attribs: dict[int, list[Any]] = {}
    for e in entities:
        if e.dxftype == "ATTRIB":
            attribs.setdefault(int(e.dxf.get("owner_handle") or 0), []).append(e)
    for name in set(owners.values()):
        if not name.startswith("*") and name not in doc.blocks:
            doc.blocks.new(name)
    written, skipped = 0, Counter[str]()
    msp = doc.modelspace()
    for e in entities:
        if e.dxftype == "ATTRIB":
            continue
        owner = owners.get(int(e.dxf.get("owner_handle") or 0))
        if owner is None or owner.upper().startswith("*PAPER_SPACE"):
            continue
        target = msp if owner.upper().startswith("*MODEL_SPACE") else doc.blocks.get(owner)
        if target is None or e.dxftype not in REBUILT:
            skipped[e.dxftype] += 1
            continue
        _add(target, e, layer_of.get(int(e.dxf.get("layer_handle") or 0), "0"), attribs, layer_of)
        written += 1
    doc.saveas(str(dxf_path))
    return written, dict(skipped)


def _add(target: Any, e: Any, layer: str, attribs: dict[int, list[Any]], layer_of: dict[int, str]) -> None:
    d = e.dxf
    a = {"layer": layer}
    t = e.dxftype
    if t == "LINE":
        target.add_line(d["start"], d["end"], dxfattribs=a)
    elif t == "LWPOLYLINE":
        pts = d["points"]
        bulges = d.get("bulges") or [0.0] * len(pts)
        target.add_lwpolyline([(p[0], p[1], 0.0, 0.0, b) for p, b in zip(pts, bulges)], format="xyseb",
                              close=bool(d.get("closed")), dxfattribs=a)
    elif t == "ARC":
        target.add_arc(d["center"], d["radius"], d["start_angle"], d["end_angle"], dxfattribs=a)
    elif t == "CIRCLE":
        target.add_circle(d["center"], d["radius"], dxfattribs=a)
    elif t == "POINT":
        target.add_point(d.get("location") or d.get("point") or (0.0, 0.0, 0.0), dxfattribs=a)
    elif t == "TEXT":
        target.add_text(d["text"], dxfattribs={**a, "insert": d["insert"], "height": d.get("height") or 1.0,
                                                "rotation": d.get("rotation") or 0.0})
    elif t == "MTEXT":
        target.add_mtext(d.get("raw_text") or d["text"], dxfattribs={
            **a, "insert": d["insert"], "char_height": d.get("char_height") or 1.0,
            "attachment_point": d.get("attachment_point") or 1, "rotation": d.get("rotation") or 0.0})
    else:  # INSERT
        ref = target.add_blockref(d["name"], d["insert"], dxfattribs={
            **a, "xscale": d.get("xscale", 1.0), "yscale": d.get("yscale", 1.0), "zscale": d.get("zscale", 1.0),
            "rotation": d.get("rotation") or 0.0})
        for att in attribs.get(int(e.handle), []):
            ad = att.dxf
            h = ad.get("height") or 1.0
            ref.add_attrib(ad.get("tag") or "", ad.get("text") or "", ad.get("insert") or d["insert"],
                           dxfattribs={"height": h if math.isfinite(h) else 1.0,
                                       "layer": layer_of.get(int(ad.get("layer_handle") or 0), layer)})
