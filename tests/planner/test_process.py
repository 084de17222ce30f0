"""Is an editor still running? Asked without signalling it (on Windows os.kill(pid, 0) ends a process)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from planner.editor import process


def test_a_running_child_is_alive_and_untouched_then_dead_after_exit() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        assert process.pid_alive(child.pid)
        assert child.poll() is None  # asking did not end it
    finally:
        child.communicate(b"", timeout=30)
    assert child.returncode == 0
    assert not process.pid_alive(child.pid)
    assert not process.pid_alive(0) and not process.pid_alive(-5)


def test_windows_path_never_calls_os_kill(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[int] = []

    def no_kill(pid: int, sig: int) -> None:
        raise AssertionError("os.kill must not be used on Windows")

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(process.os, "kill", no_kill)
    monkeypatch.setattr(process, "_alive_windows", lambda pid: asked.append(pid) or True)
    assert process.pid_alive(4242) and asked == [4242]


def test_recovery_skips_a_live_editors_autosave(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json
    import time

    from planner.editor import files

    monkeypatch.setattr(files, "recovery_dir", lambda: tmp_path)  # not the shared test-mode folder
    child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        d = files.recovery_dir()
        (d / f"{child.pid}.hallplan").write_text("{}", encoding="utf-8")
        (d / f"{child.pid}.json").write_text(json.dumps({"pid": child.pid, "original": None, "saved_at": time.time()}), encoding="utf-8")
        assert not [r for r in files.pending_recoveries() if r.plan_file.stem == str(child.pid)]
        assert child.poll() is None
    finally:
        child.communicate(b"", timeout=30)
    found = [r for r in files.pending_recoveries() if r.plan_file.stem == str(child.pid)]
    assert len(found) == 1 and found[0].note_file.name == f"{child.pid}.json"
