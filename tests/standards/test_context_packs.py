"""The plan's context names its packs: check(), the command line, the PDF and the audit use them; the
project file keeps them (old files without the field check against the built-in packs); a pack that
cannot be found is said so, never replaced by another."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from geometry.model import Context
from geometry.project import ProjectError, load_plan, plan_from_dict, plan_to_dict, plan_to_json, save_plan
from geometry.synthetic import sample_plan
from standards.engine import check
from standards.packs import PackError

STRICT_HEIGHT = """
[pack]
id = "strict-heights"
edition = "2030"
title_zh = "严格台高包"
title_en = "Strict heights pack"

[rules.COUNTER-HEIGHT]
clause = "第1条"
severity = "error"
title_zh = "台面高度"
title_en = "Counter height"
levels = ["county"]
[rules.COUNTER-HEIGHT.params]
nominal_m = 1.10
tolerance_m = 0.01
"""


@pytest.fixture
def strict_pack(tmp_path: Path) -> Path:
    p = tmp_path / "strict.toml"
    p.write_text(STRICT_HEIGHT, encoding="utf-8")
    return p


def with_packs(packs: tuple[str, ...] | None) -> object:
    plan = sample_plan("county")
    return replace(plan, context=replace(plan.context, packs=packs))


def test_check_uses_the_packs_the_context_names(strict_pack: Path) -> None:
    default = check(sample_plan("county"))
    own = check(with_packs((str(strict_pack),)))  # type: ignore[arg-type]
    assert [p.id for p in default.packs] == ["baoshan-2016", "national-figures"]
    assert [p.id for p in own.packs] == ["strict-heights"]
    heights = [f for f in own.findings if f.rule == "COUNTER-HEIGHT" and f.status.value != "not_applicable"]  # low counters aside
    assert heights and all(f.status.value == "fail" and "110 cm" in f.message_zh for f in heights)
    assert {f.rule for f in own.findings} == {"COUNTER-HEIGHT"}
    # packs given to check() (the command line's --pack) still win over the context's
    assert [p.id for p in check(with_packs((str(strict_pack),)), packs=["baoshan-2016"]).packs] == ["baoshan-2016"]  # type: ignore[arg-type]


def test_a_missing_pack_is_an_error_naming_it_never_a_fallback() -> None:
    with pytest.raises(PackError) as e:
        check(with_packs(("no-such-pack",)))  # type: ignore[arg-type]
    assert "no-such-pack" in e.value.zh and "the plan names" in e.value.en
    for bad in ("a\x00b", "/dev/null.toml", "/"):
        with pytest.raises(PackError):
            check(with_packs((bad,)))  # type: ignore[arg-type]


def test_project_file_keeps_the_packs_and_old_files_load_with_the_defaults(tmp_path: Path, strict_pack: Path) -> None:
    plan = with_packs(("baoshan-2016", str(strict_pack)))
    f = tmp_path / "p.hallplan"
    save_plan(plan, f)  # type: ignore[arg-type]
    assert json.loads(f.read_text(encoding="utf-8"))["context"]["packs"] == ["baoshan-2016", str(strict_pack)]
    assert load_plan(f) == plan
    old = plan_to_dict(sample_plan("county"))
    assert "packs" not in old["context"]  # a plan that never chose is saved as before
    assert plan_from_dict(old).context.packs is None
    for bad in ([], [""], [3], ["a", "a"], "baoshan-2016"):
        data = plan_to_dict(sample_plan("county"))
        data["context"]["packs"] = bad
        with pytest.raises(ProjectError):
            plan_from_dict(data)
    with pytest.raises(ValueError):
        Context(packs=())


def test_command_line_with_a_plan_naming_a_missing_pack_exits_2_with_one_line(tmp_path: Path,
                                                                            capsys: pytest.CaptureFixture[str]) -> None:
    from planner.commands.cli import main

    f = tmp_path / "p.hallplan"
    f.write_text(plan_to_json(with_packs(("gone-pack",))), encoding="utf-8")  # type: ignore[arg-type]
    assert main(["check", str(f)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "gone-pack" in err and "Traceback" not in err


def test_pdf_and_audit_check_against_the_plans_packs(tmp_path: Path, strict_pack: Path) -> None:
    from planner.commands.audit import audit
    from planner.report import build_pdf

    plan = with_packs((str(strict_pack),))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(build_pdf(check(plan), lang="en"))).pages)  # type: ignore[arg-type]
    assert "Strict heights pack" in text and "Baoshan" not in text.split("Strict heights pack")[0][-200:]
    good, gone = tmp_path / "good.hallplan", tmp_path / "gone.hallplan"
    good.write_text(plan_to_json(plan), encoding="utf-8")  # type: ignore[arg-type]
    gone.write_text(plan_to_json(with_packs(("gone-pack",))), encoding="utf-8")  # type: ignore[arg-type]
    rows = {r["name"]: r for r in audit([str(good), str(gone)], str(tmp_path / "out"), jobs=1, pdf=False, lang="en")}
    assert rows["good"]["error"] == "" and rows["good"]["fail"] > 0
    report = json.loads(Path(rows["good"]["json"]).read_text(encoding="utf-8"))
    assert [p["id"] for p in report["packs"]] == ["strict-heights"]
    assert "gone-pack" in rows["gone"]["error"]


def test_a_dxf_export_carries_the_packs_back(tmp_path: Path, strict_pack: Path) -> None:
    from geometry.dxf import export_dxf, import_dxf

    plan = with_packs(("baoshan-2016", str(strict_pack)))
    export_dxf(plan, tmp_path / "p.dxf")  # type: ignore[arg-type]
    back = import_dxf(tmp_path / "p.dxf")
    assert back.plan.context.packs == ("baoshan-2016", str(strict_pack))
    assert not any("ignored" in en for _zh, en in getattr(back.report, "warnings", []))


def test_a_relative_pack_path_is_the_file_beside_the_project(tmp_path: Path, strict_pack: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "packs").mkdir()
    strict_pack.rename(tmp_path / "packs" / "strict.toml")
    data = plan_to_dict(sample_plan("county"))
    data["context"]["packs"] = ["packs/strict.toml", "national-figures"]
    f = tmp_path / "p.hallplan"
    f.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.chdir(tmp_path / "packs")  # run from elsewhere: still the file beside the project
    plan = load_plan(f)
    assert plan.context.packs == (str((tmp_path / "packs" / "strict.toml").resolve()), "national-figures")
    assert [p.id for p in check(plan).packs] == ["strict-heights", "national-figures"]
