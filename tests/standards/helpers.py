from __future__ import annotations

from typing import Any

from geometry.model import Plan
from standards.engine import check
from standards.finding import Finding, Status


def run(plan: Plan, code: str, **kw: Any) -> list[Finding]:
    return [f for f in check(plan, only=[code], **kw).findings if f.rule == code]


def statuses(plan: Plan, code: str) -> list[Status]:
    return [f.status for f in run(plan, code)]


def one(plan: Plan, code: str) -> Finding:
    fs = run(plan, code)
    assert len(fs) == 1, fs
    return fs[0]
