"""Fuzz of the project format (hypothesis): type confusion at every field, NaN/inf/huge/negative numbers,
text for numbers.  ``hallplan check`` runs in-process and must exit 0, 1 or 2 only, never with a traceback;
a plan whose field is invalid (by the published JSON Schema, or a number JSON cannot hold) is refused with
exit 2 — so no rule can pass on it — and every plan that loads can be saved and loads back equal."""

from __future__ import annotations

import contextlib
import io
import json
import math
import tempfile
from pathlib import Path
from typing import Any

import jsonschema
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, box, shape

import assets
from geometry.i18n import set_language
from geometry.model import Obstacle, Parking, Ramp, Room, Route
from geometry.project import ProjectError, load_plan, plan_from_json, plan_to_dict, save_plan
from geometry.synthetic import sample_plan
from geometry.validate import COMMON_SPECS, CONTEXT_SPECS, SIGNAGE_SPECS, Spec
from geometry.model import OBJECT_SPECS
from planner.commands.cli import main

VALIDATOR = jsonschema.Draft202012Validator(
    json.loads(assets.path("schema", "hallplan.project-2.schema.json").read_text(encoding="utf-8")))


def _base() -> dict[str, Any]:
    plan = sample_plan("township", True)
    for obj in (Obstacle(id="o1", geometry=box(20, 1, 20.5, 1.5), kind="column"),
                Route(id="r1", geometry=LineString([(1, 0.5), (6, 0.5)]), width_m=1.5),
                Parking(id="p1", geometry=box(-20, -20, -5, -5), stalls=12, accessible_stalls=1),
                Ramp(id="ramp1", geometry=box(-30, -3, -28.5, 5), rise_m=0.5, width_m=1.3),
                Room(id="rm1", geometry=box(30, 0, 40, 8), label="档案室", stated_area_m2=80.0, layer="使用面积线", floor="一层")):
        plan = plan.with_object(obj)
    return plan_to_dict(plan)


BASE = _base()
KINDS = sorted({o["type"] for o in BASE["objects"]})
assert set(KINDS) == set(OBJECT_SPECS)  # every object type is fuzzed

# every field of the format: (table, kind or "", field)
FIELDS: list[tuple[str, str, str]] = (
    [("context", "", k) for k in CONTEXT_SPECS] + [("signage", "", k) for k in SIGNAGE_SPECS]
    + [("objects", kind, k) for kind in KINDS for k in [*COMMON_SPECS, *OBJECT_SPECS[kind][2]]]
    + [("top", "", k) for k in ("version", "context", "signage", "checklist", "meta", "objects", "hall")]
    + [("checklist", "", "traffic_signs"), ("meta", "", "source")]
    + [("objects", kind, "geometry") for kind in KINDS] + [("coord", kind, "x") for kind in [*KINDS, "hall"]]
)

HOSTILE = st.one_of(
    st.sampled_from([math.nan, math.inf, -math.inf, 1e300, -1e300, 0, 0.0, -1, -800, -0.8, 0.8, 1.5, 2, 3, 62000.0,
                     10 ** 30, 10 ** 400, -(10 ** 400), True, False, None, "", " ", "0.8", "false", "true", "abc", "50万", "800mm", "nan",
                     "city", "waiting", "extinguisher", [], {}, [1], ["zh"], {"a": 1}]),
    st.integers(min_value=-10 ** 25, max_value=10 ** 25),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.lists(st.one_of(st.text(max_size=3), st.integers()), max_size=3),
)


def plausible(spec: Spec) -> st.SearchStrategy[Any]:
    """Values the field allows (so the fuzz also walks the accepting path)."""
    base: st.SearchStrategy[Any]
    if spec.kind == "int":
        base = st.integers(min_value=int(spec.lo or 0), max_value=int(spec.hi or 0))
    elif spec.kind == "float":
        base = st.floats(min_value=spec.lo, max_value=spec.hi, exclude_min=spec.lo_open, allow_nan=False)
    elif spec.kind == "bool":
        base = st.booleans()
    elif spec.kind == "strs":
        base = st.lists(st.text(max_size=5), max_size=3)
    elif spec.kind == "choice":
        base = st.sampled_from(spec.choices)
    else:
        base = st.text(min_size=1, max_size=20)
    return st.one_of(base, st.none()) if spec.nullable else base


def spec_of(field: tuple[str, str, str]) -> Spec | None:
    table, kind, name = field
    if table == "context":
        return CONTEXT_SPECS[name]
    if table == "signage":
        return SIGNAGE_SPECS[name]
    if table == "objects":
        return {**COMMON_SPECS, **OBJECT_SPECS[kind][2]}.get(name)  # None: the geometry
    return None


def change(field: tuple[str, str, str]) -> st.SearchStrategy[tuple[tuple[str, str, str], Any]]:
    spec = spec_of(field)
    if field[0] == "coord":
        values = st.one_of(HOSTILE, st.floats(min_value=-100, max_value=100))
    else:
        values = HOSTILE if spec is None else st.one_of(HOSTILE, plausible(spec))
    return st.tuples(st.just(field), values)


CHANGES = st.lists(st.sampled_from(FIELDS).flatmap(change), min_size=1, max_size=3)


def mutate(d: dict[str, Any], field: tuple[str, str, str], value: Any) -> None:
    table, kind, name = field
    if table == "coord":  # one coordinate of the hall or of the first object of a kind
        g = d.get("hall") if kind == "hall" else next(
            (o.get("geometry") for o in (d["objects"] if isinstance(d["objects"], list) else [])
             if isinstance(o, dict) and o.get("type") == kind), None)
        c = g.get("coordinates") if isinstance(g, dict) else None
        while isinstance(c, list) and c and isinstance(c[-1], list):
            c = c[1] if len(c) > 1 and isinstance(c[1], list) and not isinstance(c[1][0], list) else c[0]
        if isinstance(c, list) and c:
            c[0] = value
        return
    if table == "top":
        d[name] = value
    elif table == "objects":
        objs = d["objects"] if isinstance(d["objects"], list) else []  # an earlier change may have replaced the list
        for o in objs:
            if isinstance(o, dict) and o.get("type") == kind:
                o[name] = value
                break
    elif isinstance(d[table], dict):
        d[table][name] = value


def finite(v: Any) -> bool:
    if isinstance(v, float):
        return math.isfinite(v)
    if isinstance(v, dict):
        return all(finite(x) for x in v.values())
    if isinstance(v, list):
        return all(finite(x) for x in v)
    return True


def _pack_loads(name: str) -> bool:
    from standards.packs import PackError, load_pack

    try:
        load_pack(name)
    except PackError:
        return False
    return True


def valid(d: dict[str, Any], checking: bool = False) -> bool:
    """The oracle: the published schema, plus what JSON itself cannot hold (NaN, infinity) and what the
    schema cannot say (ids unique, valid polygons, no more accessible stalls than stalls); ``checking``:
    also that the packs the plan names exist (a plan naming another's pack loads, but is not checked)."""
    if not (finite(d) and VALIDATOR.is_valid(d)):
        return False
    for o in d.get("objects") or []:
        if o["type"] == "parking" and None not in (o.get("stalls"), o.get("accessible_stalls")) \
                and o["accessible_stalls"] > o["stalls"]:
            return False  # more accessible stalls than stalls
    packs = (d.get("context") or {}).get("packs")
    if checking and packs is not None and not all(_pack_loads(p) for p in packs):
        return False  # a pack the plan names that cannot be read (refused when checking, naming it)
    ids = [o["id"] for o in d.get("objects") or []]
    geoms = [d.get("hall"), d.get("building"), *(o["geometry"] for o in d.get("objects") or [])]
    return len(ids) == len(set(ids)) and all(g is None or g["type"] != "Polygon" or shape(g).is_valid for g in geoms)


def run_check(path: Path, out: Path) -> tuple[int, str]:
    err = io.StringIO()
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            rc = main(["check", str(path), "--json", str(out), "--lang", "en"])
    finally:
        set_language("zh")
    return rc, err.getvalue()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CHANGES)
def test_check_exits_0_1_2_only_and_refuses_every_invalid_field(changes: list[tuple[tuple[str, str, str], Any]]) -> None:
    d = json.loads(json.dumps(BASE))
    for field, value in changes:
        mutate(d, field, value)
    with tempfile.TemporaryDirectory() as tmp:
        path, out = Path(tmp) / "fuzz.hallplan", Path(tmp) / "r.json"
        path.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")  # NaN/Infinity as JSON5-style literals
        rc, err = run_check(path, out)
        event(f"exit {rc}")
        assert rc in (0, 1, 2), err
        assert "Traceback" not in err and "internal error" not in err, err
        if valid(d, checking=True):
            assert rc in (0, 1), f"a valid plan was refused: {err}"
            assert json.loads(out.read_text(encoding="utf-8"))["schema"] == "hallplan.report/1"
        else:
            assert rc == 2 and not out.exists(), f"an invalid plan was checked ({changes})"
            assert len(err.strip().splitlines()) == 1 and err.startswith("hallplan: fuzz.hallplan: "), err
            if len(changes) == 1 and changes[0][0][0] != "top":
                name = changes[0][0][2]
                if changes[0][0][0] == "coord":
                    # the shape's fault in words (geometry.invalid), or the coordinates that make it
                    shape_words = ("coordinate", "polygon", "geometry", "crosses itself", "too few points",
                                   "not closed", "not valid", "has no shape", "hole", "outline")
                    assert any(w in err for w in shape_words), err
                else:
                    assert name in err or name.replace("_", " ") in err, err  # the field is named


@settings(max_examples=100, deadline=None)
@given(CHANGES)
def test_every_plan_that_loads_can_be_saved_and_loads_back_equal(changes: list[tuple[tuple[str, str, str], Any]]) -> None:
    d = json.loads(json.dumps(BASE))
    for field, value in changes:
        mutate(d, field, value)
    try:
        plan = plan_from_json(json.dumps(d))
    except ProjectError:
        assert not valid(d)
        return
    assert valid(d)
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "again.hallplan"
        save_plan(plan, f)
        assert load_plan(f) == plan
        VALIDATOR.validate(json.loads(f.read_text(encoding="utf-8")))
