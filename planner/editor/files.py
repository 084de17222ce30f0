"""Recent files and crash recovery.

Autosave writes the plan to ``<AppData>/recovery/<pid>.hallplan`` with a small JSON note of the
file it belongs to.  A clean exit removes them; at start-up, files left by a process that is no
longer running are offered for recovery.  A note that cannot be read (not JSON, ``[]``, a wrong date or
pid) is set aside as ``<pid>.json.corrupt`` with a message; its autosaved plan is still offered.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

from geometry.model import Plan
from geometry.project import atomic_write_bytes, load_plan, save_plan

MAX_RECENT = 10


def recent_files() -> list[str]:
    v = QSettings().value("files/recent") or []
    if isinstance(v, str):
        v = [v]
    return [str(x) for x in v if x]


def add_recent(path: str | os.PathLike[str]) -> list[str]:
    from planner.paths import merge_recent

    items = merge_recent(str(Path(path).resolve()), recent_files(), MAX_RECENT)  # one entry per file (case-blind on Windows)
    QSettings().setValue("files/recent", items)
    return items


def recovery_dir() -> Path:
    """Where autosaves wait for recovery: the platform's application-data folder (Qt's standard
    locations), or ``$HALLPLAN_DATA_DIR`` when set (a portable install; each test run its own)."""
    base = (os.environ.get("HALLPLAN_DATA_DIR")
            or QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
            or str(Path.home() / ".hallplan"))
    d = Path(base) / "recovery"
    d.mkdir(parents=True, exist_ok=True)
    return d


MAX_PID = 2 ** 31 - 1


@dataclass
class Recovery:
    plan_file: Path
    note_file: Path
    original: str | None
    saved_at: float
    problem: tuple[str, str] | None = None  # (zh, en): the note was unreadable and set aside


class NoteError(ValueError):
    pass


def read_note(note: Path) -> tuple[int, str | None, float]:
    """(pid, original file, saved at) from a recovery note; NoteError says what is wrong."""
    try:
        data = json.loads(note.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise NoteError(f"unreadable ({type(exc).__name__})") from None
    if not isinstance(data, dict):
        raise NoteError("not a table of keys")
    pid = data.get("pid", note.stem)
    if isinstance(pid, str) and pid.isdigit():
        pid = int(pid)
    if isinstance(pid, bool) or not isinstance(pid, int) or not 0 < pid <= MAX_PID:
        raise NoteError("no valid process id")
    original = data.get("original")
    if original is not None and not (isinstance(original, str) and original and "\0" not in original):
        raise NoteError("the original file name is not text")
    saved_at = data.get("saved_at", 0)
    if isinstance(saved_at, bool) or not isinstance(saved_at, (int, float)) or not 0 <= saved_at < 32503680000:  # year 3000
        raise NoteError("the date is not a time")
    return pid, original, float(saved_at)


def _set_aside(note: Path) -> Path:
    dest = note.with_name(note.name + ".corrupt")
    try:
        os.replace(note, dest)
    except OSError:
        try:
            note.unlink()
        except OSError:
            pass
    return dest


def autosave(plan: Plan, original: str | None, pid: int | None = None) -> Path:
    d = recovery_dir()
    pid = pid or os.getpid()
    target = d / f"{pid}.hallplan"
    save_plan(plan, target)
    note = {"original": original, "saved_at": time.time(), "pid": pid}
    atomic_write_bytes(d / f"{pid}.json", json.dumps(note, ensure_ascii=False).encode("utf-8"))
    return target


def clear_autosave(pid: int | None = None) -> None:
    d = recovery_dir()
    pid = pid or os.getpid()
    for name in (f"{pid}.hallplan", f"{pid}.json"):
        try:
            (d / name).unlink()
        except OSError:  # already gone, or not ours to remove: nothing to clean
            pass


def _alive(pid: int) -> bool:
    from planner.editor.process import pid_alive  # os.kill(pid, 0) would end the process on Windows

    return pid_alive(pid)


def pending_recoveries() -> list[Recovery]:
    """Autosaves left behind by editors that did not exit cleanly."""
    out = []
    for note in sorted(recovery_dir().glob("*.json")):
        plan_file = note.with_suffix(".hallplan")
        try:
            pid, original, saved_at = read_note(note)
        except NoteError as exc:
            if note.stem.isdigit() and _alive(int(note.stem)):
                continue  # another editor may be writing it right now
            dest = _set_aside(note)
            problem = (f"恢复说明文件 {note.name} 已损坏({exc}),已另存为 {dest.name}",
                       f"the recovery note {note.name} was damaged ({exc}) and was set aside as {dest.name}")
            if plan_file.is_file():
                out.append(Recovery(plan_file, dest, None, _mtime(plan_file), problem))
            else:
                out.append(Recovery(plan_file, dest, None, 0.0, problem))
            continue
        if not plan_file.exists() or _alive(pid):
            continue
        out.append(Recovery(plan_file, note, original, saved_at))
    return out


def _mtime(p: Path) -> float:
    try:
        return p.stat().st_mtime
    except OSError:
        return 0.0


def take_recovery(rec: Recovery) -> Plan:
    """Read a recovery file (raises ProjectError when unreadable) and remove it."""
    plan = load_plan(rec.plan_file)
    discard_recovery(rec)
    return plan


def discard_recovery(rec: Recovery) -> None:
    for f in (rec.plan_file, rec.note_file):
        if f.name.endswith(".corrupt"):
            continue  # kept for whoever wants to look at it
        try:
            f.unlink()
        except FileNotFoundError:
            pass
