"""The ``Finding`` record: one rule's verdict on the plan or on one object.

Findings are data; the console, JSON, PDF, DXF and Qt reporters all read the same list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Sequence, overload

from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from geometry.precision import AREA, LENGTH, RATIO, fmt


class Status(str, Enum):
    PASS = "pass"
    FAIL = "fail"
    WARN = "warn"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not_applicable"


class Severity(str, Enum):
    ERROR = "error"  # 应 / 须 / 要 — shall
    WARNING = "warning"  # 宜 / 一般应 / 适宜 — should, as a rule


STATUS_TEXT: dict[Status, tuple[str, str]] = {
    Status.PASS: ("符合", "pass"),
    Status.FAIL: ("不符合", "fail"),
    Status.WARN: ("提示", "warning"),
    Status.UNKNOWN: ("待确认", "to confirm"),
    Status.NOT_APPLICABLE: ("不适用", "not applicable"),
}

class Outline:
    """The outline of several objects, merged (``unary_union``) only when a reporter first asks for it.

    A check gives hundreds of findings that name many objects (every counter, every window of a
    service); merging their outlines costs more than the rest of the finding, and most are never drawn.
    """

    __slots__ = ("parts",)

    def __init__(self, parts: Sequence[BaseGeometry]) -> None:
        self.parts = tuple(parts)

    def merged(self) -> BaseGeometry:
        from shapely.ops import unary_union

        return unary_union(self.parts)


class _Location:
    """The ``location`` field of :class:`Finding`: a geometry, None, or an :class:`Outline` merged on
    first read (then kept), so ``finding.location`` is always a geometry or None.

    >>> from shapely.geometry import box
    >>> f = Finding("X", "1", Severity.ERROR, Status.FAIL, "z", "e", location=Outline([box(0, 0, 1, 1), box(1, 0, 2, 1)]))
    >>> f.location.area, f.location.geom_type
    (2.0, 'Polygon')
    """

    @overload
    def __get__(self, obj: None, owner: type) -> None: ...

    @overload
    def __get__(self, obj: "Finding", owner: type) -> BaseGeometry | None: ...

    def __get__(self, obj: "Finding | None", owner: type) -> BaseGeometry | None:
        if obj is None:
            return None  # the field's default
        value = obj.__dict__["_location"]
        if isinstance(value, Outline):
            value = value.merged()
            obj.__dict__["_location"] = value
        return value

    def __set__(self, obj: "Finding", value: "BaseGeometry | Outline | None") -> None:
        raise AttributeError("cannot assign to field 'location'")  # frozen, as the other fields


# order used to list findings: failures first
STATUS_ORDER = {Status.FAIL: 0, Status.WARN: 1, Status.UNKNOWN: 2, Status.PASS: 3, Status.NOT_APPLICABLE: 4}


@dataclass(frozen=True, init=False)
class Finding:
    rule: str  # stable rule code, e.g. "COUNTER-WIDTH"
    clause: str  # e.g. "二(一)4" or "GB 55019 §2.2.2"
    severity: Severity
    status: Status
    message_zh: str
    message_en: str
    measured: Any = None  # number, text or None when it could not be computed
    required: str | None = None  # the requirement as text (Chinese), e.g. "75–90 cm"
    unit: str | None = None
    object_ids: tuple[str, ...] = ()
    location: _Location = _Location()  # a geometry or None when read; an Outline may be given
    pack: str = ""
    missing: tuple[str, ...] = ()  # for unknown: what data is missing
    required_en: str | None = None  # the requirement in English (None: same as ``required``)
    related: tuple[str, ...] = ()  # codes of rules whose finding reports the same defect (counted there once)
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __init__(self, rule: str, clause: str, severity: Severity, status: Status, message_zh: str, message_en: str,
                 measured: Any = None, required: str | None = None, unit: str | None = None,
                 object_ids: tuple[str, ...] = (), location: BaseGeometry | Outline | None = None, pack: str = "",
                 missing: tuple[str, ...] = (), required_en: str | None = None, related: tuple[str, ...] = (),
                 extra: dict[str, Any] | None = None) -> None:
        # written out rather than generated: a frozen dataclass's own __init__ sets each field through
        # object.__setattr__, twice the cost of the whole rest of a finding (a check makes thousands);
        # tests/standards/test_finding_record.py holds this list to the dataclass fields
        d = self.__dict__
        d["rule"] = rule
        d["clause"] = clause
        d["severity"] = severity
        d["status"] = status
        d["message_zh"] = message_zh
        d["message_en"] = message_en
        d["measured"] = measured
        d["required"] = required
        d["unit"] = unit
        d["object_ids"] = object_ids
        d["_location"] = location
        d["pack"] = pack
        d["missing"] = missing
        d["required_en"] = required_en
        d["related"] = related
        d["extra"] = {} if extra is None else extra

    def message(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" else self.message_zh

    def measured_text(self) -> str:
        """The measured value with its unit, as every reporter prints it ("—" when not computed).

        >>> Finding("X", "1", Severity.ERROR, Status.FAIL, "z", "e", measured=0.0612, unit="ratio").measured_text()
        '6.12%'
        >>> Finding("X", "1", Severity.ERROR, Status.FAIL, "z", "e", measured=0.749, unit="m").measured_text()
        '0.749 m'
        >>> Finding("X", "1", Severity.ERROR, Status.FAIL, "z", "e", measured=599.99, unit="m²").measured_text()
        '599.99 m²'
        """
        v = self.measured
        if v is None:
            return "—"
        if isinstance(v, bool):
            return "√" if v else "×"
        if isinstance(v, float):
            # the digits that decide, at the precision the rules compare in (geometry.precision)
            if self.unit == "ratio":
                return f"{fmt(v, RATIO, scale=100)}%"
            if self.unit == "m":
                return f"{fmt(v, LENGTH)} m"
            if self.unit == "m²":
                return f"{fmt(v, AREA, thousands=True)} m²"
            return f"{v:,.1f} {self.unit or ''}".strip()
        if isinstance(v, (list, tuple)):
            return ", ".join(str(x) for x in v)
        unit = f" {self.unit}" if self.unit and self.unit != "ratio" else ""
        return f"{v}{unit}"

    def required_text(self, lang: str = "zh") -> str | None:
        if lang == "en" and self.required_en is not None:
            return self.required_en
        return self.required

    def missing_text(self, lang: str = "zh") -> str:
        """What an ``unknown`` finding lacks, named for people ("台面高度", "the counter height")."""
        from standards.missing_names import missing_names

        return missing_names(self.missing, lang)

    def to_json(self) -> dict[str, Any]:
        measured = self.measured
        if isinstance(measured, float):
            measured = round(measured, 6)
        return {
            "rule": self.rule,
            "clause": self.clause,
            "severity": self.severity.value,
            "status": self.status.value,
            "measured": measured,
            "required": self.required,
            "required_en": self.required_en if self.required_en is not None else self.required,
            "unit": self.unit,
            "message": {"zh": self.message_zh, "en": self.message_en},
            "object_ids": list(self.object_ids),
            "location": None if self.location is None or self.location.is_empty else _geojson(self.location),
            "pack": self.pack,
            "missing": list(self.missing),
            "related": list(self.related),
            **({"hall_part": self.extra["hall_part"]} if "hall_part" in self.extra else {}),
        }


def _geojson(g: BaseGeometry) -> dict[str, Any]:
    import json

    return json.loads(json.dumps(mapping(g)))  # type: ignore[no-any-return]
