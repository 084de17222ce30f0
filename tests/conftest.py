"""Shared test fixtures.  Tests run headless: Qt uses the offscreen platform."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# what the font search learns is kept in a folder of this test run, not in the user's cache (planner.fontcache)
os.environ.setdefault("HALLPLAN_CACHE_DIR", tempfile.mkdtemp(prefix="hallplan-test-cache-"))

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path | None:
    """The project's shared/ folder (real third-party DXF files etc.), beside the clone; None if absent."""
    env = os.environ.get("HALLPLAN_SHARED")
    for cand in ([Path(env)] if env else []) + [REPO.parent / "shared", REPO.parent.parent / "shared"]:
        if cand.is_dir():
            return cand
    return None


@pytest.fixture
def shared() -> Path:
    d = shared_dir()
    if d is None:
        pytest.skip("shared/ folder with third-party drawings is not beside this clone")
    return d
