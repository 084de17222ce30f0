"""The approval PDF of ``hallplan check … --pdf`` made on the second core.

Reading a real drawing is most of a check, and the PDF needs reportlab, its fonts and (for a hall's
charts) matplotlib, none of which depend on the plan.  So where ``fork`` is safe (Linux, no other
thread running, Qt not loaded: the rule of ``audit_pool._context``) :func:`pdf_writer` forks a
worker first thing; it imports the PDF machinery and registers the fonts while this process reads
the drawing.  As soon as the check is done the report goes to the worker (with the drawing
underlay and the check's walking field, which the heatmap would otherwise compute again), which
builds the PDF while this process prints the summary and writes the JSON; only when the command
reaches its ``--pdf`` step is the worker told to write the file, so the files written, the
messages and their order and the exit status are those of the in-process path.

- An error in the worker (a full disk, an unwritable path, a bug) comes back as the exception the
  in-process path raises (a :class:`HallPlanError` in both languages, or the same exception type);
  one that cannot travel back makes the PDF again in this process, to raise it here.
- A worker that cannot start, or dies, is replaced by writing the PDF in this process.
- The worker ends when its pipe closes (this process failed before handing it the job), when this
  process dies (``PR_SET_PDEATHSIG``), on Ctrl-C (both get SIGINT) and on SIGTERM; this process
  always reaps it, so no zombie and no orphan is left.
- A drawing whose lines take more than :data:`MAX_DRAWING_BYTES` is printed in this process: the
  worker would hold a second copy of it, for a gain that is small beside the time such a drawing
  takes to read.
- Only when a core is spare (:func:`spare_core`: two CPUs or more for this process and a load
  average that leaves one idle): on a busy machine the worker's extra work (pickling, a second
  process; about 0.1 s CPU) would slow the command down.
- ``HALLPLAN_PDF_WORKER=0`` writes the PDF in this process, ``=1`` always uses a worker where fork
  is safe; Windows and macOS always write in this process.

The hand-over lies between the check and the PDF, so it is kept short (issue 14): the job is
pickled by :mod:`geometry.pickling` (the plan's objects and the drawing's texts packed by class, every
geometry in one WKB call, the drawing's vertex arrays beside the pickle, written from where they
lie with ``writev`` and read in place by the worker) through a pipe widened to :data:`PIPE_BYTES`;
no collection runs while it is pickled, sent or unpickled; and the worker keeps the collector off
what it inherited (``gc.freeze``): a full collection there walked, and so copied, the parent's pages.
"""

from __future__ import annotations

import gc
import os
import pickle
import select
import signal
import struct
import sys
import threading
import time
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

ENV = "HALLPLAN_PDF_WORKER"
_HEADER = struct.Struct(">Q")
_GO = b"go"
_CHARTS, _PLAIN = b"charts", b"plain"  # the hint: will the PDF draw charts (the plan has a hall)?


MAX_DRAWING_BYTES = 64 << 20  # a drawing whose lines take more is printed in this process (no second copy)


def drawing_bytes(underlay: Any) -> int:
    """About what the underlay's vertices take (16 bytes each); 0 without one."""
    try:
        return 16 * sum(len(layer) for layer in getattr(underlay, "layers", ()))
    except TypeError:
        return 0


def _setting() -> str:
    """``HALLPLAN_PDF_WORKER``: ``0`` never, ``1`` whenever fork is safe, else (``auto``) when a core is spare."""
    raw = os.environ.get(ENV, "").strip().lower()
    return "0" if raw in ("0", "no", "off", "false") else "1" if raw in ("1", "yes", "on", "true") else "auto"


def fork_safe() -> bool:
    """Whether a worker may be forked here: Linux, no other Python thread, Qt not loaded, and not
    switched off with ``HALLPLAN_PDF_WORKER=0``."""
    if _setting() == "0":
        return False
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    return threading.active_count() == 1 and "PySide6.QtCore" not in sys.modules


def _cpu_quota() -> float | None:
    """The CPUs the cgroup allows this process (``cpu.max``, v2, or the v1 CFS quota), None: no limit."""
    for path in ("/sys/fs/cgroup/cpu.max", "/sys/fs/cgroup/cpu/cpu.cfs_quota_us"):
        try:
            with open(path, encoding="ascii") as fh:
                parts = fh.read().split()
        except OSError:
            continue
        try:
            if path.endswith("cpu.max"):
                return None if parts[0] == "max" else int(parts[0]) / int(parts[1])
            quota = int(parts[0])
            with open("/sys/fs/cgroup/cpu/cpu.cfs_period_us", encoding="ascii") as fh:
                return None if quota <= 0 else quota / int(fh.read().split()[0])
        except (OSError, ValueError, IndexError, ZeroDivisionError):
            return None
    return None


def spare_core() -> bool:
    """Whether a second core is free for the worker: this process may use two CPUs or more, and
    the last minute's load leaves one of them idle.  A worker on a busy machine only takes time
    from the command (its work is about 0.1 s more than the one-process path's, and a session's
    processes share one slice of the CPU)."""
    if _setting() == "1":
        return True
    try:
        cpus = float(len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        cpus = float(os.cpu_count() or 1)
    quota = _cpu_quota()
    if quota is not None:
        cpus = min(cpus, quota)
    if cpus < 1.5:
        return False
    try:
        return os.getloadavg()[0] < cpus - 0.5
    except OSError:
        return True


# --- framing: a length, then the bytes ------------------------------------------------------

_IOV_MAX = 512  # parts given to one writev (Linux takes 1024)
PIPE_BYTES = 1 << 20  # the job pipe's size where the system allows it (Linux's default limit, pipe-max-size)


def _send(fd: int, *parts: bytes | bytearray | memoryview) -> None:
    """One message: its length, then ``parts`` one after the other, written as they are (``writev``:
    the job's arrays are not copied into one buffer first)."""
    views = [memoryview(p).cast("B") for p in parts]
    views = [memoryview(_HEADER.pack(sum(v.nbytes for v in views))), *(v for v in views if v.nbytes)]
    while views:
        written = os.writev(fd, views[:_IOV_MAX])
        while written:
            if written >= views[0].nbytes:
                written -= views[0].nbytes
                views.pop(0)
            else:
                views[0], written = views[0][written:], 0


def _read_exact(fd: int, n: int) -> bytearray | None:
    """``n`` bytes read straight into one buffer (a writable one: the job's arrays are used where they
    lie, :func:`geometry.pickling.loads`); None when the other end closed first."""
    buf = bytearray(n)
    view = memoryview(buf)
    got = 0
    while got < n:
        k = os.readv(fd, [view[got:got + (1 << 24)]])
        if not k:
            return None
        got += k
    return buf


def _receive(fd: int) -> bytearray | None:
    """The next message, or None when the other end closed the pipe."""
    head = _read_exact(fd, _HEADER.size)
    if head is None:
        return None
    return _read_exact(fd, _HEADER.unpack(head)[0])


def _word(msg: bytearray | None) -> bytes | None:
    """A short message (a hint, ``go``) as bytes; None for the end of the pipe or a long one (the job)."""
    return bytes(msg) if msg is not None and len(msg) <= 16 else None


# --- the check's walking field travels with the report --------------------------------------

def _walk_of(plan: Any) -> tuple[Any, Any] | None:
    """The settings and walking field the check computed for ``plan`` (the heatmap draws it), if any."""
    mod = sys.modules.get("geometry.circulation.analysis")
    for c in list(getattr(mod, "_RECENT", ())):
        if getattr(c, "plan", None) is plan and "walk" in vars(c):
            return c.settings, vars(c)["walk"]
    return None


def _adopt_walk(plan: Any, walk: tuple[Any, Any] | None) -> None:
    """Make ``analysis_of(plan)`` in the worker answer the field the check computed."""
    if walk is None:
        return
    from geometry.circulation import analysis

    c = analysis.Circulation(plan, walk[0])
    vars(c)["walk"] = walk[1]  # functools.cached_property keeps its value in the instance dict
    with analysis._RECENT_LOCK:
        analysis._RECENT.insert(0, c)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No garbage collection while the job is pickled or unpickled (and sent): that makes thousands
    of objects and no garbage, and a full collection falling due just then (10–15 ms in a process
    that has checked a hall) would hold the hand-over up; it runs when next due, after, while the
    worker builds the PDF."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def job_parts(report: Any, kwargs: dict[str, Any]) -> list[bytes | memoryview]:
    """The job as the worker receives it: the report, the check's walking field, the options of
    ``write_pdf`` (its ``underlay`` among them), pickled with their geometries in bulk and their
    large arrays beside the pickle (:func:`geometry.pickling.dumps_parts`: sent as they lie in
    memory).  Raises when something in it cannot be pickled."""
    from geometry import pickling

    walk = _walk_of(report.plan)
    with _collector_paused():
        try:
            return pickling.dumps_parts((report, walk, kwargs))
        except Exception:  # a field that does not pickle: the worker computes its own
            if walk is None:
                raise
            return pickling.dumps_parts((report, None, kwargs))


def job_bytes(report: Any, kwargs: dict[str, Any]) -> bytes:
    """:func:`job_parts` in one piece."""
    return b"".join(job_parts(report, kwargs))


def load_job(data: bytes | bytearray) -> tuple[Any, dict[str, Any]]:
    from geometry import pickling

    with _collector_paused():
        report, walk, kwargs = pickling.loads(data)
    _adopt_walk(report.plan, walk)
    return report, kwargs


# --- the worker process -----------------------------------------------------------------------

def _import(name: str) -> Callable[[], None]:
    def step() -> None:
        __import__(name)
    return step


def _pdf_font() -> None:
    from planner import fonts

    fonts.pdf_font(None, "")  # finds the faces and registers the first with reportlab (both cached)


def _chart_fonts() -> None:
    from planner import fonts
    from planner.report.charts import families

    family = fonts.matplotlib_family(None)
    if family is not None:
        families(family)  # the chart face cut from it (cached on disk and in memory)


# What the PDF needs whatever the plan, most needed first; the job is taken as soon as it comes,
# between two steps.
WARM_UP: tuple[Callable[[], None], ...] = (
    _import("geometry.pickling"), _import("geometry.drawing_file"), _import("planner.report"), _pdf_font,
    _import("planner.report.chartdraw"), _import("planner.report.undertext"),
)
# What a hall's charts need (matplotlib): warmed once the parent says the plan has a hall (a drawing
# without one draws no chart, and a busy machine is better off without the work).
CHART_WARM_UP: tuple[Callable[[], None], ...] = (
    _import("planner.report.heatmap"), _import("planner.report.capacity_chart"), _import("pypdf"),
    _import("matplotlib.figure"), _import("matplotlib.backends.backend_pdf"), _chart_fonts,
)


def _ready(fd: int) -> bool:
    return bool(select.select([fd], [], [], 0)[0])


class _Inbox:
    """What the parent sent: the hint whether charts will be drawn, then the job."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.charts: bool | None = None
        self.job: bytearray | None = None
        self.arrived = False  # the job, or the end of the pipe

    def take(self, block: bool) -> bool:
        """Read what is there (``block``: wait for one message first); True once the job is in."""
        while not self.arrived and (block or _ready(self.fd)):
            block = False
            msg = _receive(self.fd)
            word = _word(msg)
            if word in (_CHARTS, _PLAIN):
                self.charts = word == _CHARTS
                continue
            self.job, self.arrived = msg, True
        return self.arrived

    def warm(self, steps: tuple[Callable[[], None], ...]) -> None:
        for step in steps:
            if self.take(block=False):
                return
            try:
                step()
            except Exception:  # whatever failed here fails again in the job, where it is reported
                pass


def _end_with_parent(parent: int) -> None:
    """SIGTERM when the parent dies (Linux ``prctl(PR_SET_PDEATHSIG)``), then make sure it still lives."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM, 0, 0, 0)  # 1: PR_SET_PDEATHSIG
    except Exception:  # no prctl: the closed pipe still ends the worker
        pass
    if os.getppid() != parent:
        raise KeyboardInterrupt


def _interrupt(_sig: int, _frame: Any) -> None:
    raise KeyboardInterrupt


def _reply(fd: int, message: tuple[Any, ...]) -> None:
    try:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.loads(data)  # an exception that does not come back whole: made again in the parent
    except Exception:
        data = pickle.dumps(("again", None), protocol=pickle.HIGHEST_PROTOCOL)
    _send(fd, data)


def serve(job_fd: int, result_fd: int, parent: int, warm_up: tuple[Callable[[], None], ...] = WARM_UP,
          charts: tuple[Callable[[], None], ...] = CHART_WARM_UP, release: "set[int | signal.Signals] | None" = None) -> None:
    """The worker: warm up until the job comes, build the PDF, write it on ``go``, say how it went.
    Returns when the parent closes the pipe.  What the warm-up might print is not shown (it is
    not the command's output; matplotlib's one-time note that it builds its font cache is the one
    known case)."""
    _end_with_parent(parent)
    signal.signal(signal.SIGTERM, _interrupt)
    gc.freeze()  # what the parent made stays as it is (see _job)
    saved = _quiet_stdio()
    release_interrupts(release)  # a Ctrl-C during the fork ends the worker here, silently
    inbox = _Inbox(job_fd)
    inbox.warm(warm_up)
    while not inbox.arrived:
        if inbox.charts and charts:
            inbox.warm(charts)
            charts = ()
        else:
            inbox.take(block=True)
    _restore_stdio(saved)  # the job prints (and writes --pdf /dev/stdout) where the command does
    if inbox.job is not None:
        _job(inbox.job, job_fd, result_fd)
    _flush()


def _job(data: bytearray, job_fd: int, result_fd: int) -> None:
    pdf: bytes | None = None
    error: Exception | None = None
    # Every object the worker holds when the job comes (the parent's, the warm-up's) lives until it
    # exits: out of the collector's reach (gc.freeze), a full collection while the job is read or
    # the PDF built walks only the job's objects.  Walking the parent's too cost 10 ms, most of it
    # copying the parent's pages the collector writes to (fork shares them until written).
    gc.freeze()
    try:
        report, kwargs = load_job(data)
        path = kwargs.pop("path")
        gc.freeze()  # the job's objects live as long
    except Exception:  # the job did not arrive whole: the parent makes the PDF itself
        if _word(_receive(job_fd)) == _GO:
            _reply(result_fd, ("again", None))
        return
    try:
        from planner.report.document import pdf_bytes

        pdf = pdf_bytes(report, **kwargs)
    except Exception as exc:  # held until the command reaches its --pdf step, as in one process
        error = exc
    if _word(_receive(job_fd)) != _GO:  # the command stopped before its --pdf step
        return
    try:
        if error is not None:
            raise error
        assert pdf is not None
        from geometry.project import atomic_write_bytes

        atomic_write_bytes(path, pdf)
    except Exception as exc:
        _reply(result_fd, ("error", exc))
        return
    _reply(result_fd, ("ok", None))


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a closed or broken stream: what it held is lost either way
            pass


def _quiet_stdio() -> tuple[int, int]:
    """Standard input, output and error on the null device while the worker warms up; the output
    and error it had are returned (duplicated) for :func:`_restore_stdio`."""
    _flush()
    saved = (os.dup(1), os.dup(2))
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)
    return saved


def _restore_stdio(saved: tuple[int, int]) -> None:
    _flush()
    for fd, old in zip((1, 2), saved):
        os.dup2(old, fd)
        os.close(old)


@dataclass
class Worker:
    """The parent's end of a forked PDF worker."""

    pid: int
    job_fd: int
    result_fd: int
    state: str = "started"  # started → sent → done | gone
    closed: list[int] = field(default_factory=list)

    @classmethod
    def start(cls, warm_up: tuple[Callable[[], None], ...] = WARM_UP,
              charts: tuple[Callable[[], None], ...] = CHART_WARM_UP, held: "set[int | signal.Signals] | None" = None) -> "Worker | None":
        """Fork the worker; None when it cannot be started.  ``held``: the signal mask before
        :func:`hold_interrupts` (the worker lets a Ctrl-C that came meanwhile in once its own handling is set)."""
        try:
            job_r, job_w = os.pipe()
            res_r, res_w = os.pipe()
        except OSError:
            return None
        _widen(job_w)
        parent = os.getpid()
        _flush()  # nothing buffered is copied into the worker
        try:
            with warnings.catch_warnings():  # Python 3.12 warns of fork in a process with (BLAS) threads
                warnings.simplefilter("ignore", DeprecationWarning)
                pid = os.fork()
        except OSError:
            for fd in (job_r, job_w, res_r, res_w):
                os.close(fd)
            return None
        if pid == 0:  # the worker: never returns into the command
            code = 0
            try:
                os.close(job_w)
                os.close(res_r)
                serve(job_r, res_w, parent, warm_up, charts, release=held)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        os.close(job_r)
        os.close(res_w)
        return cls(pid, job_w, res_r)

    def hint(self, charts: bool) -> None:
        """Say whether the PDF will draw charts (the worker then warms matplotlib up)."""
        try:
            _send(self.job_fd, _CHARTS if charts else _PLAIN)
        except OSError:
            self.state = "gone"

    def send(self, *job: bytes | memoryview) -> bool:
        """Hand the job over (in parts: :func:`job_parts`); False when the worker is gone."""
        try:
            _send(self.job_fd, *job)
        except OSError:
            self.state = "gone"
            return False
        self.state = "sent"
        return True

    def finish(self) -> tuple[str, Any]:
        """Tell the worker to write the file and wait for its answer: ``("ok", None)``,
        ``("error", exc)``, ``("again", None)`` or ``("gone", None)`` when it died."""
        try:
            _send(self.job_fd, _GO)
            data = _receive(self.result_fd)
        except OSError:
            data = None
        if data is None:
            self.state = "gone"
            return "gone", None
        self.state = "done"
        try:
            kind, value = pickle.loads(data)
        except Exception:  # an answer this process cannot read: it makes the PDF itself
            return "again", None
        return str(kind), value

    def close(self) -> None:
        """Close the pipes and reap the worker; one still working (this process stopped early) is
        ended first."""
        for fd in (self.job_fd, self.result_fd):
            if fd not in self.closed:
                self.closed.append(fd)
                try:
                    os.close(fd)
                except OSError:
                    pass
        if self.state == "done":  # it exits as soon as it has answered
            _reap(self.pid, None)
        else:
            _reap(self.pid, 2.0)


def _widen(fd: int) -> None:
    """Let the job pipe hold :data:`PIPE_BYTES` (Linux ``F_SETPIPE_SZ``; the default is 64 KiB): a job
    that fits is handed over without waiting for a worker still busy warming up, and a larger one
    in a few large writes, not dozens of small ones."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_BYTES)
    except (ImportError, OSError):  # over the user's limit, or not Linux: the pipe as it is
        pass


def _reap(pid: int, grace: float | None) -> None:
    """Wait for ``pid``; after ``grace`` seconds (None: no limit) SIGTERM it, then SIGKILL."""
    try:
        if grace is None:
            os.waitpid(pid, 0)
            return
        if grace > 0 and os.waitpid(pid, os.WNOHANG)[0] == pid:
            return
        os.kill(pid, signal.SIGTERM)  # the pipe is closed, but it may be building a PDF nobody wants
        end = time.monotonic() + grace
        while time.monotonic() < end:
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                return
            time.sleep(0.005)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except ChildProcessError:  # already reaped
        pass
    except ProcessLookupError:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass


class PdfWriter:
    """Writes the approval PDF of one check: :meth:`prepare` as soon as the report is known (the
    worker starts building), :meth:`write` at the command's ``--pdf`` step (the file is written
    then).  Without a worker, or when it is gone, :meth:`write` makes the PDF in this process."""

    def __init__(self, worker: Worker | None) -> None:
        self.worker = worker
        self._job: tuple[Any, dict[str, Any]] | None = None

    def expect(self, charts: bool) -> None:
        """The plan is known: whether its PDF will draw charts (a hall), so the worker knows what to warm up."""
        if self.worker is not None and self.worker.state == "started":
            self.worker.hint(charts)

    def prepare(self, report: Any, path: str, **kwargs: Any) -> None:
        """Give the worker the job (``kwargs``: those of ``planner.report.write_pdf``)."""
        self._job = (report, dict(kwargs, path=path))
        if self.worker is None:
            return
        if self.worker.state != "started" or drawing_bytes(kwargs.get("underlay")) > MAX_DRAWING_BYTES:
            self.close()  # it died while warming up, or the drawing is better not copied
            return
        with _collector_paused():  # a collection falling due runs after the job is handed over
            try:
                parts = job_parts(report, self._job[1])
            except Exception:  # something in the report does not pickle: this process writes it
                self.close()
                return
            sent = self.worker.send(*parts)
        if not sent:
            self.close()

    def write(self) -> None:
        """Write the PDF prepared (raises what ``write_pdf`` raises)."""
        assert self._job is not None, "prepare() first"
        report, kwargs = self._job
        if self.worker is not None and self.worker.state == "sent":
            kind, value = self.worker.finish()
            self.close()
            if kind == "ok":
                return
            if kind == "error":
                raise value
            # "gone" (the worker died) or "again" (its error did not travel): made here
        self.close()
        write_in_process(report, **kwargs)

    def close(self) -> None:
        if self.worker is not None:
            worker, self.worker = self.worker, None
            worker.close()


def write_in_process(report: Any, path: str, **kwargs: Any) -> None:
    from planner.report import write_pdf

    write_pdf(report, path, **kwargs)


@contextmanager
def pdf_writer(wanted: bool) -> Iterator[PdfWriter]:
    """A :class:`PdfWriter`, with a worker already warming up when ``wanted`` and fork is safe;
    the worker is ended and reaped on leaving, whatever happened."""
    held = hold_interrupts() if wanted else None
    writer = PdfWriter(None)
    try:
        try:
            if wanted and fork_safe() and spare_core():
                writer.worker = Worker.start(held=held)
        finally:
            release_interrupts(held)  # a Ctrl-C that came while forking is raised now, with the worker in hand
        yield writer
    finally:
        writer.close()


_INTERRUPTS = (signal.SIGINT, signal.SIGTERM)


def hold_interrupts() -> "set[int | signal.Signals] | None":
    """Hold Ctrl-C and SIGTERM back (the mask before, to give :func:`release_interrupts`): while the
    worker is forked, one arriving in the child's at-fork handlers would print a stray "Exception
    ignored" line, and one arriving in this process before the worker is recorded would orphan it."""
    try:
        return signal.pthread_sigmask(signal.SIG_BLOCK, _INTERRUPTS)
    except (AttributeError, OSError, ValueError):  # no pthread_sigmask (Windows): nothing held
        return None


def release_interrupts(old: "set[int | signal.Signals] | None") -> None:
    """Restore the signal mask :func:`hold_interrupts` returned; a held signal is delivered now."""
    if old is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


__all__ = ["hold_interrupts", "release_interrupts", "ENV", "MAX_DRAWING_BYTES", "PIPE_BYTES", "WARM_UP", "CHART_WARM_UP", "PdfWriter", "Worker", "pdf_writer", "fork_safe",
           "spare_core", "drawing_bytes", "serve", "job_parts", "job_bytes", "load_job", "write_in_process"]
