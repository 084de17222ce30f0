"""Callout numbers: one number per finding, computed once and used by every reporter that marks
findings on a drawing (the approval PDF's plan sheet and compliance table, the DXF's HP-FINDINGS).

Numbers follow the report's order: failures first, then warnings, then items to confirm (and
passes after them only when asked for); stable within each status, so ① is the worst.

>>> from standards.finding import Finding, Severity, Status
>>> ok = Finding("A", "1", Severity.ERROR, Status.PASS, "", "")
>>> bad = Finding("COUNTER-WIDTH", "二(一)4", Severity.ERROR, Status.FAIL, "", "", measured=0.7, unit="m",
...               required="75–90 cm")
>>> todo = Finding("B", "2", Severity.WARNING, Status.UNKNOWN, "", "")
>>> [(c.number, c.finding.rule) for c in number_findings([ok, todo, bad])]
[(1, 'COUNTER-WIDTH'), (2, 'B')]
>>> number_findings([bad])[0].line("en")
'[1] COUNTER-WIDTH 二(一)4: fail; measured 70 cm; required 75–90 cm'
>>> number_labels([1, 2, 3, 5, 9, 10])
'1–3,5,9,10'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from shapely.geometry.base import BaseGeometry

from geometry.precision import LENGTH, fmt

from standards.finding import STATUS_ORDER, STATUS_TEXT, Finding, Status

CALLOUT_STATUSES = (Status.FAIL, Status.WARN, Status.UNKNOWN)
# a requirement written in centimetres ("75–90 cm", "台面 70–85 cm") next to a value measured in metres
_CM = re.compile(r"\d\s*cm\b")
_YES_NO = {"是": "yes", "否": "no"}  # what the checklist rules record as measured


@dataclass(frozen=True)
class Callout:
    """A numbered finding, as the drawings mark it."""

    number: int
    finding: Finding

    @property
    def status(self) -> str:
        return self.finding.status.value

    @property
    def location(self) -> BaseGeometry | None:
        return self.finding.location

    def measured_text(self, lang: str = "zh") -> str:
        """The measured value in the unit the requirement is written in (0.70 m next to "75–90 cm"
        is printed "70 cm"), so a callout never compares metres with centimetres."""
        return measured_like_required(self.finding, lang)

    def line(self, lang: str = "zh") -> str:
        """"[3] COUNTER-WIDTH 二(一)4:不符合;实测 70 cm;要求 75–90 cm" (the DXF callout text)."""
        f = self.finding
        word = STATUS_TEXT[f.status][1 if lang == "en" else 0]
        measured = "?" if f.measured is None else self.measured_text(lang)
        required = f.required_text(lang) or "-"
        if lang == "en":
            return f"[{self.number}] {f.rule} {f.clause}: {word}; measured {measured}; required {required}"
        return f"[{self.number}] {f.rule} {f.clause}:{word};实测 {measured};要求 {required}"


def measured_like_required(f: Finding, lang: str = "zh") -> str:
    """``f.measured_text()``, converted to centimetres when the requirement is stated in them; a
    declared 是/否 reads yes/no in English.

    >>> from standards.finding import Severity
    >>> measured_like_required(Finding("X", "1", Severity.ERROR, Status.FAIL, "", "", measured=0.8, unit="m",
    ...                                required="80 cm 左右(75–85 cm)"))
    '80 cm'
    >>> measured_like_required(Finding("X", "1", Severity.ERROR, Status.FAIL, "", "", measured=0.7494, unit="m",
    ...                                required="75–90 cm"))
    '74.9 cm'
    >>> measured_like_required(Finding("X", "1", Severity.ERROR, Status.FAIL, "", "", measured="否"), "en")
    'no'
    """
    v = f.measured
    if lang == "en" and isinstance(v, str) and v in _YES_NO:
        return _YES_NO[v]
    req = f"{f.required or ''} {f.required_en or ''}"
    if f.unit == "m" and isinstance(v, (int, float)) and not isinstance(v, bool) and _CM.search(req):
        return f"{fmt(float(v), LENGTH, scale=100, digits=0)} cm"  # the digits that decide: 74.9 cm, 75 cm
    return f.measured_text()


def number_findings(findings: Iterable[Finding], include_passing: bool = False) -> list[Callout]:
    """Every finding a drawing marks, numbered 1, 2, … in report order (failures first)."""
    shown = [f for f in findings if f.status in CALLOUT_STATUSES or (include_passing and f.status == Status.PASS)]
    shown.sort(key=lambda f: STATUS_ORDER[f.status])
    return [Callout(n, f) for n, f in enumerate(shown, start=1)]


def number_labels(numbers: Sequence[int]) -> str:
    """The numbers of findings that share one marker, runs shortened: "3–6,9"."""
    out: list[str] = []
    nums = sorted(set(numbers))
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        if j - i >= 2:
            out.append(f"{nums[i]}–{nums[j]}")
        else:
            out.extend(str(n) for n in nums[i:j + 1])
        i = j + 1
    return ",".join(out)


__all__ = ["CALLOUT_STATUSES", "Callout", "measured_like_required", "number_findings", "number_labels"]
