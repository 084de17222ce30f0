"""The JSON Schema of the ``*.hallplan`` project format, derived from the field specs the loader checks.

Published as ``assets/schema/hallplan.project-2.schema.json``; regenerate it with
``python -m geometry.schema > assets/schema/hallplan.project-2.schema.json`` (a test keeps the two equal).
The version-1 schema stays beside it, as it was published (version-1 files are read through
``geometry.project.migrate``).
What a schema cannot say is still checked by the loader: polygons must be valid, ids unique.

>>> s = project_schema()
>>> s["properties"]["context"]["properties"]["population"]["type"]
['integer', 'null']
"""

from __future__ import annotations

import json
from typing import Any

from geometry.model import GEOMETRY_TYPES, OBJECT_SPECS
from geometry.project import FORMAT, MAX_OBJECTS, TOP_FIELDS, VERSION
from geometry.validate import COMMON_SPECS, CONTEXT_SPECS, COORD_LIMIT_M, MAX_TEXT, SIGNAGE_SPECS, Spec

SCHEMA_ID = "hallplan.project/2"


def field_schema(spec: Spec) -> dict[str, Any]:
    """One field's JSON Schema: its type, range or allowed values, and ``null`` when it may be unknown."""
    out: dict[str, Any]
    if spec.kind == "choice":
        out = {"enum": [*spec.choices, *([None] if spec.nullable else [])]}
    else:
        jtype = {"int": "integer", "float": "number", "bool": "boolean", "str": "string", "strs": "array"}[spec.kind]
        out = {"type": [jtype, "null"] if spec.nullable else jtype}
        if spec.kind in ("int", "float"):
            out["exclusiveMinimum" if spec.lo_open else "minimum"] = spec.lo
            out["maximum"] = spec.hi
        elif spec.kind == "str":
            out["maxLength"] = MAX_TEXT
        elif spec.kind == "strs":
            out["items"] = {"type": "string", "maxLength": MAX_TEXT}
    if spec.zh or spec.en:
        out["description"] = f"{spec.zh} / {spec.en}" + (f" ({spec.unit})" if spec.unit else "")
    return out


def _table(specs: dict[str, Spec]) -> dict[str, Any]:
    return {"type": ["object", "null"], "additionalProperties": False,
            "properties": {k: field_schema(s) for k, s in specs.items()}}


_COORD = {"type": "number", "minimum": -COORD_LIMIT_M, "maximum": COORD_LIMIT_M}
_POSITION = {"type": "array", "minItems": 2, "maxItems": 3, "items": _COORD}
_RING = {"type": "array", "minItems": 4, "items": {"$ref": "#/$defs/position"}}
GEOMETRY = {
    "Point": {"type": "object", "required": ["type", "coordinates"],
              "properties": {"type": {"const": "Point"}, "coordinates": {"$ref": "#/$defs/position"}}},
    "LineString": {"type": "object", "required": ["type", "coordinates"],
                   "properties": {"type": {"const": "LineString"},
                                  "coordinates": {"type": "array", "minItems": 2, "items": {"$ref": "#/$defs/position"}}}},
    "Polygon": {"type": "object", "required": ["type", "coordinates"],
                "properties": {"type": {"const": "Polygon"},
                               "coordinates": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/ring"}}}},
}


def _object(kind: str) -> dict[str, Any]:
    zh, en, specs = OBJECT_SPECS[kind]
    geoms = [{"$ref": f"#/$defs/{t.__name__}"} for t in GEOMETRY_TYPES[kind]]
    props: dict[str, Any] = {"type": {"const": kind}, "geometry": geoms[0] if len(geoms) == 1 else {"anyOf": geoms}}
    props |= {k: field_schema(s) for k, s in {**COMMON_SPECS, **specs}.items()}
    props["id"] = {**props["id"], "pattern": "\\S"}  # not empty, not only spaces
    return {"description": f"{zh} / {en}", "type": "object", "required": ["type", "id", "geometry"],
            "additionalProperties": False, "properties": props}


def _context_table() -> dict[str, Any]:
    table = _table(CONTEXT_SPECS)
    packs = table["properties"]["packs"]  # what the model adds to a list of text: one pack at least, each once, none empty
    packs.update(minItems=1, uniqueItems=True)
    packs["items"] = {**packs["items"], "pattern": "\\S"}
    return table


def project_schema() -> dict[str, Any]:
    """The project format as a JSON Schema (draft 2020-12)."""
    props: dict[str, Any] = {
        "$schema": {"type": "string"},
        "format": {"const": FORMAT},
        "version": {"type": "integer", "minimum": 1, "maximum": VERSION},
        "context": _context_table(),
        "signage": _table(SIGNAGE_SPECS),
        "checklist": {"type": ["object", "null"], "additionalProperties": {"type": "boolean"}},
        "meta": {"type": ["object", "null"], "description": "free-form: source file, units, generator"},
        "hall": {"anyOf": [{"$ref": "#/$defs/Polygon"}, {"type": "null"}]},
        "building": {"anyOf": [{"$ref": "#/$defs/Polygon"}, {"type": "null"}]},
        "objects": {"type": ["array", "null"], "maxItems": MAX_OBJECTS,
                    "items": {"type": "object", "required": ["type"], "properties": {"type": {"enum": list(OBJECT_SPECS)}},
                              "allOf": [{"if": {"properties": {"type": {"const": k}}}, "then": {"$ref": f"#/$defs/{k}"}}
                                        for k in OBJECT_SPECS]}},
    }
    assert set(props) == set(TOP_FIELDS)
    defs: dict[str, Any] = {"position": _POSITION, "ring": _RING, **GEOMETRY}
    defs |= {k: _object(k) for k in OBJECT_SPECS}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "HallPlan project (*.hallplan)",
        "description": "Coordinates in metres (GeoJSON). The loader also requires valid polygons and unique ids.",
        "type": "object",
        "required": ["format", "version"],
        "additionalProperties": False,
        "properties": props,
        "$defs": defs,
    }


if __name__ == "__main__":
    print(json.dumps(project_schema(), ensure_ascii=False, indent=2))
