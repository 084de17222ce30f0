"""The editor starts whatever the recovery folder holds, and its save and autosave never raise."""

from __future__ import annotations

import resource
from pathlib import Path
from typing import Any, Iterator

import pytest
from PySide6.QtWidgets import QMessageBox

from geometry.model import Plan
from geometry.project import load_plan, save_plan
from tests.planner.conftest import SAMPLE
from tests.planner.test_app_features import answer_modal

DEAD_PID = 2 ** 22 + 4242  # above Linux's pid_max: never a running process


@pytest.mark.parametrize("note", ["[]", '{"pid": %d, "saved_at": "yesterday"}' % DEAD_PID,
                                  '{"pid": %d, "saved_at": 1e300}' % DEAD_PID, '{"pid": -1}', '{"pid": 0}',
                                  '{"pid": %d, "original": 5}' % DEAD_PID, "not json", '{"pid": true}'])
def test_a_damaged_recovery_note_is_set_aside_and_the_editor_starts(qtbot: Any, isolated_settings: Path, note: str) -> None:
    from planner.editor import files
    from planner.app import create_window

    d = files.recovery_dir()
    save_plan(Plan().with_context(centre_name="损坏说明的恢复"), d / f"{DEAD_PID}.hallplan")
    (d / f"{DEAD_PID}.json").write_text(note, encoding="utf-8")
    seen: list[str] = []
    _t = answer_modal(QMessageBox.StandardButton.Yes, seen)
    w = create_window([], lang="zh", recover=True)
    try:
        assert seen and "已损坏" in seen[0] and f"{DEAD_PID}.json.corrupt" in seen[0]  # the message says so
        assert w.doc.plan.context.centre_name == "损坏说明的恢复"  # the autosaved plan itself is still offered
        assert (d / f"{DEAD_PID}.json.corrupt").read_text(encoding="utf-8") == note  # set aside, not lost
        assert not (d / f"{DEAD_PID}.json").exists() and not files.pending_recoveries()
    finally:
        w.doc.mark_saved(isolated_settings / "x.hallplan")
        w.close()


def test_a_damaged_note_without_its_plan_only_gives_a_message(qtbot: Any, isolated_settings: Path) -> None:
    from planner.editor import files
    from planner.app import create_window

    d = files.recovery_dir()
    (d / f"{DEAD_PID}.json").write_text("[]", encoding="utf-8")
    w = create_window([], lang="en", recover=True)  # no prompt: nothing to recover
    try:
        assert "was damaged" in w.statusBar().currentMessage() and w.doc.plan == Plan()
        assert (d / f"{DEAD_PID}.json.corrupt").exists()
    finally:
        w.close()


@pytest.fixture
def small_file_limit() -> Iterator[Any]:
    """A full disk, for real: writes past 4 KB fail with EFBIG (Python ignores SIGXFSZ)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)

    class Limit:
        def __enter__(self) -> None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (4096, hard))

        def __exit__(self, *_exc: Any) -> None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))

    yield Limit()
    resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


def test_save_on_a_full_disk_says_so_and_keeps_the_old_file(qtbot: Any, window: Any, isolated_settings: Path,
                                                            small_file_limit: Any) -> None:
    w = window
    assert w.files.open_path(SAMPLE, confirm=False)
    target = isolated_settings / "hall.hallplan"
    save_plan(Plan().with_context(centre_name="旧文件"), target)
    w.delete_selection()
    w.doc.select([w.doc.plan.counters[0].id])
    w.delete_selection()
    seen: list[str] = []
    _t = answer_modal(QMessageBox.StandardButton.Ok, seen)
    with small_file_limit:
        ok = w.files.save_to(target)
        saved = w.files.autosave_now()
    assert ok is False and saved is None
    assert seen and "保存失败,原文件未改动" in seen[0] and "Traceback" not in seen[0]
    assert "自动保存失败" in w.statusBar().currentMessage()
    assert load_plan(target).context.centre_name == "旧文件" and w.doc.modified  # old file intact, work kept
    assert [p.name for p in isolated_settings.glob(".hall.hallplan.*")] == []
    assert w.files.save_to(target) and load_plan(target) == w.doc.plan  # with room again, the save goes through


def test_save_of_a_plan_json_cannot_hold_says_so(qtbot: Any, window: Any, isolated_settings: Path) -> None:
    w = window
    w.doc.reset(Plan(meta={"scale": float("nan")}))  # NaN has no JSON form
    target = isolated_settings / "nan.hallplan"
    seen: list[str] = []
    _t = answer_modal(QMessageBox.StandardButton.Ok, seen)
    assert w.files.save_to(target) is False and not target.exists()
    assert seen and "保存失败" in seen[0] and "ValueError" in seen[0] and w.doc.path is None
    w.doc.reset(Plan())
