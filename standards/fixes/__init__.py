"""Guided fixes: computed edits offered on failing findings, each proved by re-checking the plan.

>>> from geometry.synthetic import sample_plan
>>> from standards.engine import check
>>> report = check(sample_plan("county", compliant=False))
>>> waiting = next(f for f in report.findings if f.rule == "WAITING" and f.status.value == "fail")
>>> fix = fixes_for(report, waiting)[0]
>>> fix.title("en").startswith("Add a"), fix.costs
(True, ())
"""

from standards.fixes import areas, counters, exits, placing, routes, turning  # noqa: F401  (register the fixers)
from standards.fixes.base import FIXERS, Candidate, Fix, fixer, fixes_for, has_fixer, resolved

__all__ = ["FIXERS", "Candidate", "Fix", "fixer", "fixes_for", "has_fixer", "resolved"]
