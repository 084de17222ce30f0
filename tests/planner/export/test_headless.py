"""The Excel and Word exports run without Qt (a server, the audit's workers, the bundle's command line)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def test_exports_write_both_files_without_loading_qt(tmp_path: Path) -> None:
    code = ("import sys, assets, planner.paths; from planner.loading import load_any; from standards.engine import check;"
            "from planner.export import write_xlsx, write_docx;"
            "r = check(load_any(str(assets.path('samples', 'village-violations.hallplan'))).plan);"
            f"write_xlsx(r, {str(tmp_path / 'a.xlsx')!r}); write_docx(r, {str(tmp_path / 'a.docx')!r});"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'PyQt5', 'PyQt6')]; print(bad); sys.exit(1 if bad else 0)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert (tmp_path / "a.xlsx").stat().st_size > 4000 and (tmp_path / "a.docx").stat().st_size > 20000
