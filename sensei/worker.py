"""The learner's code runs here: in a worker process, never in the grading process.

A `Runner` forks one worker per graded file (per kata). The worker imports the learner's file and
runs the calls it is sent; the grading process keeps the reference and makes every comparison, so
the learner's code cannot reach the checks, change the grader's global state (np.seterr, chdir,
torch.set_grad_enabled, monkeypatching), end the grading run (os._exit, sys.exit, a segfault) or
hold it (an endless loop inside `try/except`, a long C call, a thread that never ends): the
grading process waits for a reply with a deadline and kills the worker's process group when it
passes.

What comes back is plain data only (arrays, tensors, numbers, strings and containers of them);
any other object the learner returns stays in the worker and comes back as a `Handle`, which a
later call may pass in again (a layer's cache, a module). Replies are read with an unpickler that
accepts nothing else, so a reply cannot run code in the grading process either.
"""
from __future__ import annotations

import ast
import builtins
import collections
import contextlib
import io
import os
import pickle
import select
import signal
import struct
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from . import banned

# The worker may use this much more address space than the grading process had when it forked.
MEMORY_BUDGET_BYTES = 4 << 30
# How long a thread the learner started may take to end after the call returned.
THREAD_GRACE_S = 0.5
# A limit above this is no limit (select() and alarms overflow on huge values).
MAX_WAIT_S = 1e6


# -- what crosses the boundary ------------------------------------------------------------------
@dataclass(frozen=True)
class Handle:
    """An object of the learner's that stays in the worker (e.g. a cache holding their own class)."""

    id: int
    type_name: str
    generation: int = 0  # which worker holds it: a restarted worker does not

    def __repr__(self) -> str:
        return f"<{self.type_name} object>"


@dataclass
class TensorData:
    """A torch tensor as data: rebuilt as a tensor by the grading process."""

    array: Any
    dtype: str
    requires_grad: bool
    # A tensor in an autograd graph (a layer's cache) cannot be rebuilt with its graph: the worker
    # keeps it, and when the rebuilt tensor is passed back, the worker gets the original.
    handle: Handle | None = None


@dataclass
class Raised:
    """An exception raised by the learner's code, described in the worker."""

    type_name: str
    builtin: str  # the nearest built-in exception class, e.g. "ValueError"
    message: str
    frames: list[str] = field(default_factory=list)  # the learner's own lines only


@dataclass
class Reply:
    kind: str  # ok, raised, missing, threads, timeout, died, import_failed, unreadable
    value: Any = None
    inputs: Any = None  # (args, kwargs) as the call left them, with return_inputs
    states: Any = None  # {index or name: state_dict()} for `states`
    text: str = ""


class _SafeUnpickler(pickle.Unpickler):
    """Reads a worker's reply: numpy arrays and scalars, plain containers and our own records only."""

    ALLOWED = {
        ("numpy", "dtype"), ("numpy", "ndarray"),
        ("numpy.core.multiarray", "_reconstruct"), ("numpy._core.multiarray", "_reconstruct"),
        ("numpy.core.multiarray", "scalar"), ("numpy._core.multiarray", "scalar"),
        ("numpy.core.numeric", "_frombuffer"), ("numpy._core.numeric", "_frombuffer"),
        ("collections", "OrderedDict"), ("builtins", "set"), ("builtins", "frozenset"),
        ("builtins", "complex"), ("builtins", "slice"),
        (__name__, "Handle"), (__name__, "TensorData"), (__name__, "Raised"), (__name__, "Reply"),
    }

    def find_class(self, module: str, name: str):
        if (module, name) in self.ALLOWED or (module == "numpy.dtypes" and name.endswith("DType")):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"refused {module}.{name}")


# -- the worker's side --------------------------------------------------------------------------
class _Registry:
    def __init__(self, generation: int):
        self.objects: dict[int, Any] = {}
        self.generation = generation

    def keep(self, obj: Any) -> Handle:
        self.objects[id(obj)] = obj
        try:
            name = type(obj).__name__
        except Exception:  # noqa: BLE001
            name = "object"
        return Handle(id(obj), str(name), self.generation)


def _sanitize(obj: Any, registry: _Registry, memo: dict | None = None, depth: int = 0) -> Any:
    """Plain data as it is; anything else kept in the worker and replaced by a Handle."""
    memo = {} if memo is None else memo
    key = id(obj)
    if key in memo:
        return memo[key]
    kind = type(obj)
    if obj is None or kind in (bool, int, float, complex, str, bytes) or isinstance(obj, np.generic) \
            and kind.__module__ == "numpy":
        return obj
    if depth > 50:
        return registry.keep(obj)
    if isinstance(obj, np.ndarray):
        if obj.dtype.kind == "O":
            out = np.empty(obj.shape, dtype=object)
            memo[key] = out
            for index in np.ndindex(*obj.shape):
                out[index] = _sanitize(obj[index], registry, memo, depth + 1)
            return out
        out = np.array(obj, copy=True, subok=False)
        memo[key] = out
        return out
    torch = sys.modules.get("torch")
    if torch is not None and isinstance(obj, torch.Tensor):
        try:
            t = obj.detach().cpu()
            name = str(t.dtype).replace("torch.", "")
            array = t.numpy().copy() if name != "bfloat16" else t.float().numpy().copy()
            kept = registry.keep(obj) if obj.requires_grad or obj.grad_fn is not None else None
            out = TensorData(array, name, bool(obj.requires_grad), kept)
        except Exception:  # noqa: BLE001 - sparse, quantized, meta...: it stays in the worker
            out = registry.keep(obj)
        memo[key] = out
        return out
    if isinstance(obj, (list, tuple)) and kind in (list, tuple) or isinstance(obj, tuple) \
            and hasattr(obj, "_fields"):
        items = [_sanitize(x, registry, memo, depth + 1) for x in obj]
        out = items if kind is list else tuple(items)
        memo[key] = out
        return out
    if kind in (dict, collections.OrderedDict):
        out = kind()
        memo[key] = out
        for k, v in obj.items():
            out[_sanitize(k, registry, memo, depth + 1)] = _sanitize(v, registry, memo, depth + 1)
        return out
    if kind in (set, frozenset):
        return kind(_sanitize(x, registry, memo, depth + 1) for x in obj)
    out = registry.keep(obj)
    memo[key] = out
    return out


def _restore(obj: Any, registry: _Registry) -> Any:
    """Handles in a request become the objects they stand for."""
    if isinstance(obj, Handle):
        if obj.generation != registry.generation or obj.id not in registry.objects:
            raise LookupError(f"a {obj.type_name} object from an earlier worker is gone (the worker was "
                              "restarted after a time-out or a crash)")
        return registry.objects[obj.id]
    if type(obj) in (list, tuple):
        return type(obj)(_restore(x, registry) for x in obj)
    if type(obj) is dict:
        return {k: _restore(v, registry) for k, v in obj.items()}
    return obj


def _text(exc: BaseException) -> str:
    """An exception's message, even when its __str__ raises."""
    for how in (str, repr):
        try:
            text = how(exc)
            if isinstance(text, str):
                return text
        except BaseException:  # noqa: BLE001
            continue
    return f"<a {type(exc).__name__} whose message cannot be printed>"


def _learner_frames(tb, path: str, shown: str) -> list[str]:
    lines = []
    try:
        frames = [f for f in traceback.extract_tb(tb) if os.path.abspath(f.filename) == path]
    except BaseException:  # noqa: BLE001
        return lines
    for f in frames[-4:]:
        lines.append(f"    {shown}:{f.lineno} in {f.name}")
        if f.line:
            lines.append(f"        {f.line.strip()}")
    return lines


def _raised(exc: BaseException, path: str, shown: str) -> Raised:
    builtin = next((c.__name__ for c in type(exc).__mro__ if c.__module__ == "builtins"), "BaseException")
    return Raised(type(exc).__name__, builtin, _text(exc), _learner_frames(exc.__traceback__, path, shown))


def _write(fd: int, data: bytes) -> None:
    view = memoryview(struct.pack("<Q", len(data)) + data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _read_exact(fd: int, n: int, deadline: float | None) -> bytes | None:
    chunks, got = [], 0
    while got < n:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            ready, _, _ = select.select([fd], [], [], min(left, MAX_WAIT_S))
            if not ready:
                raise TimeoutError
        chunk = os.read(fd, min(n - got, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def _read_message(fd: int, deadline: float | None) -> bytes | None:
    head = _read_exact(fd, 8, deadline)
    if head is None:
        return None
    return _read_exact(fd, struct.unpack("<Q", head)[0], deadline)


@contextlib.contextmanager
def _call_settings(opts: dict):
    """Per-call settings a test asks for: a file-size limit (a full disk), numpy's error state."""
    with contextlib.ExitStack() as stack:
        if opts.get("errstate"):
            stack.enter_context(np.errstate(**opts["errstate"]))
        limit = opts.get("fsize_limit")
        if limit is not None:
            import resource

            soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
            old = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a too-large write fails with EFBIG
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
            stack.callback(signal.signal, signal.SIGXFSZ, old)
            stack.callback(resource.setrlimit, resource.RLIMIT_FSIZE, (soft, hard))
        yield


_PROFILE: list = []  # SENSEI_WORKER_PROFILE=/tmp/prefix: cProfile of each worker


def _state_of(obj: Any) -> Any:
    return obj.state_dict() if hasattr(obj, "state_dict") else obj


def _serve(rfd: int, wfd: int, path: str, shown: str, module_name: str, generation: int,
           first: tuple | None) -> None:
    """The worker's loop: import the learner's file, then answer requests until the pipe closes."""
    from .grader import load_module
    from .errors import ImportFailed

    registry = _Registry(generation)

    def send(reply: Reply) -> None:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(BaseException):
                stream.flush()
        guard, plain = builtins.__import__, banned.plain_import()
        if plain is not None:  # a sanitized reply holds plain data only: pickling it runs no code of the learner's
            builtins.__import__ = plain
        try:
            data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:  # noqa: BLE001 - e.g. a recursion too deep to pickle
            data = pickle.dumps(Reply("unreadable", text=f"the result could not be sent back: {_text(exc)}"))
        finally:
            builtins.__import__ = guard
        _write(wfd, data)
        if _PROFILE:  # debugging the grader's speed: the worker's profile so far, after each reply
            _PROFILE[0].dump_stats(f"{os.environ['SENSEI_WORKER_PROFILE']}.{os.getpid()}")  # (stops it)
            _PROFILE[0].enable()

    try:
        module = load_module(path, module_name, timeout=None, shown=shown)
    except BaseException as exc:  # noqa: BLE001 - SystemExit, KeyboardInterrupt at import
        if banned.VIOLATIONS:
            send(Reply("banned", text=banned.VIOLATIONS[0]))
        elif isinstance(exc, ImportFailed):
            send(Reply("import_failed", text=str(exc)))
        else:
            send(Reply("import_failed", text=f"does not import: {shown} raised {type(exc).__name__}: "
                                             f"{_text(exc)} while being imported"))
        return
    if banned.VIOLATIONS:
        send(Reply("banned", text=banned.VIOLATIONS[0]))
        return
    send(Reply("ready"))
    while True:
        if first is not None:
            request, first = first, None
        else:
            data = _read_message(rfd, None)
            if data is None:
                return
            request = pickle.loads(data)
        reply = _answer(request, module, registry, path, shown)
        if banned.VIOLATIONS:  # a banned call, even one the learner's code caught and went on from
            reply = Reply("banned", text=banned.VIOLATIONS[0])
            banned.VIOLATIONS.clear()
        send(reply)
        if request[0] == "once":
            return


def _answer(request: tuple, module, registry: _Registry, path: str, shown: str) -> Reply:
    if request[0] == "once":
        request = request[1:]
    kind, target, args, kwargs, opts = request
    if kind == "call":
        fn = getattr(module, target, None)
        if fn is None:
            return Reply("missing", text=target)
    else:  # a probe: a trusted function of the grader's, given the learner's module first
        modname, qualname = target
        fn = sys.modules[modname]
        for part in qualname.split("."):
            fn = getattr(fn, part)
        args = (module, *args)
    try:
        args, kwargs = _restore(list(args), registry), _restore(dict(kwargs), registry)
    except LookupError as exc:
        return Reply("raised", Raised("LookupError", "LookupError", str(exc)))
    before = set(threading.enumerate())
    try:
        with _call_settings(opts):
            out = fn(*args, **kwargs)
    except BaseException as exc:  # noqa: BLE001 - every way the learner's code can end is reported
        return Reply("raised", _raised(exc, path, shown))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    late = [t for t in threading.enumerate() if t not in before and not t.daemon and t.is_alive()]
    for t in late:
        t.join(THREAD_GRACE_S)
    late = [t.name for t in late if t.is_alive()]
    if late:
        return Reply("threads", text=", ".join(late))
    reply = Reply("ok", _sanitize(out, registry))
    if opts.get("return_inputs"):
        reply.inputs = (_sanitize(args[1:] if kind != "call" else args, registry),
                        _sanitize(kwargs, registry))
    states = opts.get("states")
    if states:
        reply.states = {key: _sanitize(_state_of(args[key] if isinstance(key, int) else kwargs[key]), registry)
                        for key in states}
    return reply


def _child(rfd: int, wfd: int, path: str, shown: str, module_name: str, generation: int,
           first: tuple | None, bans: tuple[str, ...] = ()) -> None:
    code = 0
    try:
        os.setpgid(0, 0)  # its own process group: killed as one, with whatever it started
        _die_with_parent()
        _limit_memory()
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the grading process's to handle
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        if os.environ.get("SENSEI_WORKER_DUMP"):  # debugging the grader: where a worker hangs
            import faulthandler

            faulthandler.dump_traceback_later(float(os.environ["SENSEI_WORKER_DUMP"]), exit=True,
                                              file=open("/tmp/sensei-worker-dump.txt", "w"))
        torch = sys.modules.get("torch")
        if torch is not None:
            # The grading process's OpenMP pool did not survive the fork (libgomp is not fork-safe):
            # one thread, as torch's DataLoader workers do. (Also: timings on one thread.)
            torch.set_num_threads(1)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        banned.enforce(list(bans), path)  # before the learner's file is imported
        if os.environ.get("SENSEI_WORKER_PROFILE"):  # debugging the grader's speed (see send())
            import cProfile

            _PROFILE.append(cProfile.Profile())
            _PROFILE[0].enable()
        _serve(rfd, wfd, path, shown, module_name, generation, first)
    except BaseException:  # noqa: BLE001 - never return into the grading process's code
        code = 70
    finally:
        os._exit(code)


def _die_with_parent() -> None:
    """Linux: the worker gets SIGKILL when the grading process dies."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:  # noqa: BLE001 - elsewhere the closed pipe ends the worker's loop
        pass


def _limit_memory() -> None:
    try:
        import resource

        with open("/proc/self/statm") as fh:
            used = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = used + MEMORY_BUDGET_BYTES
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or limit < hard:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except Exception:  # noqa: BLE001 - no /proc or no rlimit: no memory limit
        pass


# -- the grading process's side -----------------------------------------------------------------
def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


class Worker:
    """One worker process serving the learner's file."""

    def __init__(self, path: Path, shown: str, module_name: str, generation: int, first: tuple | None = None,
                 bans: tuple[str, ...] = ()):
        self.path = path
        rfd, child_w = os.pipe()
        child_r, wfd = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the worker
            os.close(rfd)
            os.close(wfd)
            _child(child_r, child_w, str(path), shown, module_name, generation, first, bans)
        os.close(child_r)
        os.close(child_w)
        self.pid, self.rfd, self.wfd = pid, rfd, wfd
        self.alive = True
        self.status = ""

    def send(self, request: tuple, data: bytes | None = None) -> bool:
        """Send a request (`data`: the request already pickled)."""
        try:
            _write(self.wfd, data if data is not None else pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL))
            return True
        except (BrokenPipeError, OSError):
            return False

    def receive(self, timeout: float | None) -> Reply:
        deadline = None if not timeout else time.monotonic() + min(timeout, MAX_WAIT_S)
        try:
            data = _read_message(self.rfd, deadline)
        except TimeoutError:
            self.kill()
            return Reply("timeout")
        except OSError as exc:
            data, self.status = None, str(exc)
        if data is None:
            self.kill()
            return Reply("died", text=self.status)
        try:
            return _SafeUnpickler(io.BytesIO(data)).load()
        except Exception as exc:  # noqa: BLE001 - a forged or broken reply
            self.kill()
            return Reply("unreadable", text=f"the reply could not be read ({_text(exc)})")

    def kill(self) -> None:
        if not self.alive:
            return
        self.alive = False
        for fd in (self.rfd, self.wfd):
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(OSError):
            os.killpg(self.pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        try:
            _, status = os.waitpid(self.pid, 0)
        except ChildProcessError:
            self.status = self.status or "it ended"
            return
        if os.WIFSIGNALED(status):
            sig = os.WTERMSIG(status)
            self.status = self.status or f"killed by {_signal_name(sig)}"
        elif os.WIFEXITED(status):
            self.status = self.status or f"exit status {os.WEXITSTATUS(status)}"


def unstarted_functions(source: str) -> list[str]:
    """Public top-level functions and classes that are still the stub, in file order: a body that is
    only a docstring (and `super().__init__()`, `pass`) ending in `raise NotImplementedError`.
    Read from the syntax tree: nothing of the learner's is run to find them."""
    names = []
    for node in banned.parsed(source).body:
        if node.name.startswith("_") if hasattr(node, "name") else True:
            continue
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and _is_stub(node.body):
            names.append(node.name)
        elif isinstance(node, ast.ClassDef):
            methods = [n for n in node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
            if methods and all(_is_stub(m.body) for m in methods):
                names.append(node.name)
    return names


def imports_the_reference(source: str) -> bool:
    """Whether a file imports the reference solutions (`from solutions.x import ...`, or a path)."""
    for node in ast.walk(banned.parsed(source)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "solutions":
            return True
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "solutions" for a in node.names):
            return True
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                node.value.replace("\\", "/").rstrip("/").split("/")[-2:-1] == ["solutions"]:
            return True
    return False


def _is_stub(body: list[ast.stmt]) -> bool:
    *rest, last = body
    if not (isinstance(last, ast.Raise) and last.exc is not None):
        return False
    exc = last.exc.func if isinstance(last.exc, ast.Call) else last.exc
    if not (isinstance(exc, ast.Name) and exc.id == "NotImplementedError"):
        return False
    for stmt in rest:
        if isinstance(stmt, ast.Pass):
            continue
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
            continue  # a docstring, or `...`
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and \
                ast.unparse(stmt.value.func) in ("super().__init__", "super(self.__class__, self).__init__"):
            continue
        return False
    return True


class Runner:
    """The learner's file, served by a worker process that is (re)started when needed."""

    def __init__(self, path: Path, module_name: str, shown: str, bans: tuple[str, ...] = ()):
        self.path = Path(path)
        self.bans = tuple(bans)  # what the kata forbids (sensei/banned.py), enforced in the worker
        self.module_name = module_name
        self.shown = shown
        self.worker: Worker | None = None
        self.generation = 0
        self.import_error: str | None = None
        self.banned_use: str | None = None  # once the learner's code used a banned call: every request
        self.origins: dict[int, tuple[Any, Handle]] = {}  # id(rebuilt tensor) -> (it, its original)
        # A request sent ahead (`speculate`): (the request, when it was sent); its reply is the
        # worker's next message.
        self.ahead: tuple[tuple, float] | None = None
        # Requests started early (`early`), each in a one-shot worker of its own: (the request
        # pickled, that worker).
        self.early_workers: list[tuple[bytes, Worker]] = []
        self.early_targets: set[tuple] = set()  # (kind, target) of every request started early

    def rebuild(self, value: Any) -> Any:
        """A reply's value as the grading process uses it (see `rebuild`)."""
        return rebuild(value, origins=self.origins)

    def _originals(self, value: Any) -> Any:
        """Rebuilt tensors that stand for an object of the worker go back as that object."""
        found = self.origins.get(id(value))
        if found is not None and found[0] is value:
            return found[1]
        if type(value) in (list, tuple):
            return type(value)(self._originals(x) for x in value)
        if type(value) is dict:
            return {k: self._originals(v) for k, v in value.items()}
        return value

    def start(self, timeout: float | None, first: tuple | None = None) -> Worker | Reply:
        self.generation += 1
        worker = Worker(self.path, self.shown, self.module_name, self.generation, first, self.bans)
        return self._ready(worker, timeout)

    def _ready(self, worker: Worker, timeout: float | None) -> Worker | Reply:
        """The worker once it has imported the learner's file, or why it could not."""
        ready = worker.receive(timeout)
        if ready.kind == "banned":
            self.banned_use = ready.text
            worker.kill()
            return ready
        if ready.kind != "ready":
            if ready.kind == "timeout":
                ready.text = (f"does not import: {self.shown} ran for more than {timeout:g} s while being "
                              "imported (code at the top level that never ends?)")
            elif ready.kind == "died":
                ready.text = (f"does not import: {self.shown} ended the process while being imported "
                              f"({worker.status}: os._exit() or a crash at the top level?)")
            elif ready.kind != "import_failed":
                ready.text = f"does not import: {self.shown}: {ready.text or ready.kind}"
            self.import_error = ready.text
            worker.kill()
            return Reply("import_failed", text=ready.text)
        return worker

    def request(self, request: tuple, timeout: float | None, meanwhile: Callable[[], Any] | None = None) -> Reply:
        """Send a request, wait for the reply at most `timeout` seconds (the import included).
        ``meanwhile`` (which must not raise) runs here while the worker computes: the grader's own
        work on the case (the reference's answer) overlaps the learner's."""
        if self.import_error is not None:
            return Reply("import_failed", text=self.import_error)
        if self.banned_use is not None:
            return Reply("banned", text=self.banned_use)
        if self.early_workers:
            early = self._take_early(request)
            if early is not None:
                asked = time.monotonic()
                if meanwhile is not None:
                    meanwhile()
                worker = self._ready(early, timeout)
                if isinstance(worker, Reply):
                    return worker
                return self._finish(worker, worker.receive(_left(timeout, asked)), one_shot=True)
        if self.ahead is not None:
            ahead, sent = self.ahead
            self.ahead = None
            if _same_request(ahead, request) and self.worker is not None and self.worker.alive:
                if meanwhile is not None:
                    meanwhile()
                return self._finish(self.worker, self.worker.receive(_left(timeout, sent)))
            self._drop(timeout, sent)  # another request: the reply sent ahead is nobody's
        if self.origins:
            kind, target, args, kwargs, opts = request
            request = (kind, target, self._originals(args), self._originals(kwargs), opts)
        started = time.monotonic()
        if self.worker is None or not self.worker.alive:
            try:
                pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL)
                first = None
            except Exception:  # noqa: BLE001 - a lambda, an open file...: a one-shot worker has it already
                first = ("once", *request)
            worker = self.start(timeout, first)
            if isinstance(worker, Reply):
                return worker
            if first is not None:
                return self._finish(worker, worker.receive(_left(timeout, started)), one_shot=True)
            self.worker = worker
        worker = self.worker
        if not worker.send(request):
            try:
                pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # noqa: BLE001
                one = self.start(timeout, ("once", *request))
                if isinstance(one, Reply):
                    return one
                return self._finish(one, one.receive(_left(timeout, started)), one_shot=True)
            worker.kill()
            return Reply("died", text=worker.status)
        if meanwhile is not None:
            meanwhile()
        return self._finish(worker, worker.receive(_left(timeout, started)))

    def speculate(self, request: tuple) -> None:
        """Send `request` now, its reply read by the `request` call that asks the same (the next
        test's first call of the learner's function, made with that test's own case): the worker
        computes it while this process finishes the test before. The learner's code runs exactly
        as it would have, in the same order, only earlier; the time limit counts from now."""
        worker = self.worker
        if self.ahead is not None or worker is None or not worker.alive or self.import_error is not None \
                or self.banned_use is not None:
            return
        kind, target, args, kwargs, opts = request
        sendable = (kind, target, self._originals(args), self._originals(kwargs), opts)
        try:
            data = pickle.dumps(sendable, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - asked for in its time, in a one-shot worker
            return
        if worker.send(sendable, data):
            self.ahead = (request, time.monotonic())
        else:
            worker.kill()

    def early(self, request: tuple) -> None:
        """Start `request` now, in a one-shot worker of its own that runs it at once: a `request` call
        that later asks for the same (equal arguments) reads its reply. For a long call of a test
        that will run (a distribution over hundreds of seeds): it runs on a core the grading leaves
        idle, beside the worker that serves the other tests. The learner's code runs as it would
        have, in a fresh import of their file, only earlier; the time limit counts from the moment
        the test asks. A request no test asks for is killed with the runner (`close`)."""
        if self.import_error is not None or self.banned_use is not None:
            return
        kind, target, args, kwargs, opts = request
        sendable = (kind, target, self._originals(args), self._originals(kwargs), opts)
        try:
            key = pickle.dumps(sendable, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - asked for in its time
            return
        self.generation += 1
        worker = Worker(self.path, self.shown, self.module_name, self.generation, ("once", *sendable), self.bans)
        self.early_workers.append((key, worker))
        self.early_targets.add((kind, target))

    def _take_early(self, request: tuple) -> Worker | None:
        kind, target, args, kwargs, opts = request
        if (kind, target) not in self.early_targets:  # (the usual case, answered without pickling)
            return None
        try:
            key = pickle.dumps((kind, target, self._originals(args), self._originals(kwargs), opts),
                               protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001
            return None
        for i, (started, worker) in enumerate(self.early_workers):
            if started == key:
                del self.early_workers[i]
                return worker
        return None

    def _drop(self, timeout: float | None, sent: float) -> None:
        """The reply to a request sent ahead that no test asked for after all: read and forgotten."""
        worker = self.worker
        if worker is not None and worker.alive:
            reply = worker.receive(_left(timeout, sent))
            if reply.kind == "banned":
                self.banned_use = reply.text

    def _finish(self, worker: Worker, reply: Reply, one_shot: bool = False) -> Reply:
        if reply.kind == "banned":
            self.banned_use = reply.text
        if reply.kind == "died":
            reply.text = worker.status
        if one_shot:
            worker.kill()
        return reply

    def close(self) -> None:
        self.ahead = None
        for _, worker in self.early_workers:
            worker.kill()
        self.early_workers = []
        if self.worker is not None:
            self.worker.kill()
            self.worker = None


def _same_request(a: tuple, b: tuple) -> bool:
    """Two requests for the same call: the same function, the very same argument objects, equal options."""
    (kind, target, args, kwargs, opts), (kind2, target2, args2, kwargs2, opts2) = a, b
    return (kind == kind2 and target == target2 and opts == opts2 and len(args) == len(args2)
            and all(x is y for x, y in zip(args, args2)) and kwargs.keys() == kwargs2.keys()
            and all(kwargs[k] is kwargs2[k] for k in kwargs))


def _left(timeout: float | None, started: float) -> float | None:
    if not timeout:
        return None
    return max(timeout - (time.monotonic() - started), 0.001)


def rebuild(value: Any, memo: dict | None = None, origins: dict | None = None) -> Any:
    """A reply's value for the grading process: TensorData become torch tensors. Objects shared in
    the reply stay shared (two rows that are one list object are still one object)."""
    import numpy as np

    memo = {} if memo is None else memo
    if id(value) in memo:
        return memo[id(value)]
    kind = type(value)
    if isinstance(value, TensorData):
        import torch

        out = torch.from_numpy(np.array(value.array, copy=True))
        dtype = getattr(torch, value.dtype, None)
        if dtype is not None and out.dtype != dtype:
            out = out.to(dtype)
        if value.requires_grad and out.is_floating_point():
            out.requires_grad_(True)
        if value.handle is not None and origins is not None:
            origins[id(out)] = (out, value.handle)
    elif kind is list:
        out = memo[id(value)] = []
        out.extend(rebuild(x, memo, origins) for x in value)
    elif kind is tuple:
        out = tuple(rebuild(x, memo, origins) for x in value)
    elif kind in (dict, collections.OrderedDict):
        out = memo[id(value)] = kind()
        out.update((k, rebuild(v, memo, origins)) for k, v in value.items())
    elif kind is np.ndarray and value.dtype.kind == "O":
        out = value.copy()
        for index in np.ndindex(*value.shape):
            out[index] = rebuild(value[index], memo, origins)
    else:
        out = value
    memo[id(value)] = out
    return out
