"""Worker processes for ``hallplan audit``: each plan runs in a worker with a time and a memory limit.

A plan that runs over its wall-clock limit has its worker killed (SIGKILL) and a fresh worker takes
the next plan; a plan over the memory limit (``RLIMIT_AS`` in the worker, on top of what the worker
already holds when it starts) stops with ``MemoryError`` or dies, and the worker is replaced.  Either
way the plan becomes a row with its reason and the audit goes on.  A worker also stops within a
second when its parent is gone (a watcher thread; ``RLIMIT_CPU`` as a backstop), so a ``kill -9`` of
the audit leaves no worker running.

On systems without ``resource`` (Windows) the memory limit is not enforced; the time limit is.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Callable, Iterator, Sequence

from geometry.i18n import pick

DEFAULT_TIMEOUT_S = 600.0
DEFAULT_MAX_MEMORY_MB = 4096


@dataclass(frozen=True)
class Limits:
    """Per-plan limits; ``None`` means no limit."""

    timeout_s: float | None = DEFAULT_TIMEOUT_S
    max_memory_mb: int | None = DEFAULT_MAX_MEMORY_MB


def _vm_size() -> int:
    """This process's virtual size in bytes (0 when it cannot be read)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return 0


def _limit_memory(max_mb: int | None) -> None:
    if max_mb is None:
        return
    try:
        import resource
    except ImportError:  # Windows: not enforced
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    want = _vm_size() + max_mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        want = min(want, hard)
    resource.setrlimit(resource.RLIMIT_AS, (want, hard))


def _cpu_backstop(timeout_s: float | None) -> None:
    """CPU limit for the coming job: an orphaned worker (parent killed) still stops."""
    if timeout_s is None:
        return
    try:
        import resource
    except ImportError:
        return
    used = resource.getrusage(resource.RUSAGE_SELF)
    spent = used.ru_utime + used.ru_stime
    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    want = int(spent + 2 * timeout_s + 10)
    if hard != resource.RLIM_INFINITY:
        want = min(want, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (want, hard))


def memory_message(limits: Limits, lang: str) -> str:
    mb = limits.max_memory_mb
    return pick(f"超出内存上限({mb} MB),已停止检查此平面", f"over the memory limit ({mb} MB); this plan was not checked", lang)


def timeout_message(limits: Limits, lang: str) -> str:
    s = f"{limits.timeout_s:g}"
    return pick(f"超出时间上限({s} 秒),已停止检查此平面", f"over the time limit ({s} s); this plan was not checked", lang)


def died_message(code: int | None, limits: Limits, lang: str) -> str:
    if code is not None and code < 0:
        try:
            what = signal.Signals(-code).name
        except ValueError:
            what = f"signal {-code}"
    else:
        what = f"exit {code}"
    return pick(f"检查进程意外停止({what}),可能超出内存上限({limits.max_memory_mb} MB)",
                f"the checking process stopped ({what}), probably over the memory limit ({limits.max_memory_mb} MB)", lang)


def _parent_gone(parent: int) -> bool:
    """Whether the audit that started this worker has ended (a fork server may stand between)."""
    proc = mp.parent_process()
    if proc is not None:
        return not proc.is_alive()
    return os.getppid() != parent


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(1.0)
        if _parent_gone(parent):  # the audit was killed: stop this plan too
            os._exit(1)


def _worker(conn: Connection, run: Callable[[Any], dict[str, Any]], limits: Limits, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    _limit_memory(limits.max_memory_mb)
    while True:
        if not conn.poll(1.0):
            if _parent_gone(parent):
                return
            continue
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        _cpu_backstop(limits.timeout_s)
        try:
            row = run(job)
        except MemoryError:
            row = None
        if row is None:  # out of memory: report it and give the next plan a fresh process
            try:
                conn.send(("memory", None))
            finally:
                os._exit(0)
        conn.send(("row", row))


@dataclass
class _Slot:
    proc: Any
    conn: Connection
    job: Any = None
    started: float = 0.0


def _context() -> Any:
    """fork where it is safe, as it keeps what the parent loaded (report machinery, fonts).

    Forking a process that runs other threads copies their locks in whatever state they are in, and
    the child can wait on one forever: a parent with Python threads or Qt loaded (the editor, a test
    run) starts its workers from a clean fork server instead; Windows and macOS always spawn.
    """
    if not sys.platform.startswith("linux"):
        return mp.get_context("spawn")
    if threading.active_count() > 1 or "PySide6.QtCore" in sys.modules:
        return mp.get_context("forkserver")
    return mp.get_context("fork")


def run_pool(jobs: Sequence[Any], workers: int, limits: Limits, run: Callable[[Any], dict[str, Any]],
             failed_row: Callable[[Any, str], dict[str, Any]], lang: str) -> Iterator[dict[str, Any]]:
    """Rows as the plans finish.  ``failed_row(job, reason)`` makes the row of a plan over a limit."""
    ctx = _context()
    pending = deque(jobs)
    slots: list[_Slot] = []
    parent = os.getpid()

    def spawn() -> _Slot:
        mine, theirs = ctx.Pipe()
        proc = ctx.Process(target=_worker, args=(theirs, run, limits, parent), daemon=True)
        proc.start()
        theirs.close()
        return _Slot(proc, mine)

    def retire(slot: _Slot, kill: bool) -> None:
        if kill and slot.proc.is_alive():
            slot.proc.kill()
        slot.proc.join(5)
        slot.conn.close()

    try:
        for _ in range(max(1, min(workers, len(jobs)))):
            slots.append(spawn())
        while pending or any(s.job is not None for s in slots):
            for i, s in enumerate(slots):
                if s.job is None and pending:
                    if not s.proc.is_alive():
                        retire(s, False)
                        s = slots[i] = spawn()
                    s.job, s.started = pending.popleft(), time.monotonic()
                    try:
                        s.conn.send(s.job)
                    except (OSError, EOFError):
                        pass  # a dead worker: found below through its sentinel
            busy = [s for s in slots if s.job is not None]
            timeout = None
            if limits.timeout_s is not None and busy:
                timeout = max(0.0, min(s.started + limits.timeout_s for s in busy) - time.monotonic())
            ready = set(wait([s.conn for s in busy] + [s.proc.sentinel for s in busy], timeout))
            now = time.monotonic()
            for i, s in enumerate(slots):
                if s.job is None:
                    continue
                row: dict[str, Any] | None = None
                restart = False
                if s.conn in ready or s.proc.sentinel in ready:
                    msg: Any = None
                    try:
                        if s.conn.poll():
                            msg = s.conn.recv()
                    except (EOFError, OSError):
                        msg = None
                    if msg is not None and msg[0] == "row":
                        row = msg[1]
                    elif msg is not None:
                        row, restart = failed_row(s.job, memory_message(limits, lang)), True
                    elif not s.proc.is_alive():
                        s.proc.join(1)
                        row, restart = failed_row(s.job, died_message(s.proc.exitcode, limits, lang)), True
                if row is None and limits.timeout_s is not None and now - s.started >= limits.timeout_s:
                    row, restart = failed_row(s.job, timeout_message(limits, lang)), True
                if row is None:
                    continue
                s.job = None
                if restart:
                    retire(s, True)
                    slots[i] = spawn() if pending else s
                yield row
    finally:
        for s in slots:
            if s.proc.is_alive():
                try:
                    s.conn.send(None)
                except (OSError, EOFError, ValueError):
                    pass
        for s in slots:
            s.proc.join(0.5 if s.job is None else 0)
            if s.proc.is_alive():
                s.proc.kill()
                s.proc.join(5)
            try:
                s.conn.close()
            except OSError:
                pass
