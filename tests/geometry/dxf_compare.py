"""What an import produced, as plain comparable data (for comparing two ways of reading a file)."""

from __future__ import annotations

import dataclasses
from array import array
from typing import Any

import numpy as np

from geometry.dxf.report import ImportResult


def _plain(v: Any) -> Any:
    if hasattr(v, "wkb_hex"):  # shapely geometry: exact coordinates
        return ("geom", v.wkb_hex)
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return (type(v).__name__, tuple((f.name, _plain(getattr(v, f.name))) for f in dataclasses.fields(v)))
    if isinstance(v, dict):
        return tuple(sorted((str(k), _plain(x)) for k, x in v.items()))
    if isinstance(v, (list, tuple)):
        return tuple(_plain(x) for x in v)
    if isinstance(v, np.ndarray):
        return ("array", v.shape, v.tobytes())
    if isinstance(v, array):
        return ("array", v.typecode, v.tobytes())
    return v


def outcome(r: ImportResult) -> dict[str, Any]:
    """Plan, report (without timing) and underlay of an import, field by field."""
    rep = dataclasses.replace(r.report, seconds=0.0)
    return {
        "plan": _plain(r.plan),
        "report": _plain(rep),
        "underlay": tuple((la.layer, la.coords.tobytes(), np.asarray(la.starts).tobytes()) for la in r.underlay.layers),
        "texts": _plain(r.underlay_texts),
        "hidden": tuple(r.hidden_layers),
    }


def differences(a: ImportResult, b: ImportResult) -> list[str]:
    """The parts of two imports that differ (empty when they are the same)."""
    oa, ob = outcome(a), outcome(b)
    out = []
    for k in oa:
        if oa[k] != ob[k]:
            out.append(k)
    return out
