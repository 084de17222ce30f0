"""``geometry.circulation`` gives each name from its module when first asked for (a check of a plan
without a hall imports none of the search modules); the names are the modules' own objects."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import geometry.circulation as circulation


def test_every_name_is_its_modules_own() -> None:
    for name in circulation.__all__:
        module = importlib.import_module(f"geometry.circulation.{circulation._MODULE_OF[name]}")
        assert getattr(circulation, name) is getattr(module, name), name
    with pytest.raises(AttributeError):
        circulation.no_such_name  # noqa: B018
    from geometry.circulation import analysis, walking  # submodules still import by name

    assert analysis.Circulation is circulation.Circulation and walking.DistanceField is circulation.DistanceField


def test_a_plan_without_a_hall_imports_no_search() -> None:
    code = ("import sys\n"
            "from geometry.model import Plan, Context\n"
            "from standards.engine import check\n"
            "r = check(Plan(context=Context(level='county', population=500000)))\n"
            "assert any(f.rule == 'EXIT-REACH' for f in r.findings)\n"
            "print(sorted(m for m in sys.modules if m.startswith('geometry.circulation')))\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "['geometry.circulation', 'geometry.circulation.analysis', 'geometry.circulation.space']"
