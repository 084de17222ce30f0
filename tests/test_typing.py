"""mypy --strict over every package (geometry, standards and the application, planner)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_core_is_strictly_typed() -> None:
    import mypy  # noqa: F401  (in the test extras; a missing mypy is a failed setup, not a skip)

    r = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--ignore-missing-imports", "--no-error-summary",
                        "--cache-dir", str(REPO / ".mypy_cache"), "geometry", "standards", "planner"],
                       capture_output=True, text=True, cwd=REPO, timeout=600)
    assert r.returncode == 0, r.stdout[-6000:] + r.stderr[-2000:]
