"""Words and numbers where people read them (issue 9, planner side), through the real `hallplan`
entry point: callout numbers that agree between the PDF and the DXF, errors in the chosen
language, output folders and empty plans handled before the check, the PDF's date and source, and
English output without Chinese except names."""

from __future__ import annotations

import io
import json
import re
import unicodedata
from dataclasses import asdict
from pathlib import Path
from typing import Any, Iterator

import ezdxf
import pytest
from pypdf import PdfReader
from shapely.geometry import Polygon, box

import assets
from geometry.i18n import set_language
from geometry.model import Context, Counter, Plan
from geometry.project import load_plan, save_plan
from planner.commands.cli import main
from planner.report import build_pdf
from standards.engine import REVIEWER_ITEMS, check

SAMPLES = sorted(p.stem for p in assets.path("samples").glob("*.hallplan"))
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")
DXF_LINE = re.compile(r"^\[(\d+)\] (\S+) (.+?)(?::|: )(.+?)(?:;|; )(?:实测|measured) (.+?)(?:;|; )(?:要求|required) (.+)$")


def norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Iterator[Any]:
    """Run `hallplan …` in this process: (exit status, stdout, stderr); the language is reset after."""

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out = capsys.readouterr()
        return code, out.out, out.err

    yield run
    set_language("zh")


def sample(name: str) -> str:
    return str(assets.path("samples", f"{name}.hallplan"))


def dxf_callouts(path: Path) -> dict[int, tuple[str, str, str, str]]:
    """number -> (rule, clause, measured, required) of every HP-FINDINGS callout line."""
    out: dict[int, tuple[str, str, str, str]] = {}
    for e in ezdxf.readfile(path).modelspace().query('TEXT[layer=="HP-FINDINGS"]'):
        m = DXF_LINE.match(e.dxf.text)
        if m:
            n = int(m.group(1))
            assert n not in out, f"number {n} used twice in the DXF"
            out[n] = (m.group(2), m.group(3), m.group(5), m.group(6))
    return out


def test_pdf_and_dxf_number_each_finding_alike(tmp_path: Path, cli: Any) -> None:
    pdf, dxf, js = tmp_path / "r.pdf", tmp_path / "r.dxf", tmp_path / "r.json"
    code, _out, err = cli("check", sample("county-violations"), "--pdf", str(pdf), "--dxf-out", str(dxf), "--json", str(js))
    assert code == 1, err
    findings = json.loads(js.read_text(encoding="utf-8"))["findings"]
    shown = [f for f in findings if f["status"] in ("fail", "warn", "unknown")]
    callouts = dxf_callouts(dxf)
    assert sorted(callouts) == list(range(1, len(shown) + 1))  # one number per finding, none skipped
    report = check(load_plan(sample("county-violations")))
    pages = [p.extract_text() or "" for p in PdfReader(pdf).pages]
    table = norm("".join(pages[2:]))  # the compliance table runs over several pages after the plan
    plan_page = pages[1]
    legend = {int(m.group(1)): norm(m.group(2)) for m in re.finditer(r"^(\d+) +(\S.*)$", plan_page, re.M)
              if CJK.search(m.group(2)) or "GB" in m.group(2)}  # legend lines, not the scale bar's "8 m"
    assert legend, "the plan page lists its callouts"
    for n, (rule, clause, _measured, _required) in callouts.items():
        title = report.specs[rule].title_zh
        # the compliance table's row n is that rule at that clause
        assert norm(f"{n}{clause}{title}{rule}") in table, (n, rule)
        if n in legend:  # the plan's legend line n names the same clause and requirement
            assert legend[n].startswith(norm(f"{clause}{title}")[:8]), (n, legend[n])
    assert len(legend) >= len(shown) // 2  # most findings of this sample sit on the plan
    # the JSON report carries the same numbers: finding n is the DXF's callout n, passes have none
    by_number = {f["callout"]: f for f in shown}
    assert sorted(by_number) == sorted(callouts)
    for n, (rule, clause, _measured, _required) in callouts.items():
        assert (by_number[n]["rule"], by_number[n]["clause"]) == (rule, clause), n
    assert not any("callout" in f for f in findings if f["status"] not in ("fail", "warn", "unknown"))


def test_callout_units_agree_with_the_requirement(tmp_path: Path) -> None:
    plan = Plan(context=Context(level="county", population=300_000), hall=box(0, 0, 40, 30), objects=(
        Counter(id="c1", geometry=box(5, 5, 6.6, 5.7), height_m=0.95, color="深棕色"),))  # 70 cm deep, 95 cm high
    report = check(plan)
    from geometry.dxf import export_dxf
    from standards.callouts import number_findings

    export_dxf(plan, tmp_path / "u.dxf", number_findings(report.findings), lang="en")
    lines = dxf_callouts(tmp_path / "u.dxf")
    by_rule = {rule: (measured, required) for rule, _c, measured, required in lines.values()}
    assert by_rule["COUNTER-WIDTH"][0] == "70 cm" and "cm" in by_rule["COUNTER-WIDTH"][1]
    assert by_rule["COUNTER-HEIGHT"][0] == "95 cm"
    for measured, required in by_rule.values():  # never metres measured against centimetres required
        assert not (measured.endswith(" m") and re.search(r"\d\s*cm", required)), (measured, required)
    table = norm("".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(build_pdf(report, "en"))).pages))
    assert norm("70 cm75–90 cm") in table  # the PDF table prints the same value in the same unit


def test_errors_follow_lang(tmp_path: Path, cli: Any) -> None:
    f = tmp_path / "bowtie.hallplan"
    f.write_text(json.dumps({"format": "hallplan", "version": 1,
                             "hall": {"type": "Polygon", "coordinates": [[[0, 0], [10, 10], [10, 0], [0, 10], [0, 0]]]}}),
                 encoding="utf-8")
    # one line in the language asked for; it may go on to name the repair command (hallplan repair)
    code, out, err = cli("check", str(f))
    assert (code, out) == (2, "") and err.startswith("hallplan: bowtie.hallplan: 服务大厅边界自相交,位置 (5, 5)") and err.count("\n") == 1
    code, out, err = cli("check", str(f), "--lang", "en")
    assert (code, out) == (2, "") and err.startswith("hallplan: bowtie.hallplan: The service hall boundary crosses itself at (5, 5)")
    assert err.count("\n") == 1
    plan = json.loads(f.read_text(encoding="utf-8"))
    plan["hall"] = {"type": "Polygon", "coordinates": [[[0, 0], [30, 0], [30, 20], [0, 20], [0, 0]]]}
    plan["objects"] = [{"type": "counter", "id": "c-77", "label": "3号窗口",
                        "geometry": {"type": "Polygon", "coordinates": [[[1, 1], [3, 3], [3, 1], [1, 3], [1, 1]]]}}]
    f.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    code, _, err = cli("check", str(f), "--lang=en")
    assert code == 2 and 'Counter "3号窗口" crosses itself at (2, 2)' in err
    code, _, err = cli("check", str(f))
    assert code == 2 and "服务台“3号窗口”自相交,位置 (2, 2)" in err


def test_audit_is_listed_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:  # argparse prints the help and exits 0
        main(["--help"])
    assert e.value.code == 0
    commands = re.search(r"\{(.+?)\}", capsys.readouterr().out)
    assert commands is not None and commands.group(1).split(",") == ["check", "audit", "fix", "layout", "demo"]


def test_output_folder_is_made_or_refused_before_the_check(tmp_path: Path, cli: Any) -> None:
    deep = tmp_path / "new" / "deeper"
    code, out, err = cli("check", sample("village-compliant"), "--pdf", str(deep / "r.pdf"), "--json", str(deep / "j" / "r.json"))
    assert code == 0, err
    assert (deep / "r.pdf").stat().st_size > 0 and (deep / "j" / "r.json").is_file()
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    code, out, err = cli("check", sample("village-compliant"), "--dxf-out", str(tmp_path / "afile" / "r.dxf"), "--lang", "en")
    assert code == 2 and out == ""  # refused before anything was checked or printed
    assert err.count("\n") == 1 and "--dxf-out" in err and "cannot create the folder" in err
    code, out, err = cli("check", sample("village-compliant"), "--pdf", str(tmp_path))
    assert code == 2 and out == "" and "是文件夹" in err


def test_empty_plan_says_so(tmp_path: Path, cli: Any) -> None:
    f = tmp_path / "empty.hallplan"
    save_plan(Plan(context=Context(level="county")), f)
    code, out, err = cli("check", str(f))
    assert (code, out) == (2, "") and "平面是空的" in err and err.count("\n") == 1
    code, out, err = cli("check", str(f), "--lang", "en", "--json", str(tmp_path / "e.json"))
    assert code == 2 and "the plan is empty" in err and not (tmp_path / "e.json").exists()


def test_pdf_shows_the_file_name_and_is_dated_by_the_report(tmp_path: Path, cli: Any) -> None:
    folder = tmp_path / "私人 文件夹" / "项目"
    folder.mkdir(parents=True)
    plan = load_plan(sample("township-violations"))
    save_plan(plan, folder / "和顺镇.hallplan")
    code, _, err = cli("check", str(folder / "和顺镇.hallplan"), "--pdf", str(tmp_path / "r.pdf"))
    assert code == 1, err
    reader = PdfReader(tmp_path / "r.pdf")
    text = "".join(p.extract_text() or "" for p in reader.pages)
    meta = " ".join(str(v) for v in (reader.metadata or {}).values())
    for where in (text, meta, norm(text)):
        assert str(tmp_path) not in where and "私人" not in where
    assert "和顺镇.hallplan" in norm(text) and "generated" not in text
    from datetime import date

    assert (reader.metadata or {})["/CreationDate"].startswith(f"D:{date.today():%Y%m%d}")
    older = PdfReader(io.BytesIO(build_pdf(check(plan), "en", date="2025-03-05", source=folder / "和顺镇.hallplan")))
    assert (older.metadata or {})["/CreationDate"].startswith("D:20250305")
    assert "2025-03-05" in (older.pages[0].extract_text() or "")
    assert "generated" not in (older.pages[0].extract_text() or "")


def test_pdf_of_a_dxf_names_the_drawing_not_its_folder(tmp_path: Path) -> None:
    from geometry.dxf import export_dxf, import_dxf
    from geometry.synthetic import sample_plan

    d = tmp_path / "secret-folder"
    d.mkdir()
    export_dxf(sample_plan("village"), d / "村.dxf")
    res = import_dxf(d / "村.dxf")
    text = "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(build_pdf(check(res.plan), "zh"))).pages)
    assert "村.dxf" in norm(text) and "secret-folder" not in text


def _names(plan: Plan, report: Any) -> list[str]:
    """What may stay Chinese in English output: names and data people typed, and clause numbers."""
    names = {plan.context.centre_name or ""}
    names |= {v for v in asdict(plan.signage).values() if isinstance(v, str)}
    for o in plan.objects:
        names |= {o.label, getattr(o, "service", "") or "", getattr(o, "sign_zh", "") or "", getattr(o, "color", "") or ""}
    names |= {f.clause for f in report.findings}
    names |= {c for c, _zh, _en in REVIEWER_ITEMS}
    return sorted((norm(n) for n in names if n), key=len, reverse=True)


@pytest.mark.parametrize("name", SAMPLES)
def test_english_output_has_no_chinese_but_names(name: str, tmp_path: Path, cli: Any) -> None:
    js, pdf, dxf = tmp_path / "r.json", tmp_path / "r.pdf", tmp_path / "r.dxf"
    code, out, err = cli("check", sample(name), "--lang", "en", "--json", str(js), "--pdf", str(pdf), "--dxf-out", str(dxf))
    assert code in (0, 1), err
    data = json.loads(js.read_text(encoding="utf-8"))
    plan = load_plan(sample(name))
    allowed = _names(plan, check(plan))
    texts = {
        "console": out,
        "json": " ".join(f"{f['message']['en']} {f['required_en'] or ''}" for f in data["findings"]),
        "pdf": "".join(p.extract_text() or "" for p in PdfReader(pdf).pages),
        "dxf callouts": " ".join(e.dxf.text for e in ezdxf.readfile(dxf).modelspace().query('TEXT[layer=="HP-FINDINGS"]')),
    }
    for where, text in texts.items():
        left = norm(text)
        for n in allowed:
            left = left.replace(n, "")
        assert not CJK.findall(left), (where, CJK.findall(left)[:10])


def test_bad_options_are_one_line_in_the_chosen_language(capsys: pytest.CaptureFixture[str]) -> None:
    try:
        for args, words in ((["--level", "planet"], "选项 --level 的值“planet”无效"),
                            (["--lang", "en", "--level", "planet"], "argument --level: invalid choice: 'planet'"),
                            (["--json"], "选项 --json 后面缺少值")):
            with pytest.raises(SystemExit) as e:
                main(["check", sample("county-compliant"), *args])
            err = capsys.readouterr().err
            assert e.value.code == 2 and err.count("\n") == 1 and words in err, err
            set_language("zh")
    finally:
        set_language("zh")


def test_dxf_import_summary_says_why_in_chinese(tmp_path: Path, cli: Any) -> None:
    doc = ezdxf.new("R2010")
    msp = doc.modelspace()
    msp.add_lwpolyline([(0, 0), (20000, 0), (20000, 15000), (0, 15000)], close=True, dxfattribs={"layer": "HALL"})
    msp.add_mesh(dxfattribs={"layer": "MESH"})
    loop = doc.blocks.new("LOOP")
    loop.add_line((0, 0), (100, 0))
    loop.add_blockref("LOOP", (10, 10))
    msp.add_blockref("LOOP", (5000, 5000))
    doc.saveas(tmp_path / "why.dxf")
    code, out, err = cli("check", str(tmp_path / "why.dxf"), "--level", "county")
    assert code in (0, 1), err
    skipped = [ln for ln in out.splitlines() if ln.startswith("跳过")]
    assert any("块“LOOP”插入了自身" in ln for ln in skipped), skipped
    assert skipped and not any(re.search(r"[a-z]{3,}", ln.split(":", 1)[1]) for ln in skipped), skipped


def test_outputs_never_overwrite_the_plan(tmp_path: Path, cli: Any) -> None:
    f = tmp_path / "plan.hallplan"
    save_plan(load_plan(sample("village-compliant")), f)
    before = f.read_bytes()
    code, out, err = cli("check", str(f), "--json", str(f))
    assert (code, out) == (2, "") and "就是要检查的平面文件" in err and f.read_bytes() == before
    code, out, err = cli("check", str(f), "--json", str(tmp_path / "r"), "--pdf", str(tmp_path / "r"), "--lang", "en")
    assert (code, out) == (2, "") and "--pdf and --json are the same file" in err


def test_measures_print_the_digits_that_decide() -> None:
    from planner.commands.console import summary

    plan = Plan(context=Context(level="county", population=600_000, target_grade=1, building_area_m2=10_000),
                hall=box(0, 0, 59.9998, 50))  # 2,999.99 m²: one hundredth short of grade 1
    report = check(plan)
    assert report.measures["achieved_grade"] == "grade2"
    text = summary(report, "en")
    assert "Hall area: 2,999.99 m²" in text and "3,000.0" not in text
    cover = norm(PdfReader(io.BytesIO(build_pdf(report, "en"))).pages[0].extract_text() or "")
    assert norm("2,999.99 m²") in cover and norm("3,000.0 m²") not in cover
