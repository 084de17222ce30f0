"""The plan sheet's faster drawing (issue 14) against the one-by-one drawing it replaces: a run of objects
of one style made in one pass (planner.report.shapecode) writes the same page operators, byte for byte."""

from __future__ import annotations

import io
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfgen.canvas import Canvas
from shapely.geometry import GeometryCollection, LineString, MultiLineString, MultiPolygon, Point, Polygon

from geometry.synthetic import sample_plan
from planner.render import STYLES, RecordingBackend, Style, draw_geometry, render_objects
from planner.report.pdfbackend import PdfBackend, choose_sheet

COORD = st.floats(min_value=-500, max_value=500, allow_nan=False, width=32)
POINTS = st.lists(st.tuples(COORD, COORD), min_size=0, max_size=7)


def _ring(pts: list[tuple[float, float]]) -> list[tuple[float, float]]:
    return pts + pts[:1] if pts else pts


@st.composite
def geometries(draw: Any) -> Any:
    kind = draw(st.sampled_from(["line", "poly", "mline", "mpoly", "point", "empty", "collection"]))
    if kind == "line":
        pts = draw(POINTS)
        return LineString(pts) if len(pts) != 1 else LineString()
    if kind == "poly":
        ext = draw(st.lists(st.tuples(COORD, COORD), min_size=3, max_size=7))
        holes = draw(st.lists(st.lists(st.tuples(COORD, COORD), min_size=3, max_size=5), max_size=2))
        return Polygon(ext, holes)
    if kind == "mline":
        return MultiLineString([p for p in draw(st.lists(POINTS, max_size=3)) if len(p) >= 2])
    if kind == "mpoly":
        return MultiPolygon([Polygon(p) for p in draw(st.lists(st.lists(st.tuples(COORD, COORD), min_size=3, max_size=5), max_size=3))])
    if kind == "point":
        return Point(draw(COORD), draw(COORD))
    if kind == "collection":
        return GeometryCollection([Point(0, 0), LineString([(0, 0), (1, 1)])])
    return Polygon()


def _page_code(draw_them: Any) -> str:
    c = Canvas(io.BytesIO(), pagesize=(1190.0, 842.0))
    sheet = choose_sheet((-500.0, -500.0, 500.0, 500.0))
    backend = PdfBackend(c, sheet, "Helvetica")
    draw_them(backend)
    return "\n".join(c._code)


STYLE_CHOICES = [STYLES["obstacle"], STYLES["route"], STYLES["room"], STYLES["hall"], Style(stroke=None, fill="#123456"),
                 Style(stroke=None, fill=None)]


@settings(max_examples=150, deadline=None)
@given(st.lists(geometries(), max_size=12), st.sampled_from(STYLE_CHOICES))
def test_a_run_writes_what_drawing_each_object_writes(geoms: list[Any], style: Style) -> None:
    ids = [f"o{i}" for i in range(len(geoms))]
    one_by_one = _page_code(lambda be: [draw_geometry(be, g, style, i) for g, i in zip(geoms, ids)])
    batched = _page_code(lambda be: be.geometries(geoms, style, ids))
    assert batched == one_by_one


class _OneByOne(PdfBackend):
    geometries = None  # type: ignore[assignment]  # render_objects then draws each object itself


@pytest.mark.parametrize("level", ["city", "township"])
@pytest.mark.parametrize("compliant", [True, False])
def test_a_plan_sheet_is_the_same_with_and_without_runs(level: str, compliant: bool) -> None:
    plan = sample_plan(level, compliant)
    batched = _page_code(lambda be: render_objects(plan.objects, be))
    c = Canvas(io.BytesIO(), pagesize=(1190.0, 842.0))
    render_objects(plan.objects, _OneByOne(c, choose_sheet((-500.0, -500.0, 500.0, 500.0)), "Helvetica"))
    assert batched == "\n".join(c._code)


def test_backends_without_runs_still_get_each_object() -> None:
    plan = sample_plan("county")
    rec = RecordingBackend()
    render_objects(plan.objects, rec)
    drawn = {i for i in rec.ids() if i is not None}
    assert drawn == {o.id for o in plan.objects}
