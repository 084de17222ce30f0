"""The ``Finding`` record: one rule's verdict on the plan or on one object.

Findings are data; the console, JSON, PDF, DXF and Qt reporters all read the same list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

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

# order used to list findings: failures first
STATUS_ORDER = {Status.FAIL: 0, Status.WARN: 1, Status.UNKNOWN: 2, Status.PASS: 3, Status.NOT_APPLICABLE: 4}


@dataclass(frozen=True)
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
    location: BaseGeometry | None = None
    pack: str = ""
    missing: tuple[str, ...] = ()  # for unknown: what data is missing
    required_en: str | None = None  # the requirement in English (None: same as ``required``)
    related: tuple[str, ...] = ()  # codes of rules whose finding reports the same defect (counted there once)
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

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
        }


def _geojson(g: BaseGeometry) -> dict[str, Any]:
    import json

    return json.loads(json.dumps(mapping(g)))  # type: ignore[no-any-return]
