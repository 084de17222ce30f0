"""``hallplan check … --pdf`` with its PDF worker (planner.commands.pdf_worker), run as a user runs it.

Every test compares the worker with the in-process path (``HALLPLAN_PDF_WORKER=0``): the same PDF,
the same messages, the same exit status, whatever happens (a full disk, a bug, a worker that cannot
start or dies); and no worker is left behind however the command ends.
"""

from __future__ import annotations

import os
import pickle
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import assets
from planner.commands import pdf_worker

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the worker is forked on Linux only")

HALLPLAN = Path(sys.executable).with_name("hallplan")  # the console script, as installed
CITY = str(assets.path("samples", "city-violations.hallplan"))  # a hall: charts and the walking heatmap


def _env(worker: bool) -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", pdf_worker.ENV: "1" if worker else "0"}
    env.pop("DISPLAY", None)
    return env


def hallplan(*args: str, worker: bool = True) -> subprocess.CompletedProcess[str]:
    cmd = [str(HALLPLAN)] if HALLPLAN.exists() else [sys.executable, "-m", "planner.commands.cli"]
    return subprocess.run([*cmd, *args], capture_output=True, text=True, env=_env(worker), timeout=300)


def driven(code: str, *args: str, worker: bool = True) -> subprocess.CompletedProcess[str]:
    """The command run by ``console()`` after ``code`` (which may patch something) has run."""
    script = textwrap.dedent(code) + "\nfrom planner.commands.cli import console\nconsole()\n"
    return subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, env=_env(worker),
                          timeout=300)


def quiet(stderr: str) -> str:
    """stderr less matplotlib's one-time note that it builds its font cache (the first run on a machine)."""
    return "".join(line for line in stderr.splitlines(keepends=True) if not line.startswith("Matplotlib is building"))


def pdf_pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() for p in PdfReader(str(path)).pages]


def pixels(path: Path, out: Path) -> list[bytes]:
    out.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(path), str(out / "p")], check=True, timeout=120)
    return [p.read_bytes() for p in sorted(out.glob("p-*.png"))]


def undated(pdf: bytes) -> bytes:
    """The PDF less its creation and modification dates and its file ID (if it has them)."""
    pdf = re.sub(rb"/(CreationDate|ModDate) \(D:[^)]*\)", b"", pdf)
    return re.sub(rb"/ID \[<[0-9a-fA-F]+><[0-9a-fA-F]+>\]", b"", pdf)


def same_pdf(a: Path, b: Path, tmp: Path) -> None:
    assert undated(a.read_bytes()) == undated(b.read_bytes())  # the same bytes, made here or in the worker
    assert pdf_pages(a) == pdf_pages(b)
    if subprocess.run(["which", "pdftoppm"], capture_output=True).returncode == 0:
        assert pixels(a, tmp / "a") == pixels(b, tmp / "b")


def no_process(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state in ("Z", "X")  # a zombie whose parent is gone waits for init: it runs nothing


# --- the same PDF, messages and exit status -------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_hall_gives_the_same_pdf_and_output_with_the_worker(tmp_path: Path, lang: str) -> None:
    ours, theirs = tmp_path / "worker.pdf", tmp_path / "inproc.pdf"
    w = hallplan("check", CITY, "--pdf", str(ours), "--json", str(tmp_path / "w.json"), "--lang", lang)
    i = hallplan("check", CITY, "--pdf", str(theirs), "--json", str(tmp_path / "i.json"), "--lang", lang, worker=False)
    assert (w.returncode, i.returncode) == (1, 1), w.stderr + i.stderr
    assert w.stdout.replace(str(ours), "X").replace("w.json", "J") == i.stdout.replace(str(theirs), "X").replace("i.json", "J")
    assert quiet(w.stderr) == quiet(i.stderr) == ""
    assert (tmp_path / "w.json").read_bytes() == (tmp_path / "i.json").read_bytes()
    same_pdf(ours, theirs, tmp_path)
    assert len(pdf_pages(ours)) >= 5


def test_a_drawing_gives_the_same_pdf_with_the_worker(tmp_path: Path) -> None:
    from tests.planner.real_floor import HALL_NAME, university_floor

    dxf = university_floor(tmp_path / "floor.dxf")
    args = ("check", str(dxf), "--hall-room", HALL_NAME, "--paper", "A3")
    w = hallplan(*args, "--pdf", str(tmp_path / "w.pdf"))
    i = hallplan(*args, "--pdf", str(tmp_path / "i.pdf"), worker=False)
    assert w.returncode == i.returncode and w.returncode in (0, 1), w.stderr + i.stderr
    assert w.stdout.replace("w.pdf", "X") == i.stdout.replace("i.pdf", "X")
    same_pdf(tmp_path / "w.pdf", tmp_path / "i.pdf", tmp_path)


def test_the_pdf_to_standard_output_arrives_whole(tmp_path: Path) -> None:
    w = subprocess.run([sys.executable, "-m", "planner.commands.cli", "check", CITY, "--pdf", "/dev/stdout", "--lang", "en"],
                       capture_output=True, env=_env(True), timeout=300)
    assert w.returncode == 1, w.stderr
    start, end = w.stdout.find(b"%PDF-"), w.stdout.rfind(b"%%EOF")
    assert 0 <= start < end
    (tmp_path / "out.pdf").write_bytes(w.stdout[start:end + 5])
    assert len(pdf_pages(tmp_path / "out.pdf")) >= 5
    assert w.stdout.rstrip().endswith(b"approval PDF written to /dev/stdout")


# --- errors: the message of the in-process path ----------------------------------------------------

@pytest.mark.skipif(not (os.path.exists("/dev/full") and os.access("/dev", os.W_OK)), reason="needs /dev/full writable")
def test_a_full_disk_gives_the_same_message(tmp_path: Path) -> None:
    w = hallplan("check", CITY, "--pdf", "/dev/full", "--lang", "en")
    i = hallplan("check", CITY, "--pdf", "/dev/full", "--lang", "en", worker=False)
    assert w.returncode == i.returncode == 2
    assert w.stderr == i.stderr and "No space left on device" in w.stderr and "Traceback" not in w.stderr
    assert w.stdout == i.stdout


FAIL_WRITE = """
import geometry.project as gp
def refuse(path, data):
    raise gp.ProjectError(f"保存失败,原文件未改动:{path}(只读)", f"save failed, the old file is untouched: {path} (read-only)")
gp.atomic_write_bytes = refuse
"""

BUG = """
import planner.report.document as d
def boom(*a, **k):
    raise ValueError("boom")
d.build_pdf = boom
"""

UNPICKLABLE = """
import geometry.project as gp
class Odd(Exception):
    def __init__(self):
        super().__init__("odd")
        self.keep = lambda: None  # an exception that cannot travel between processes
def odd(path, data):
    raise Odd()
gp.atomic_write_bytes = odd
"""


@pytest.mark.parametrize("patch, says", [(FAIL_WRITE, "hallplan: save failed, the old file is untouched"),
                                         (BUG, "hallplan: cannot make the PDF: ValueError: boom"),
                                         (UNPICKLABLE, "hallplan: internal error: Odd: odd")])
def test_errors_in_the_worker_say_what_the_in_process_path_says(tmp_path: Path, patch: str, says: str) -> None:
    pdf = str(tmp_path / "r.pdf")
    w = driven(patch, "check", CITY, "--pdf", pdf, "--lang", "en")
    i = driven(patch, "check", CITY, "--pdf", pdf, "--lang", "en", worker=False)
    assert (w.returncode, w.stdout, quiet(w.stderr)) == (i.returncode, i.stdout, quiet(i.stderr))
    assert quiet(w.stderr).startswith(says) and "Traceback" not in w.stderr
    assert not Path(pdf).exists()


# --- the fallback: no worker, a dead worker -------------------------------------------------------

NO_FORK = """
import os
def no_fork():
    raise OSError(11, "Resource temporarily unavailable")
os.fork = no_fork
"""

DIES_AT_ONCE = """
import os
import planner.commands.pdf_worker as pw
pw.serve = lambda *a, **k: os._exit(9)
"""

DIES_BUILDING = """
import os
import planner.report.document as d
parent = os.getpid()
real = d.pdf_bytes
def dies(*a, **k):
    if os.getpid() != parent:
        os._exit(9)  # the worker dies half-way (the OOM killer, a crash)
    return real(*a, **k)
d.pdf_bytes = dies
"""


@pytest.mark.parametrize("patch", [NO_FORK, DIES_AT_ONCE, DIES_BUILDING])
def test_without_a_working_worker_the_pdf_is_made_in_process(tmp_path: Path, patch: str) -> None:
    w = driven(patch, "check", CITY, "--pdf", str(tmp_path / "w.pdf"), "--lang", "en")
    i = hallplan("check", CITY, "--pdf", str(tmp_path / "i.pdf"), "--lang", "en", worker=False)
    assert (w.returncode, quiet(w.stderr)) == (i.returncode, quiet(i.stderr)) == (1, "")
    assert w.stdout.replace("w.pdf", "X") == i.stdout.replace("i.pdf", "X")
    same_pdf(tmp_path / "w.pdf", tmp_path / "i.pdf", tmp_path)


# --- no worker left behind -------------------------------------------------------------------------

RECORD_PID = """
import os, sys
import planner.commands.pdf_worker as pw
start = pw.Worker.start.__func__
def recorded(cls, *a, **k):
    w = start(cls, *a, **k)
    if w is not None:
        sys.stderr.write(f"worker {w.pid}\\n")
        sys.stderr.flush()
    return w
pw.Worker.start = classmethod(recorded)
"""


def _worker_pid(stderr: str) -> int:
    return int(next(line for line in stderr.splitlines() if line.startswith("worker ")).split()[1])


def test_a_command_that_fails_before_its_pdf_ends_its_worker(tmp_path: Path) -> None:
    empty = tmp_path / "empty.hallplan"
    empty.write_text('{"format": "hallplan", "version": 1}', encoding="utf-8")
    t = time.monotonic()
    w = driven(RECORD_PID, "check", str(empty), "--pdf", str(tmp_path / "e.pdf"), "--lang", "en")
    assert time.monotonic() - t < 60
    i = hallplan("check", str(empty), "--pdf", str(tmp_path / "e.pdf"), "--lang", "en", worker=False)
    assert w.returncode == i.returncode == 2
    assert w.stderr.split("\n", 1)[1] == i.stderr and "Traceback" not in i.stderr
    assert no_process(_worker_pid(w.stderr))
    assert not (tmp_path / "e.pdf").exists()


SLOW_LOAD = RECORD_PID + """
import time
import planner.loading as loading
def slow(*a, **k):
    print("loading", flush=True)
    time.sleep(60)
loading.load_any = slow
"""


def _started(proc: subprocess.Popen[str]) -> int:
    assert proc.stderr is not None and proc.stdout is not None
    pid = _worker_pid(proc.stderr.readline())
    assert proc.stdout.readline().strip() == "loading"
    return pid


def test_ctrl_c_ends_the_command_and_its_worker(tmp_path: Path) -> None:
    script = textwrap.dedent(SLOW_LOAD) + "\nfrom planner.commands.cli import console\nconsole()\n"
    proc = subprocess.Popen([sys.executable, "-c", script, "check", CITY, "--pdf", str(tmp_path / "c.pdf"), "--lang", "en"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(True), start_new_session=True)
    try:
        pid = _started(proc)
        os.killpg(proc.pid, signal.SIGINT)  # what the terminal does: the whole foreground group
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130 and err.strip() == "hallplan: interrupted"
    assert no_process(pid)
    with pytest.raises(ProcessLookupError):
        os.killpg(proc.pid, 0)  # nothing of the command's group is left
    assert not (tmp_path / "c.pdf").exists()


def test_a_killed_command_leaves_no_worker(tmp_path: Path) -> None:
    script = textwrap.dedent(SLOW_LOAD) + "\nfrom planner.commands.cli import console\nconsole()\n"
    proc = subprocess.Popen([sys.executable, "-c", script, "check", CITY, "--pdf", str(tmp_path / "k.pdf")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(True), start_new_session=True)
    try:
        pid = _started(proc)
        proc.kill()  # SIGKILL: no finally runs in the command
        proc.wait(timeout=60)
        end = time.monotonic() + 30
        while not no_process(pid) and time.monotonic() < end:
            time.sleep(0.05)
        assert no_process(pid)  # PR_SET_PDEATHSIG, or the closed pipe
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


# --- the job itself --------------------------------------------------------------------------------

def test_the_job_carries_the_checks_walking_field() -> None:
    from geometry.circulation.analysis import analysis_of
    from geometry.project import load_plan
    from standards.engine import check

    report = check(load_plan(CITY))
    walk = analysis_of(report.plan).walk
    assert walk is not None
    data = pdf_worker.job_bytes(report, {"path": "x.pdf", "lang": "zh"})
    got, kwargs = pdf_worker.load_job(data)
    assert kwargs == {"path": "x.pdf", "lang": "zh"}
    assert got.plan is not report.plan and got.findings == report.findings
    field = analysis_of(got.plan).walk  # the field that came with the job, not computed again
    assert field is not None and field is not walk
    assert (field.values.tobytes(), field.extent) == (walk.values.tobytes(), walk.extent)
    assert "walk" in vars(analysis_of(got.plan)) and "space" not in vars(analysis_of(got.plan))


@pytest.mark.parametrize("name", ["us_apartments_inch.dxf", "tarch_t3_power_room_mm.dxf"])
def test_a_real_drawing_gives_the_same_pdf_with_the_worker(shared: Path, tmp_path: Path, name: str) -> None:
    dxf = shared / "dxf" / name
    w = hallplan("check", str(dxf), "--pdf", str(tmp_path / "w.pdf"))
    i = hallplan("check", str(dxf), "--pdf", str(tmp_path / "i.pdf"), worker=False)
    assert w.returncode == i.returncode and w.returncode in (0, 1), w.stderr + i.stderr
    assert undated((tmp_path / "w.pdf").read_bytes()) == undated((tmp_path / "i.pdf").read_bytes())


def test_the_job_of_a_large_hall_makes_the_same_pdf() -> None:
    from geometry.circulation.analysis import forget_analyses
    from geometry.synthetic import synthetic_hall
    from planner.report.document import pdf_bytes
    from standards.engine import check

    report = check(synthetic_hall(500, 2000))
    here = pdf_bytes(report, lang="zh")
    data = bytearray(pdf_worker.job_bytes(report, {"path": "x.pdf", "lang": "zh"}))  # as the worker reads it
    forget_analyses()  # the worker knows only the walking field that came with the job
    got, kwargs = pdf_worker.load_job(data)
    assert kwargs.pop("path") == "x.pdf"
    assert undated(pdf_bytes(got, **kwargs)) == undated(here)


def test_the_hand_over_leaves_the_collector_as_it_found_it() -> None:
    import gc

    from geometry.project import load_plan
    from standards.engine import check

    report = check(load_plan(CITY))
    seen: list[bool] = []

    class Seeing(_StubWorker):
        def send(self, *parts: bytes | memoryview) -> bool:
            seen.append(gc.isenabled())  # no collection while the job is pickled and sent
            return super().send(*parts)

    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            writer = pdf_worker.PdfWriter(Seeing())  # type: ignore[arg-type]
            writer.prepare(report, "x.pdf", lang="zh")
            assert gc.isenabled() == enabled
            pdf_worker.load_job(bytearray(pdf_worker.job_bytes(report, {"path": "x.pdf"})))
            assert gc.isenabled() == enabled
        finally:
            gc.enable()
    assert seen == [False, False]


class _StubWorker:
    def __init__(self) -> None:
        self.state, self.closed, self.sent = "started", False, b""

    def send(self, *parts: bytes | memoryview) -> bool:
        self.sent, self.state = b"".join(parts), "sent"
        return True

    def close(self) -> None:
        self.closed = True


def test_a_large_drawing_is_printed_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    from array import array

    import numpy as np

    from geometry.drawing_file import Underlay, UnderlayLayer
    from geometry.project import load_plan
    from standards.engine import check

    report = check(load_plan(CITY))
    small = Underlay([UnderlayLayer("WALL", array("d", [0.0, 0.0, 1.0, 1.0] * 10), np.zeros(1, dtype=np.int64))])
    big = Underlay([UnderlayLayer("WALL", array("d", [0.0, 0.0, 1.0, 1.0] * 40), np.zeros(1, dtype=np.int64))])
    monkeypatch.setattr(pdf_worker, "MAX_DRAWING_BYTES", 16 * 50)
    assert pdf_worker.drawing_bytes(small) == 16 * 20 and pdf_worker.drawing_bytes(None) == 0
    for underlay, handed in ((small, True), (big, False)):
        stub = _StubWorker()
        writer = pdf_worker.PdfWriter(stub)  # type: ignore[arg-type]
        writer.prepare(report, "x.pdf", lang="zh", underlay=underlay)
        assert (bool(stub.sent), stub.closed, writer.worker is None) == (handed, not handed, not handed)
        if handed:
            got, kwargs = pdf_worker.load_job(stub.sent)
            assert len(kwargs["underlay"]) == 1 and kwargs["path"] == "x.pdf" and got.findings == report.findings


def test_the_worker_is_used_only_where_fork_is_safe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(pdf_worker.ENV, "0")
    assert not pdf_worker.fork_safe()
    monkeypatch.setenv(pdf_worker.ENV, "1")
    monkeypatch.setattr(sys, "platform", "win32")
    assert not pdf_worker.fork_safe()
    monkeypatch.setattr(sys, "platform", "darwin")
    assert not pdf_worker.fork_safe()


def test_the_worker_is_used_only_when_a_core_is_spare(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(pdf_worker.ENV, "auto")
    monkeypatch.setattr(pdf_worker, "_cpu_quota", lambda: None)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    for load, spare in ((0.3, True), (1.2, True), (1.6, False), (4.0, False)):
        monkeypatch.setattr(os, "getloadavg", lambda load=load: (load, load, load))
        assert pdf_worker.spare_core() is spare, load
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {3})  # taskset to one CPU
    assert not pdf_worker.spare_core()
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    monkeypatch.setattr(pdf_worker, "_cpu_quota", lambda: 1.0)  # a container with one CPU's quota
    assert not pdf_worker.spare_core()
    monkeypatch.setenv(pdf_worker.ENV, "1")  # asked for: whatever the load
    assert pdf_worker.spare_core()


def test_messages_are_framed_whole_across_a_pipe() -> None:
    r, w = os.pipe()
    big = os.urandom(3 << 20)  # larger than a pipe's buffer: written while read
    pid = os.fork()
    if pid == 0:
        try:
            os.close(r)
            pdf_worker._send(w, big)
            pdf_worker._send(w, b"")
        finally:
            os._exit(0)
    os.close(w)
    try:
        assert pdf_worker._receive(r) == big
        assert pdf_worker._receive(r) == b""
        assert pdf_worker._receive(r) is None  # the writer closed: the end, never a hang
    finally:
        os.close(r)
        os.waitpid(pid, 0)


# --- the console script's exit: everything written, every stream flushed ------------------------

def test_a_check_ended_by_the_console_script_has_written_every_output(tmp_path: Path) -> None:
    outs = {"--json": "r.json", "--pdf": "r.pdf", "--xlsx": "r.xlsx", "--docx": "r.docx", "--dxf-out": "r.dxf"}
    a, b = tmp_path / "console", tmp_path / "main"
    a.mkdir()
    b.mkdir()
    args = ["check", CITY, "--lang", "en", "--all"]
    c = hallplan(*args, *[x for k, v in outs.items() for x in (k, str(a / v))])
    script = "import sys\nfrom planner.commands.cli import main\nsys.exit(main())\n"  # the ordinary exit
    m = subprocess.run([sys.executable, "-c", script, *args, *[x for k, v in outs.items() for x in (k, str(b / v))]],
                       capture_output=True, text=True, env=_env(True), timeout=300)
    assert c.returncode == m.returncode == 1, c.stderr + m.stderr
    assert c.stdout.replace(str(a), "D") == m.stdout.replace(str(b), "D")
    assert len(c.stdout.splitlines()) > 60 and quiet(c.stderr) == quiet(m.stderr) == ""
    assert (a / "r.json").read_bytes() == (b / "r.json").read_bytes()
    same_pdf(a / "r.pdf", b / "r.pdf", tmp_path)
    import ezdxf
    import openpyxl
    from docx import Document

    def cells(p: Path) -> list[list[object]]:
        wb = openpyxl.load_workbook(p)
        return [[c.value for c in row] for ws in wb.worksheets for row in ws.iter_rows()]

    assert cells(a / "r.xlsx") == cells(b / "r.xlsx")
    assert [p.text for p in Document(str(a / "r.docx")).paragraphs] == [p.text for p in Document(str(b / "r.docx")).paragraphs]
    assert len(ezdxf.readfile(a / "r.dxf").modelspace()) == len(ezdxf.readfile(b / "r.dxf").modelspace()) > 0


def test_a_large_json_report_on_standard_output_arrives_whole() -> None:
    import json

    r = hallplan("check", CITY, "--json", "-", "--lang", "en")
    assert r.returncode == 1
    data = json.loads(r.stdout)
    assert data["schema"] == "hallplan.report/1" and len(data["findings"]) > 20


def test_pickled_errors_keep_both_languages() -> None:
    from geometry.i18n import HallPlanError
    from geometry.project import ProjectError

    e = pickle.loads(pickle.dumps(ProjectError("保存失败", "save failed")))
    assert isinstance(e, HallPlanError) and (e.text("zh"), e.text("en")) == ("保存失败", "save failed")


GC_SEEN = """
import gc
import planner.commands.cli as cli
def seen(args):
    print("gen0", gc.get_threshold()[0])
    return 0
cli.run_check = seen
"""


def test_the_console_script_tunes_the_collector_for_a_check_only() -> None:
    from planner.commands.cli import CHECK_GC_GEN0

    r = driven(GC_SEEN, "check", CITY)
    assert (r.returncode, r.stdout.strip()) == (0, f"gen0 {CHECK_GC_GEN0}")
    r = driven(GC_SEEN + "\ncli.run_demo = seen\nprint('gen0', gc.get_threshold()[0])\n", "demo", "--headless")
    first, then = r.stdout.split()[1::2]
    assert r.returncode == 0 and first == then != str(CHECK_GC_GEN0)  # as Python set it


def test_a_ctrl_c_while_the_worker_is_forked_is_held_then_raised() -> None:
    """SIGINT held over the fork (no stray 'Exception ignored' line from the worker's at-fork handlers,
    no worker left unrecorded): it arrives, and is raised, when the mask is given back."""
    from planner.commands.pdf_worker import hold_interrupts, release_interrupts

    held = hold_interrupts()
    assert held is not None and signal.SIGINT not in held
    os.kill(os.getpid(), signal.SIGINT)  # pending, not delivered
    with pytest.raises(KeyboardInterrupt):
        release_interrupts(held)
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, [])
