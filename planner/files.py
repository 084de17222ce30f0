"""Recent files and crash recovery.

Autosave writes the plan to ``<AppData>/recovery/<pid>.hallplan`` with a small JSON note of the
file it belongs to.  A clean exit removes them; at start-up, files left by a process that is no
longer running are offered for recovery.
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
    p = str(Path(path).resolve())
    items = [p] + [x for x in recent_files() if x != p]
    QSettings().setValue("files/recent", items[:MAX_RECENT])
    return items[:MAX_RECENT]


def recovery_dir() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation) or str(Path.home() / ".hallplan")
    d = Path(base) / "recovery"
    d.mkdir(parents=True, exist_ok=True)
    return d


@dataclass
class Recovery:
    plan_file: Path
    note_file: Path
    original: str | None
    saved_at: float


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
        except FileNotFoundError:
            pass


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def pending_recoveries() -> list[Recovery]:
    """Autosaves left behind by editors that did not exit cleanly."""
    out = []
    for note in sorted(recovery_dir().glob("*.json")):
        try:
            data = json.loads(note.read_text(encoding="utf-8"))
            pid = int(data.get("pid", note.stem))
        except (OSError, ValueError):
            continue
        plan_file = note.with_suffix(".hallplan")
        if not plan_file.exists() or _alive(pid):
            continue
        out.append(Recovery(plan_file, note, data.get("original"), float(data.get("saved_at", 0))))
    return out


def take_recovery(rec: Recovery) -> Plan:
    """Read a recovery file (raises ProjectError when unreadable) and remove it."""
    plan = load_plan(rec.plan_file)
    discard_recovery(rec)
    return plan


def discard_recovery(rec: Recovery) -> None:
    for f in (rec.plan_file, rec.note_file):
        try:
            f.unlink()
        except FileNotFoundError:
            pass
