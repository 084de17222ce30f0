"""Atomic save on real file systems: through symlinks, onto devices and pipes, after a killed save,
on a full disk (RLIMIT_FSIZE in a subprocess)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from geometry.project import ProjectError, atomic_write_bytes, load_plan, save_plan, stale_temps
from geometry.synthetic import sample_plan

ROOT = Path(__file__).resolve().parents[2]


def test_save_through_a_symlink_writes_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "projects" / "hall.hallplan"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    os.chmod(real, 0o640)
    link = tmp_path / "current.hallplan"
    link.symlink_to(real)
    chain = tmp_path / "chain.hallplan"
    chain.symlink_to(link)  # a link to a link
    save_plan(sample_plan("village"), chain)
    assert link.is_symlink() and chain.is_symlink() and os.readlink(chain) == str(link)
    assert load_plan(real) == sample_plan("village")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640  # the target keeps its permissions
    assert [p.name for p in real.parent.iterdir()] == ["hall.hallplan"]  # no temp left beside it
    dangling = tmp_path / "new.hallplan"
    dangling.symlink_to(tmp_path / "projects" / "new-target.hallplan")
    atomic_write_bytes(dangling, b"{}")
    assert dangling.is_symlink() and (tmp_path / "projects" / "new-target.hallplan").read_bytes() == b"{}"


def test_devices_and_pipes_are_written_in_place(tmp_path: Path) -> None:
    atomic_write_bytes("/dev/null", b"x" * 1000)  # neither replaced nor refused
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    atomic_write_bytes(fifo, b'{"schema": 1}')
    reader.join(5)
    assert got == [b'{"schema": 1}'] and stat.S_ISFIFO(os.stat(fifo).st_mode)
    with pytest.raises(ProjectError, match="folder"):
        atomic_write_bytes(tmp_path, b"x")


@pytest.mark.parametrize("to_file", [True, False])
def test_dev_stdout_goes_to_standard_output(tmp_path: Path, to_file: bool) -> None:
    code = ("import sys; print('before', flush=True); from geometry.project import atomic_write_bytes; "
            "atomic_write_bytes('/dev/stdout', b'REPORT\\n')")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    if to_file:  # redirected to a file: that file gets it after what was printed, and stays the same file
        out = tmp_path / "out.txt"
        with open(out, "wb") as fh:
            subprocess.run([sys.executable, "-c", code], stdout=fh, env=env, check=True, timeout=60)
        assert out.read_bytes() == b"before\nREPORT\n"
        assert not list(tmp_path.glob(".*.tmp"))
    else:  # a pipe
        res = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, check=True, timeout=60)
        assert res.stdout == b"before\nREPORT\n"


def test_temporary_files_of_a_killed_save_are_removed_at_the_next_save(tmp_path: Path) -> None:
    target = tmp_path / "hall.hallplan"
    save_plan(sample_plan("village"), target)
    old = time.time() - 3600
    left = [tmp_path / f".hall.hallplan.{s}.tmp" for s in ("k3_x9a0q", "abcdefgh")]  # as mkstemp names them
    for f in left:
        f.write_bytes(b"x" * 4096)  # what a save killed mid-write leaves
        os.utime(f, (old, old))
    fresh = tmp_path / ".hall.hallplan.zzzzzzzz.tmp"  # a save running right now in another process
    fresh.write_bytes(b"y")
    others = [tmp_path / ".other.hallplan.abcdefgh.tmp", tmp_path / ".hall.hallplan.tmp", tmp_path / "hall.hallplan.abcdefgh.tmp"]
    for f in others:
        f.write_bytes(b"z")
        os.utime(f, (old, old))
    assert sorted(stale_temps(target)) == sorted(left)
    save_plan(sample_plan("township"), target)
    assert not any(f.exists() for f in left)
    assert fresh.exists() and all(f.exists() for f in others)  # only our own, older names
    assert load_plan(target) == sample_plan("township")


def test_a_killed_save_leaves_the_old_file_and_its_temp_is_cleaned(tmp_path: Path) -> None:
    target = tmp_path / "big.hallplan"
    target.write_bytes(b"old")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    code = f"from geometry.project import atomic_write_bytes; atomic_write_bytes({str(target)!r}, b'n' * (96 << 20))"
    temps: list[Path] = []
    for _attempt in range(5):  # kill -9 a real 96 MB save while its temporary file exists
        proc = subprocess.Popen([sys.executable, "-c", code], env=env)
        try:
            end = time.monotonic() + 30
            while proc.poll() is None and time.monotonic() < end:
                temps = list(tmp_path.glob(".big.hallplan.*.tmp"))
                if temps:
                    proc.kill()
                    break
                time.sleep(0.0005)
        finally:
            proc.kill()
            proc.wait(10)
        temps = list(tmp_path.glob(".big.hallplan.*.tmp"))
        if temps and target.read_bytes() == b"old":
            break
        target.write_bytes(b"old")  # the save won the race: try again
    assert len(temps) == 1 and target.read_bytes() == b"old"
    atomic_write_bytes(target, b"saved")
    assert temps[0].exists()  # a fresh temporary file may be another save's, still running
    os.utime(temps[0], (time.time() - 3600,) * 2)
    atomic_write_bytes(target, b"saved again")
    assert target.read_bytes() == b"saved again" and not list(tmp_path.glob(".big.hallplan.*.tmp"))


def test_a_full_disk_leaves_the_old_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "hall.hallplan"
    save_plan(sample_plan("village"), target)
    before = target.read_bytes()
    code = ("import resource, sys\n"
            "from geometry.project import ProjectError, save_plan\n"
            "from geometry.synthetic import sample_plan\n"
            "resource.setrlimit(resource.RLIMIT_FSIZE, (2000, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))\n"
            "try:\n"
            f"    save_plan(sample_plan('county'), {str(target)!r})\n"
            "except ProjectError as exc:\n"
            "    print(exc.en); sys.exit(5)\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert res.returncode == 5, res.stderr
    assert res.stdout.startswith("save failed, the old file is untouched") and "File too large" in res.stdout
    assert target.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["hall.hallplan"]
