"""The import direction planner → standards → geometry, and Qt only in planner."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "geometry": ("standards", "planner", "PySide6", "PyQt5", "PyQt6", "matplotlib", "reportlab"),
    "standards": ("planner", "PySide6", "PyQt5", "PyQt6", "matplotlib", "reportlab"),
}
HEADLESS_PLANNER = ("commands/cli.py", "commands/console.py", "commands/import_cmd.py", "loading.py", "render.py")


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_core_packages_never_import_upwards_or_gui() -> None:
    bad = []
    for pkg, forbidden in FORBIDDEN.items():
        for f in (REPO / pkg).rglob("*.py"):
            hit = imports_of(f) & set(forbidden)
            if hit:
                bad.append(f"{f.relative_to(REPO)} imports {sorted(hit)}")
    assert not bad, "\n".join(bad)


def test_headless_planner_modules_do_not_import_qt_at_module_level() -> None:
    for name in HEADLESS_PLANNER:
        f = REPO / "planner" / name
        tree = ast.parse(f.read_text(encoding="utf-8"))
        top = set()
        for node in tree.body:
            if isinstance(node, ast.Import):
                top.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                top.add(node.module.split(".")[0])
        assert "PySide6" not in top, name


def test_core_imports_without_qt_loaded() -> None:
    import subprocess
    import sys

    code = ("import sys, geometry.model, geometry.project, geometry.measure, standards.engine, planner.commands.cli, planner.render;"
            "bad=[m for m in sys.modules if m.split('.')[0] in ('PySide6','matplotlib','reportlab')];"
            "print(bad); sys.exit(1 if bad else 0)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert r.returncode == 0, r.stdout + r.stderr


def test_report_package_imports_without_qt() -> None:
    """The approval PDF is made headless (CLI, audit): every module of planner.report imports without PySide6."""
    import subprocess
    import sys

    code = ("import sys, pkgutil, importlib, planner.report;"
            "names=[m.name for m in pkgutil.iter_modules(planner.report.__path__)];"
            "[importlib.import_module('planner.report.' + n) for n in names];"
            "bad=[m for m in sys.modules if m.split('.')[0] in ('PySide6','PyQt5','PyQt6')];"
            "print(len(names), bad); sys.exit(1 if bad or len(names) < 10 else 0)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert r.returncode == 0, r.stdout + r.stderr
