"""Generated cases drawn ahead, on the core the grading leaves idle.

Drawing a kata's generated cases (and checking that each is safe from round-off) can take a tenth of
a second of the grading process. A `Prefetch` forks a child of the grading process that draws them
all, in the order the tests will use them, and sends each case's arguments back as soon as it has
them. Only the kata's own generators run there (trusted code: the learner's code never runs in this
process nor in its children other than the workers). When a test first uses a case (`Case.args`),
its arguments are taken from what the child sent if they are there; otherwise they are drawn here,
as without a prefetch: the grading never waits for the child, and a child that failed or was slow
changes nothing but the time. The child is killed when the run ends (`close`).
"""
from __future__ import annotations

import contextlib
import os
import pickle
import signal
import struct
import sys

from .cases import Case


class Prefetch:
    def __init__(self, cases: list[Case]):
        draws = []
        for c in cases:
            draw = c.__dict__.get("_draw")
            if draw is not None and getattr(draw, "prefetch", None) is None and draw not in draws:
                draws.append(draw)
        self.results: dict[int, dict] = {}
        self.buffer = b""
        self.pid = None
        self.rfd = None
        self.draws = []
        if not draws:
            return
        rfd, wfd = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: draw every case, send each one's arguments, end
            _child(draws, rfd, wfd)
        os.close(wfd)
        os.set_blocking(rfd, False)
        self.pid, self.rfd, self.draws = pid, rfd, draws
        for i, draw in enumerate(draws):
            draw.prefetch = (self, i)

    def take(self, i: int) -> dict | None:
        """Case i's arguments if the child has sent them (each is taken once), else None."""
        if i not in self.results and self.rfd is not None:
            self._read()
        return self.results.pop(i, None)

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.rfd, 1 << 20)
            except BlockingIOError:
                break
            except OSError:
                chunk = b""
            if not chunk:  # the child is done (or gone): what it sent is all there will be
                self._close_pipe()
                break
            self.buffer += chunk
        while len(self.buffer) >= 8:
            size = struct.unpack("<Q", self.buffer[:8])[0]
            if len(self.buffer) < 8 + size:
                break
            i, args = pickle.loads(self.buffer[8:8 + size])
            self.buffer = self.buffer[8 + size:]
            if args is not None:
                self.results[i] = args

    def _close_pipe(self) -> None:
        if self.rfd is not None:
            with contextlib.suppress(OSError):
                os.close(self.rfd)
            self.rfd = None

    def close(self) -> None:
        self._close_pipe()
        self.results.clear()
        for draw in self.draws:  # a case this run never used is drawn as usual by the next run
            if draw.prefetch is not None and draw.prefetch[0] is self:
                draw.prefetch = None
        self.draws = []
        if self.pid is not None:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(self.pid, 0)
            self.pid = None


def _child(draws: list, rfd: int, wfd: int) -> None:
    code = 0
    try:
        os.close(rfd)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the grading process's to handle
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):  # a warning while drawing is the grading process's to show, when it draws again
            os.dup2(devnull, fd)
        from .worker import _die_with_parent, _write

        _die_with_parent()
        for i, draw in enumerate(draws):
            try:
                args = draw()
            except BaseException:  # noqa: BLE001 - drawn again in the grading process, which reports it
                args = None
            try:
                data = pickle.dumps((i, args), protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # noqa: BLE001 - drawn in the grading process
                data = pickle.dumps((i, None), protocol=pickle.HIGHEST_PROTOCOL)
            _write(wfd, data)
    except BaseException:  # noqa: BLE001 - never return into the grading process's code
        code = 70
    finally:
        os._exit(code)
