"""Run a function over many tasks in forked worker processes; results come back in task order.

``multiprocessing.Pool`` costs the parent much CPU when results are large (a chunk of files gives
about a megabyte): its worker-handler thread spins while a result waits in the pipe, and the
result handler reads 64 KiB at a time into a buffer that pickle then copies again. At a million
paragraphs that took seconds of CPU from the two cores the workers need. Here each worker is
forked with a pipe for task numbers and one (enlarged) for results; a result travels as pickle
protocol 5 with its numpy arrays out of band, written with one ``writev`` and read straight into
the buffers the arrays keep; the parent waits in ``poll``.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import gc
import os
import pickle
import select
import signal
import struct
import traceback
from collections.abc import Callable, Generator, Sequence
from typing import Any, TypeVar

from dedupe_cli.atomic import write_all

Task = TypeVar("Task")
Result = TypeVar("Result")

_TASK = struct.Struct("<q")
_HEAD = struct.Struct("<QQ")  # pickle size, number of out-of-band buffers
_SIZE = struct.Struct("<Q")
#: Tasks sent ahead to each worker, so that it never waits for the parent.
_AHEAD = 2
#: Result pipe capacity asked for: a whole result fits, and the worker goes on at once.
_PIPE_BYTES = 1 << 20


def available() -> bool:
    """Whether worker processes can be forked here."""
    return hasattr(os, "fork") and hasattr(os, "writev") and hasattr(os, "readv") and hasattr(select, "poll")


def cores() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _read_into(fd: int, size: int) -> bytearray:
    buf = bytearray(size)
    view = memoryview(buf)
    got = 0
    while got < size:
        n = os.readv(fd, [view[got:]])
        if n == 0:
            raise EOFError
        got += n
    return buf


def _send(fd: int, value: object) -> None:
    buffers: list[pickle.PickleBuffer] = []
    data = pickle.dumps(value, protocol=5, buffer_callback=buffers.append)
    raws = [b.raw() for b in buffers]
    head = _HEAD.pack(len(data), len(raws)) + b"".join(_SIZE.pack(r.nbytes) for r in raws)
    write_all(fd, [head, data, *raws])


def _receive(fd: int) -> Any:
    size, count = _HEAD.unpack(_read_into(fd, _HEAD.size))
    sizes = struct.unpack(f"<{count}Q", _read_into(fd, count * _SIZE.size)) if count else ()
    data = _read_into(fd, size)
    return pickle.loads(data, buffers=[_read_into(fd, n) for n in sizes])


def _reply(call: Callable[[], object]) -> tuple[bool, object]:
    """(True, what ``call()`` gave), or (False, what it raised, as RuntimeError when that cannot be pickled)."""
    try:
        return True, call()
    except Exception as exc:
        try:
            pickle.dumps(exc)
            return False, exc
        except Exception:
            return False, RuntimeError("".join(traceback.format_exception(exc)))


def _serve(fn: Callable[[Task], Result], tasks: Sequence[Task], task_fd: int, result_fd: int) -> None:
    """A worker's life: run the numbered tasks it is sent until the pipe closes; never returns."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the workers
        gc.freeze()  # the parent's objects stay untouched (and shared)
        while True:
            raw = os.read(task_fd, _TASK.size)
            if len(raw) < _TASK.size:
                break
            (number,) = _TASK.unpack(raw)
            _send(result_fd, _reply(functools.partial(fn, tasks[number])))
    except BaseException:
        code = 1
    finally:
        os._exit(code)


class _Worker:
    def __init__(self, pid: int, task_fd: int, result_fd: int) -> None:
        self.pid, self.task_fd, self.result_fd = pid, task_fd, result_fd
        self.numbers: list[int] = []  # tasks sent, in order


def imap(fn: Callable[[Task], Result], tasks: Sequence[Task], processes: int) -> Generator[Result, None, None]:
    """``fn`` of every task, in task order, computed in ``processes`` forked workers.

    An exception raised by ``fn`` is raised here; a worker that dies raises RuntimeError.
    """
    workers: list[_Worker] = []
    finished = False
    try:
        for _ in range(max(1, min(processes, len(tasks)))):
            task_r, task_w = os.pipe()
            result_r, result_w = os.pipe()
            with contextlib.suppress(OSError, AttributeError):
                fcntl.fcntl(result_w, fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
            pid = os.fork()
            if pid == 0:  # pragma: no cover - the child's coverage is not collected
                for fd in (task_w, result_r, *(f for w in workers for f in (w.task_fd, w.result_fd))):
                    os.close(fd)
                _serve(fn, tasks, task_r, result_w)
            os.close(task_r)
            os.close(result_w)
            workers.append(_Worker(pid, task_w, result_r))
        by_fd = {w.result_fd: w for w in workers}
        poller = select.poll()
        for w in workers:
            poller.register(w.result_fd, select.POLLIN)
        sent = 0

        def send(worker: _Worker) -> None:
            nonlocal sent
            if sent < len(tasks):
                try:
                    os.write(worker.task_fd, _TASK.pack(sent))
                except BrokenPipeError:  # it died: its result pipe tells at once
                    return
                worker.numbers.append(sent)
                sent += 1

        for _ in range(_AHEAD):
            for w in workers:
                send(w)
        done: dict[int, Result] = {}
        for want in range(len(tasks)):
            while want not in done:
                for fd, _ in poller.poll():
                    worker = by_fd[fd]
                    try:
                        ok, value = _receive(fd)
                    except EOFError:
                        raise RuntimeError("a worker process stopped unexpectedly") from None
                    if not ok:
                        raise value
                    done[worker.numbers.pop(0)] = value
                    send(worker)
            yield done.pop(want)
        finished = True
    finally:
        for w in workers:
            os.close(w.task_fd)  # an idle worker sees the end and exits
            if not finished:
                with contextlib.suppress(OSError):
                    os.kill(w.pid, signal.SIGTERM)
            os.close(w.result_fd)
        for w in workers:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(w.pid, 0)


class Forked:
    """A call running in a forked child process; :meth:`result` waits for its value (or its next one)."""

    def __init__(self, fn: Callable[[], Any], parts: int = 1) -> None:
        """Fork a child that computes ``fn()`` and sends it back through a pipe; with ``parts`` > 1,
        ``fn()`` gives that many values, each sent as soon as it is made."""
        read_fd, write_fd = os.pipe()
        with contextlib.suppress(OSError, AttributeError):
            fcntl.fcntl(write_fd, fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
        self.pid = os.fork()
        if self.pid == 0:  # pragma: no cover - the child's coverage is not collected
            os.close(read_fd)
            code = 0
            try:
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                if parts == 1:
                    _send(write_fd, _reply(fn))
                else:
                    ok, values = _reply(fn)  # an iterator, or what making it raised
                    for _ in range(parts):
                        _send(write_fd, _reply(functools.partial(next, values)) if ok else (False, values))
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        os.close(write_fd)
        self.fd, self.left = read_fd, parts

    def result(self) -> Any:
        """The value ``fn()`` gave, or its next part (what it raised is raised here).

        Raises:
            Exception: what the call raised; RuntimeError when the child died.
        """
        try:
            ok, value = _receive(self.fd)
        except EOFError:
            self.close()
            raise RuntimeError("a worker process stopped unexpectedly") from None
        except BaseException:
            self.close()
            raise
        self.left -= 1
        if not self.left or not ok:  # a call that raised sends nothing more
            self.close()
        if not ok:
            raise value
        return value

    def result_or_none(self) -> Any:
        """:meth:`result`, or None when the call raised or the child died (the caller does the work itself)."""
        try:
            return self.result()
        except Exception:
            return None

    def close(self) -> None:
        """Stop waiting: the child is stopped if it has more to send, and reaped."""
        if self.fd < 0:
            return
        if self.left:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGTERM)
        os.close(self.fd)
        self.fd = -1
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
