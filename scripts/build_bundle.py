"""Build the one-folder desktop bundle with PyInstaller and try it: ``python scripts/build_bundle.py``.

The same script on Linux, Windows and macOS (run it with the Python of the environment where HallPlan is
installed, e.g. ``.venv/bin/python`` or ``.venv\\Scripts\\python.exe``; PyInstaller comes from the
``bundle`` extra: ``pip install -e .[bundle]``).  Writes ``dist/hallplan/`` (the folder to ship; the program
is ``hallplan`` / ``hallplan.exe`` in it), then checks a bundled sample from the command line and starts the
editor offscreen on a sample, and prints the bundle's size and both start times.

Options: ``--no-build`` (only try an existing bundle), ``--dist DIR`` (default ``dist``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "scripts" / "bundle" / "hallplan.spec"


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def build(dist: Path, work: Path) -> Path:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        sys.exit("PyInstaller is not installed here: pip install -e .[bundle]  (or: pip install pyinstaller)")
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
           "--distpath", str(dist), "--workpath", str(work), str(SPEC)]
    print("building:", " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=ROOT, check=True)
    return dist / "hallplan"


def timed(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    t0 = time.perf_counter()
    r = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    return r, time.perf_counter() - t0


def smoke(bundle: Path) -> int:
    exe = bundle / ("hallplan.exe" if os.name == "nt" else "hallplan")
    if not exe.is_file():
        sys.exit(f"no bundle at {bundle}")
    internal = bundle / "_internal"
    sample = internal / "assets" / "samples" / "county-violations.hallplan"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONPATH", None)
    failures = 0
    with tempfile.TemporaryDirectory(prefix="hallplan bundle ") as tmp:  # a path with a space
        cwd = Path(tmp)
        r, t_check = timed([str(exe), "check", str(sample), "--xlsx", "审查.xlsx", "--docx", "审查.docx", "--pdf", "审查.pdf"], env, cwd)
        ok = r.returncode == 1 and "AREA" in r.stdout and all((cwd / f).stat().st_size > 5000 for f in ("审查.xlsx", "审查.docx", "审查.pdf")
                                                              if (cwd / f).exists()) and (cwd / "审查.docx").exists()
        print(f"check of a sample (exit {r.returncode}, xlsx/docx/pdf written): {'ok' if ok else 'FAILED'}  {t_check:.1f} s")
        if not ok:
            failures += 1
            print(r.stdout[-1500:], r.stderr[-1500:], sep="\n")
        env_gui = {**env, "HALLPLAN_SMOKE_EXIT_MS": "1500", "HOME": str(cwd), "APPDATA": str(cwd), "LOCALAPPDATA": str(cwd),
                   "XDG_CONFIG_HOME": str(cwd / "config"), "XDG_DATA_HOME": str(cwd / "data")}
        r, t_gui = timed([str(exe), str(sample)], env_gui, cwd)
        ok = r.returncode == 0 and "editor started" in r.stdout
        print(f"editor offscreen on a sample (exit {r.returncode}): {'ok' if ok else 'FAILED'}  "
              f"{t_gui:.1f} s including the 1.5 s it stays open")
        if ok:
            print("  " + r.stdout.strip().splitlines()[-1])
        else:
            failures += 1
            print(r.stdout[-1500:], r.stderr[-1500:], sep="\n")
    size = folder_size(bundle)
    print(f"bundle: {bundle}  {size / 1e6:.0f} MB in {sum(1 for _ in bundle.rglob('*'))} files")
    return failures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dist", default=str(ROOT / "dist"), help="output folder (default: dist/)")
    ap.add_argument("--no-build", action="store_true", help="only try an existing bundle")
    args = ap.parse_args()
    dist = Path(args.dist).resolve()
    if args.no_build:
        bundle = dist / "hallplan"
    else:
        work = ROOT / "build" / "pyinstaller"
        t0 = time.perf_counter()
        bundle = build(dist, work)
        print(f"built in {time.perf_counter() - t0:.0f} s")
        shutil.rmtree(work, ignore_errors=True)
    return 1 if smoke(bundle) else 0


if __name__ == "__main__":
    sys.exit(main())
