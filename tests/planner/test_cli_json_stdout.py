"""``hallplan check --json -`` and ``--json /dev/stdout``: the report on standard output, the summary on stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import assets

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = str(assets.path("samples", "county-violations.hallplan"))


@pytest.mark.parametrize("target", ["-", "/dev/stdout"])
def test_json_report_to_standard_output(target: str) -> None:
    res = subprocess.run([sys.executable, "-m", "planner.commands.cli", "check", SAMPLE, "--json", target, "--lang", "en"],
                         capture_output=True, env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=120)
    assert res.returncode == 1, res.stderr  # the sample has failures
    if target == "-":
        data = json.loads(res.stdout)  # nothing but the report on stdout
        assert b"report written" not in res.stderr and b"Traceback" not in res.stderr
        assert b"fail" in res.stderr.lower()  # the summary went to stderr
    else:  # written in place, after the summary printed there
        text = res.stdout.decode("utf-8")
        data = json.loads(text[text.index("\n{") + 1:text.rindex("}") + 1])
    assert data["schema"] == "hallplan.report/1" and data["findings"]
