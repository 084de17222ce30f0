"""Callout numbering (standards.callouts): one number per finding, worst first, labels that list them all."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from standards.callouts import CALLOUT_STATUSES, number_findings, number_labels
from standards.finding import STATUS_ORDER, Finding, Severity, Status


def finding(i: int, status: Status) -> Finding:
    return Finding(f"R{i}", "1", Severity.ERROR, status, f"消息{i}", f"message {i}")


@given(st.lists(st.sampled_from(list(Status)), max_size=60), st.booleans())
def test_every_shown_finding_gets_one_number_worst_first(statuses: list[Status], passing: bool) -> None:
    findings = [finding(i, s) for i, s in enumerate(statuses)]
    callouts = number_findings(findings, include_passing=passing)
    shown = [f for f in findings if f.status in CALLOUT_STATUSES or (passing and f.status == Status.PASS)]
    assert [c.number for c in callouts] == list(range(1, len(shown) + 1))
    assert sorted(id(c.finding) for c in callouts) == sorted(id(f) for f in shown)  # each once
    ranks = [STATUS_ORDER[c.finding.status] for c in callouts]
    assert ranks == sorted(ranks)
    for a, b in zip(callouts, callouts[1:]):  # stable within a status: the report's order
        if a.finding.status == b.finding.status:
            assert findings.index(a.finding) < findings.index(b.finding)


def _expand(label: str) -> list[int]:
    out: list[int] = []
    for part in label.split(","):
        lo, _, hi = part.partition("–")
        out += list(range(int(lo), int(hi or lo) + 1))
    return out


@given(st.sets(st.integers(min_value=1, max_value=500), min_size=1, max_size=40))
def test_marker_labels_name_every_number(numbers: set[int]) -> None:
    label = number_labels(sorted(numbers))
    assert _expand(label) == sorted(numbers)
    assert "–" not in label or len(numbers) >= 3
