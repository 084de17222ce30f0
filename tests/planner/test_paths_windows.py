"""Windows paths (drive letters, backslashes, UNC shares, spaces, Chinese) through the pure path logic,
and font discovery on Windows and macOS folder layouts, on any machine."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path, PureWindowsPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner import fonts
from planner.paths import menu_label, merge_recent, same_file_key, with_suffix

WIN = [r"C:\Users\张三\Documents\县 政务中心\方案 A.hallplan", r"D:\审查\2026\city-violations.dxf",
       r"\\fileserver\规划科\大厅 平面\v2.1.hallplan", r"E:\Program Files (x86)\R&D\b.hallplan"]


def test_same_windows_file_in_other_spellings_is_one_recent_entry() -> None:
    items = merge_recent(WIN[0], [r"c:/users/张三/documents/县 政务中心/方案 a.HALLPLAN", WIN[1], WIN[2], WIN[1].lower()],
                         windows=True)
    assert items == [WIN[0], WIN[1], WIN[2]]
    # on Linux the same strings name different files
    assert len(merge_recent("/home/a/Plan.hallplan", ["/home/a/plan.hallplan"], windows=False)) == 2


@given(st.lists(st.sampled_from(WIN + [w.upper() for w in WIN] + [w.replace("\\", "/") for w in WIN]), max_size=30))
def test_recent_list_never_repeats_a_file_and_keeps_at_most_ten(paths: list[str]) -> None:
    items: list[str] = []
    for p in paths:
        items = merge_recent(p, items, 10, windows=True)
        assert items[0] == str(PureWindowsPath(p))
    keys = [same_file_key(x, windows=True) for x in items]
    assert len(keys) == len(set(keys)) <= 10


def test_export_names_and_menu_labels_for_windows_paths() -> None:
    assert with_suffix(WIN[0], ".xlsx", windows=True) == r"C:\Users\张三\Documents\县 政务中心\方案 A.xlsx"
    assert with_suffix(WIN[2], ".docx", windows=True) == r"\\fileserver\规划科\大厅 平面\v2.1.docx"
    assert menu_label(WIN[3], windows=True) == r"b.hallplan — E:\Program Files (x86)\R&&D"
    assert PureWindowsPath(WIN[2]).drive == r"\\fileserver\规划科"


def _fake_fonts(root: Path, names: dict[str, str]) -> None:
    """Real TrueType files (the bundled face) under the names a system gives its CJK fonts; ``.ttc`` ones
    as a real one-face collection."""
    from fontTools.ttLib import TTCollection, TTFont

    src = fonts.bundled_font()
    assert src is not None
    for rel, kind in names.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if kind == "ttc":
            coll = TTCollection()
            coll.fonts = [TTFont(str(src.path))]
            coll.save(str(p))
        else:
            shutil.copy(src.path, p)


@pytest.fixture
def no_font_cache() -> object:
    fonts.font_files.cache_clear()
    yield None
    fonts.font_files.cache_clear()


def test_windows_fonts_found_before_the_bundled_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_font_cache: object) -> None:
    win = tmp_path / "Windows"
    _fake_fonts(win / "Fonts", {"simsun.ttc": "ttc", "simhei.ttf": "ttf", "msyh.ttc": "ttc", "msyhbd.ttc": "ttc"})
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("WINDIR", str(win))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "AppData" / "Local"))
    monkeypatch.delenv("HALLPLAN_CJK_FONT", raising=False)
    names = [p.name for p in fonts.system_candidates()]
    assert names == ["msyh.ttc", "msyhbd.ttc", "simsun.ttc", "simhei.ttf"]
    found = fonts.font_files("auto")
    assert found[0].path == win / "Fonts" / "msyh.ttc" and found[0].source == "system" and found[0].index == 0
    assert found[-1].source == "bundled"
    assert fonts.find_font_file("bundled").source == "bundled"  # type: ignore[union-attr]


def test_macos_fonts_pingfang_then_songti(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_font_cache: object) -> None:
    _fake_fonts(tmp_path / "Library" / "Fonts", {"Songti.ttc": "ttc", "PingFang.ttc": "ttc"})
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path))
    monkeypatch.delenv("HALLPLAN_CJK_FONT", raising=False)
    cands = [p.name for p in fonts.system_candidates() if p.is_relative_to(tmp_path)]
    assert cands == ["PingFang.ttc", "Songti.ttc"]
    best = fonts.find_font_file("system")
    assert best is not None and best.path.name == "PingFang.ttc"


def test_output_redirected_in_a_gbk_code_page_does_not_fail(tmp_path: Path) -> None:
    """``hallplan check plan > result.txt`` on Chinese Windows writes GBK, which has no ² or —."""
    import os
    import subprocess

    import assets

    out = tmp_path / "结果 文件"
    env = {**os.environ, "PYTHONIOENCODING": "gbk", "QT_QPA_PLATFORM": "offscreen"}
    r = subprocess.run([sys.executable, "-m", "planner.commands.cli", "check", str(assets.path("samples", "county-violations.hallplan")),
                        "--xlsx", str(out / "表.xlsx")], capture_output=True, env=env, timeout=120)
    assert r.returncode == 1, r.stderr.decode("gbk", "replace")
    text = r.stdout.decode("gbk")
    assert "服务大厅面积:2,112.0 m?" in text and "Excel 合规表已写入" in text and (out / "表.xlsx").is_file()
