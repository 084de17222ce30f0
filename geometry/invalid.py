"""Why a shape cannot be used, said for people in both languages (not GEOS's "Self-intersection[5 5]").

>>> from shapely.geometry import Polygon
>>> bowtie = Polygon([(0, 0), (10, 10), (10, 0), (0, 10)])
>>> e = InvalidPlan.shape(("服务大厅边界", "The service hall boundary"), bowtie)
>>> e.zh, e.en
('服务大厅边界自相交,位置 (5, 5)', 'The service hall boundary crosses itself at (5, 5)')
>>> isinstance(e, ValueError) and isinstance(e, HallPlanError)
True
"""

from __future__ import annotations

import re

from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from geometry.i18n import HallPlanError

# GEOS's reasons (shapely.validation.explain_validity) → (zh, en predicate)
_REASONS: tuple[tuple[str, str, str], ...] = (
    ("Ring Self-intersection", "自相交", "crosses itself"),
    ("Self-intersection", "自相交", "crosses itself"),
    ("Too few points", "的点数太少,围不成面", "has too few points to enclose an area"),
    ("Hole lies outside shell", "的内洞落在外轮廓之外", "has a hole outside its outline"),
    ("Nested holes", "的内洞相互嵌套", "has holes inside holes"),
    ("Interior is disconnected", "的内部被内洞分割成互不相连的部分", "is cut by its holes into unconnected parts"),
    ("Nested shells", "的外轮廓相互嵌套", "has outlines inside each other"),
    ("Duplicate Rings", "有重复的轮廓", "has a repeated outline"),
    ("Invalid Coordinate", "有无效坐标(非数字或无穷大)", "has an invalid coordinate (not a number or infinite)"),
    ("Ring is not closed", "未闭合", "is not closed"),
)
_AT = re.compile(r"\[\s*([-+0-9.eE]+|nan|inf)\s+([-+0-9.eE]+|nan|inf)\s*\]")
GEOMETRY_NAMES: dict[str, tuple[str, str]] = {
    "Point": ("点", "a point"), "LineString": ("线", "a line"), "Polygon": ("多边形", "a polygon"),
    "MultiPoint": ("多个点", "several points"), "MultiLineString": ("多条线", "several lines"),
    "MultiPolygon": ("多个多边形", "several polygons"), "GeometryCollection": ("几何集合", "a collection of shapes"),
    "LinearRing": ("闭合线", "a closed line"),
}


class InvalidPlan(HallPlanError, ValueError):
    """A plan or object that cannot be made as given; a ``ValueError`` that speaks both languages."""

    @classmethod
    def shape(cls, name: tuple[str, str], g: BaseGeometry) -> InvalidPlan:
        """The error for an invalid polygon ``g`` of the thing called ``name`` (zh, en)."""
        zh, en = explain(g)
        return cls(f"{name[0]}{zh}", f"{name[1]} {en}")


def _num(text: str) -> str:
    try:
        v = float(text)
    except ValueError:
        return text
    return f"{round(v, 3):g}" if v == v and abs(v) != float("inf") else text


def explain(g: BaseGeometry) -> tuple[str, str]:
    """(zh, en) predicate saying why ``g`` is not a valid shape, with the place when GEOS gives one.

    >>> from shapely.geometry import Polygon
    >>> explain(Polygon([(0, 0), (1, 0), (1, 1), (0, 1)]))
    ('无效', 'is not valid')
    """
    if g.is_empty:
        return "的形状为空", "has no shape"
    reason = explain_validity(g)
    if reason == "Valid Geometry":
        return "无效", "is not valid"
    zh, en = next(((z, e) for key, z, e in _REASONS if reason.startswith(key)), ("无效", "is not valid"))
    m = _AT.search(reason)
    if m:
        x, y = _num(m.group(1)), _num(m.group(2))
        return f"{zh},位置 ({x}, {y})", f"{en} at ({x}, {y})"
    return zh, en


def wrong_type(name: tuple[str, str], expected: tuple[str, ...], got: str) -> InvalidPlan:
    """The error for a shape of the wrong type: "服务台 的形状应为多边形,实为点"."""
    exp_zh = "或".join(GEOMETRY_NAMES.get(t, (t, t))[0] for t in expected)
    exp_en = " or ".join(GEOMETRY_NAMES.get(t, (t, t))[1] for t in expected)
    g_zh, g_en = GEOMETRY_NAMES.get(got, (got, got))
    return InvalidPlan(f"{name[0]}的形状应为{exp_zh},实为{g_zh}", f"{name[1]} must be {exp_en}, not {g_en}")


__all__ = ["GEOMETRY_NAMES", "InvalidPlan", "explain", "wrong_type"]
