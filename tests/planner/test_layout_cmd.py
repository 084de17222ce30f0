"""``hallplan layout``: proposals headless, deterministic, with the exit status of the other commands."""

from __future__ import annotations

from pathlib import Path

import pytest

import assets
from geometry.project import load_plan, save_plan
from geometry.synthetic import unusual_hall
from planner.commands.cli import main
from standards.layout import stripped
from tests.planner.real_floor import HALL_NAME, university_floor


def _empty(tmp_path: Path, name: str) -> Path:
    p = tmp_path / f"{name}-empty.hallplan"
    save_plan(stripped(load_plan(assets.path("samples", f"{name}.hallplan"))), p)
    return p


def test_layout_then_check_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _empty(tmp_path, "park-compliant")
    out = tmp_path / "proposal.hallplan"
    assert main(["layout", str(src), "-o", str(out), "--alternatives", "2"]) == 0
    text = capsys.readouterr().out
    assert "布置要求:16 个服务窗口,4 个服务功能区" in text
    assert text.count("得分") == 2 and "1. " in text and "2. " in text
    assert f"方案已写入 {out}" in text
    assert main(["check", str(out)]) == 0  # the written proposal passes the check
    assert len(load_plan(out).counters) == 16


def test_deterministic_for_the_same_input(tmp_path: Path) -> None:
    src = tmp_path / "l.hallplan"
    save_plan(unusual_hall("L"), src)
    a, b = tmp_path / "a.hallplan", tmp_path / "b.hallplan"
    assert main(["layout", str(src), "-o", str(a), "--alternatives", "1"]) == 0
    assert main(["layout", str(src), "-o", str(b), "--alternatives", "1"]) == 0
    assert a.read_bytes() == b.read_bytes()


def test_too_small_is_cannot_exit_1_with_the_shortfall(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _empty(tmp_path, "county-compliant")
    out = tmp_path / "p.hallplan"
    code = main(["layout", str(src), "-o", str(out), "--target-grade", "1", "--alternatives", "1", "--lang", "en"])
    text = capsys.readouterr().out
    assert code == 1
    assert "This outline cannot hold a compliant layout" in text
    assert "needs ≥ 3000 m², has 2112.0 m², short by 888.0 m²" in text
    assert out.exists() and load_plan(out).counters  # the best partial layout is written


def test_context_options_and_window_count(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _empty(tmp_path, "township-compliant")
    out = tmp_path / "t.hallplan"
    assert main(["layout", str(src), "-o", str(out), "--counters", "4", "--alternatives", "1"]) in (0, 1)
    assert len(load_plan(out).counters) == 4
    assert "布置要求:4 个服务窗口" in capsys.readouterr().out


@pytest.mark.parametrize("argv, words", [
    (["--alternatives", "5"], "--alternatives"),
    (["--population", "-1"], "--population"),
    (["--counters", "0"], "--counters"),
    (["--level", "planet"], "--level"),
])
def test_bad_options_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], words: str) -> None:
    src = _empty(tmp_path, "village-compliant")
    code = main(["layout", str(src), "-o", str(tmp_path / "x.hallplan"), *argv])
    err = capsys.readouterr().err
    assert code == 2 and words in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_bad_input_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["layout", str(tmp_path / "missing.hallplan"), "-o", str(tmp_path / "x.hallplan")]) == 2
    assert "找不到文件" in capsys.readouterr().err
    src = _empty(tmp_path, "village-compliant")
    assert main(["layout", str(src), "-o", str(src)]) == 2  # never over its own input
    assert "就是输入的平面文件" in capsys.readouterr().err
    assert main(["layout", str(src), "-o", str(tmp_path / "no" / "such" / "x.hallplan")]) == 2
    assert "输出文件夹不存在" in capsys.readouterr().err
    bare = tmp_path / "bare.hallplan"
    plan = load_plan(src)
    import dataclasses

    save_plan(dataclasses.replace(plan, context=dataclasses.replace(plan.context, level=None)), bare)
    assert main(["layout", str(bare), "-o", str(tmp_path / "y.hallplan")]) == 2
    assert "缺少行政级别" in capsys.readouterr().err


def test_from_a_drawing_with_the_hall_room(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dxf = university_floor(tmp_path / "一层平面.dxf", hidden_old_wall=True)
    out = tmp_path / "方案.hallplan"
    code = main(["layout", str(dxf), "--hall-room", HALL_NAME, "--level", "township", "--population", "62000",
                 "--alternatives", "1", "-o", str(out)])
    text = capsys.readouterr().out
    assert code in (0, 1) and out.exists()
    assert f"“{HALL_NAME}”所在房间" in text
    plan = load_plan(out)
    assert plan.hall is not None and abs(plan.hall.area - 317.52) < 1.0
    assert plan.counters and all(plan.hall.buffer(1e-6).covers(c.geometry) for c in plan.counters)
    assert main(["layout", str(dxf), "-o", str(tmp_path / "z.hallplan"), "--level", "township"]) == 2
    assert "--hall-room" in capsys.readouterr().err


def test_json_ranking_to_a_file_and_to_standard_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--json``: the ranking as data for a planner's batch (the same figures as the printed ranking);
    ``--json -`` puts it alone on standard output and the messages on stderr."""
    import json

    src = _empty(tmp_path, "county-compliant")
    out, js = tmp_path / "p.hallplan", tmp_path / "结果" / "rank.json"
    js.parent.mkdir()
    code = main(["layout", str(src), "-o", str(out), "--target-grade", "1", "--alternatives", "2", "--json", str(js)])
    text = capsys.readouterr().out
    data = json.loads(js.read_text(encoding="utf-8"))
    assert code == 1 and data["format"] == "hallplan.layout-2" and data["proposal_file"] == str(out)
    assert data["cannot"] is True and any("888.0 m²" in r["zh"] for r in data["reasons"])
    assert [a["rank"] for a in data["alternatives"]] == [1, 2]
    best = data["alternatives"][0]
    assert f"1. {best['name']['zh']}  得分 {best['score']:.1f}" in text and f"排名已写入 {js}" in text
    assert best["counts"]["fail"] == len(best["failures"])
    # a failure is written as the check's JSON report writes a finding
    assert {"rule", "clause", "severity", "status", "message", "object_ids", "location"} <= set(best["failures"][0])
    assert best["failures"][0]["status"] == "fail" and set(best["failures"][0]["message"]) == {"zh", "en"}
    assert data["needs"]["counters"] == len(load_plan(out).counters)
    assert data["needs"]["zones"][0]["name"]["zh"].endswith("区")

    code = main(["layout", str(src), "-o", str(out), "--alternatives", "1", "--json", "-", "--lang", "en"])
    got = capsys.readouterr()
    assert json.loads(got.out)["alternatives"][0]["alternative"] and "proposal written to" in got.err
    assert main(["layout", str(src), "-o", str(out), "--json", str(tmp_path / "无此文件夹" / "r.json")]) == 2
    assert "--json" in capsys.readouterr().err
