"""The grader: calls the learner's functions safely and compares them with the reference.

Usable outside pytest (a notebook, a script): every check raises KataFailure with a finished
message, and nothing here prints.
"""
from __future__ import annotations

import builtins
import contextlib
import importlib.util
import os
import re
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from .cases import Case, fresh
from .compare import MISSING, Close, Problem, Spec, computed_from
from .banned import static_uses
from .errors import Banned, Blocked, ImportFailed, KataFailure, NotStarted, TimeLimit
from .show import describe, is_small, show, show_args
from .mistakes import Mistake, crashed, matching, relation
from .worker import Handle, Raised, Reply, Runner, imports_the_reference, unstarted_functions

DEFAULT_TIMEOUT = 10.0
# How long a failing generated case may spend looking for a smaller failing input.
SHRINK_BUDGET_S = 2.0
SHRINK_SIZES = (1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 24, 32)
SHRINK_SEEDS = range(12)


def _short_text(text: str, lines: int = 3, width: int = 500) -> str:
    """A message without terminal colour codes, at most a few lines."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", text).strip()
    parts = [p if len(p) <= width else p[:width] + " ..." for p in text.splitlines()]
    return "\n".join(parts[:lines]) + ("\n  ..." if len(parts) > lines else "")


class Later:
    """A computation run at most once, when first asked for; an error it raises is raised to whoever
    asks for its result, never to the code that happened to run it."""

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        self._fn, self._args, self._done, self._value, self._error = fn, args, False, None, None

    def __call__(self) -> None:
        if not self._done:
            self._done = True
            try:
                self._value = self._fn(*self._args)
            except Exception as exc:  # noqa: BLE001 - raised again by result()
                self._error = exc

    def result(self) -> Any:
        self()
        if self._error is not None:
            raise self._error
        return self._value


def _short(exc: BaseException, lines: int = 3) -> str:
    """An exception's message without terminal colour codes, at most a few lines."""
    return _short_text(str(exc), lines)


def display_path(path: str | os.PathLike) -> str:
    path = Path(path).resolve()
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise TimeLimit in the running code after `seconds` (main thread on Unix; else no limit)."""
    usable = (seconds and seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def on_alarm(signum, frame):
        raise TimeLimit()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _frames_in(tb, path: Path) -> list[traceback.FrameSummary]:
    target = str(path.resolve())
    return [f for f in traceback.extract_tb(tb) if os.path.abspath(f.filename) == target]


def _where(frames: list[traceback.FrameSummary], shown: str | None = None) -> list[str]:
    lines = []
    for f in frames[-4:]:
        lines.append(f"    {shown or display_path(f.filename)}:{f.lineno} in {f.name}")
        if f.line:
            lines.append(f"        {f.line.strip()}")
    return lines


def load_module(path: str | os.PathLike, name: str, timeout: float | None = DEFAULT_TIMEOUT,
                shown: str | None = None) -> ModuleType:
    """Import a Python file by path. A file that does not import raises ImportFailed, one message.
    (The grader imports only trusted files this way; the learner's file is imported in a worker.)"""
    path = Path(path).resolve()
    shown = shown or display_path(path)
    if not path.is_file():
        raise ImportFailed(f"does not import: no file {shown}", key=str(path))
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    try:
        with time_limit(timeout):
            spec.loader.exec_module(module)
    except SyntaxError as exc:
        where = f"line {exc.lineno}" if exc.lineno else "somewhere"
        code = f": {exc.text.strip()}" if exc.text else ""
        raise ImportFailed(f"does not import: {shown} has a {type(exc).__name__} at "
                           f"{where}{code} ({exc.msg})", key=str(path)) from None
    except TimeLimit:
        raise ImportFailed(f"does not import: {shown} ran for more than {timeout:g} s "
                           "while being imported (code at the top level that never ends?)",
                           key=str(path)) from None
    except Exception as exc:  # noqa: BLE001 - any error at import is the learner's to see
        frames = _where(_frames_in(exc.__traceback__, path), shown)
        raise ImportFailed(f"does not import: {shown} raised {type(exc).__name__}: {exc}"
                           + ("\n" + "\n".join(frames) if frames else ""), key=str(path)) from None
    return module


def _same(a: Any, b: Any) -> bool:
    """Whether an input came back from the learner's call as it went in. Objects that stayed in
    the worker (handles: modules, the learner's own classes) are the learner's business."""
    if isinstance(a, Handle) or isinstance(b, Handle):
        return True
    if isinstance(a, np.ndarray):
        return (isinstance(b, np.ndarray) and a.shape == b.shape and a.dtype == b.dtype
                and np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
    if type(a).__module__.startswith("torch") and hasattr(a, "equal"):
        return type(a) is type(b) and a.shape == b.shape and a.dtype == b.dtype and bool(
            ((a == b) | ((a != a) & (b != b))).all())
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if a is None or isinstance(a, (bool, int, float, complex, str, bytes, np.generic)):
        try:
            return type(a) is type(b) and bool(a == b or (a != a and b != b))
        except Exception:  # noqa: BLE001
            return True
    return True  # any other object: not comparable across the process boundary, not checked


def _rebuilt_exception(raised: Raised) -> BaseException:
    """The learner's exception, re-made in the grading process (a subclass of the nearest built-in
    class, so `except ValueError` and `pytest.raises` behave as they would have)."""
    base = getattr(builtins, raised.builtin, Exception)
    if not (isinstance(base, type) and issubclass(base, Exception)):
        base = Exception
    try:
        cls = base if raised.type_name == base.__name__ else type(raised.type_name, (base,), {})
        return cls(raised.message)
    except Exception:  # noqa: BLE001 - a built-in whose constructor wants more arguments
        return type(raised.type_name, (Exception,), {})(raised.message)


TIMED_OUT_HINT = ("An infinite loop? A while loop whose list never shrinks, or an index that never advances. "
                  "(A slow but finite solution: raise the limit with --kata-timeout=SECONDS.)")
EXITED_HINT = ("Graded code must return (or raise an exception): remove os._exit(), sys.exit(), exit() and "
               "quit() from it; a crash of the interpreter (a segfault) ends the process too.")


class Kata:
    """One kata under grading: the learner's file (run in a worker process) and the reference.

    ``impl_path`` is the learner's file (or whatever --impl names); ``reference`` the model answer,
    a module of the grading process. Every call of the learner's code goes to the worker.
    """

    def __init__(self, slug: str, impl_path: str | os.PathLike, reference: ModuleType | None,
                 timeout: float | None = DEFAULT_TIMEOUT, runner: Runner | None = None,
                 mistakes: Sequence[Mistake] = ()):
        self.slug = slug
        self.impl_path = Path(impl_path).resolve()
        self.reference = reference
        self.timeout = timeout
        self.runner = runner or Runner(self.impl_path, f"kata_impl_{slug}", display_path(self.impl_path))
        self.timed_out: set[str] = set()
        self.left_threads: set[str] = set()  # functions that left a thread running (see _remote)
        self.mistakes = list(mistakes)  # the kata's known mistakes (sensei.mistakes)
        self._stubs: list[str] | ImportFailed | None = None
        self._bans_seen: list[str] | None = None
        self._shrinking = False
        self._test_case: Case | None = None  # the case of the running test (`begin`)
        self._first: tuple | None = None  # its first call of the learner's code, if made with that case

    def close(self) -> None:
        """End the worker process (the plugin does it at the end of the run)."""
        self.runner.close()

    # -- what the file holds, read without running it --------------------------------------
    def _static_bans(self) -> None:
        """A file that names a banned call (imports, aliases, attribute chains) is not graded."""
        if self._bans_seen is None:
            try:
                uses = static_uses(self.impl_path.read_text(encoding="utf-8"), list(self.runner.bans))
            except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
                uses = []  # the import reports an unreadable file
            self._bans_seen = [f"{u.name} (line {u.line})" for u in uses]
        if self._bans_seen:
            raise Banned(f"banned in this kata: {', '.join(self._bans_seen)}: write it yourself",
                         key=str(self.impl_path), where=display_path(self.impl_path))

    def _static_stubs(self) -> list[str]:
        if self._stubs is None:
            try:
                self._stubs = self._read_stubs()
            except ImportFailed as exc:
                self._stubs = exc
        if isinstance(self._stubs, ImportFailed):
            raise self._stubs
        return self._stubs

    def _read_stubs(self) -> list[str]:
        key, shown = str(self.impl_path), display_path(self.impl_path)
        try:
            source = self.impl_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ImportFailed(f"does not import: cannot read {shown} ({getattr(exc, 'strerror', None) or exc})",
                               key=key) from None
        try:
            stubs = unstarted_functions(source)
        except SyntaxError as exc:
            where = f"line {exc.lineno}" if exc.lineno else "somewhere"
            code = f": {exc.text.strip()}" if exc.text else ""
            raise ImportFailed(f"does not import: {shown} has a {type(exc).__name__} at {where}{code} "
                               f"({exc.msg})", key=key) from None
        if imports_the_reference(source) and self.impl_path.parent.name != "solutions":
            raise ImportFailed(f"does not import: your file {shown} imports the reference solution "
                               "(solutions/): the graded file must be your own code", key=key)
        return stubs

    def require(self, *names: str) -> None:
        """Fail at once, as `call` would, when one of `names` is still the stub or the file is not
        graded (banned, does not import): before a test's costly preparation (training a model)."""
        stubs = self._static_stubs()
        for name in names:
            if name in stubs:
                raise self._not_started(name)
        self._static_bans()

    def unstarted(self, also: str = "") -> list[str]:
        """The public functions and classes of the graded file that are still the stub, in file order
        (read from the syntax tree), so one "not started" line names them all."""
        names = list(self._static_stubs())
        if also and also not in names:
            names.append(also)
        return names

    def _not_started(self, name: str) -> NotStarted:
        items = [f"{n}()" for n in self.unstarted(also=name)]
        where = display_path(self.impl_path)
        return NotStarted(f"not started: implement {', '.join(items)} in {where}", key=str(self.impl_path),
                          item=items, where=where)

    # -- the next test's first call, sent ahead ----------------------------------------------
    def begin(self, case: Any) -> None:
        """A test starts (the plugin tells): `case` is its parametrized case, if it has one."""
        self._test_case = case if isinstance(case, Case) else None
        self._first = None

    def speculate(self, case: Any) -> None:
        """The test that just passed made its first call of the learner's code with its own case;
        the next test, the same function with `case`, will most likely do the same: the worker
        starts on it now (Runner.speculate), while this process finishes the test before."""
        first, self._first, self._test_case = self._first, None, None
        if first is None or not isinstance(case, Case) or self._shrinking:
            return
        name, opts, keys, kwarg_keys = first
        if list(case.args) != keys or sorted(case.kwargs) != kwarg_keys or name in self.timed_out \
                or name in self.left_threads:
            return  # (the first call passed the checks of _remote: the file is started and allowed)
        self.runner.speculate(("call", name, list(case.args.values()), dict(case.kwargs), opts))

    # -- calling ---------------------------------------------------------------------------
    def call(self, name: str, case: Case, *, mutable: Sequence[str] = (), return_inputs: bool = False,
             parts: Sequence[str] = (), states: Sequence[str] = (), fsize_limit: int | None = None,
             errstate: dict | None = None, none_ok: bool = False, meanwhile: Callable[[], Any] | None = None) -> Any:
        """Run the learner's ``name`` in the worker on the case's inputs; check it left them alone.

        With ``return_inputs``, returns ``(output, inputs)``: the inputs as the call left them
        (a dict by argument name), to read state the function documents as updated (bn_param).
        With ``parts`` (e.g. ("out", "cache")), the output must be a tuple of that many values.
        ``states`` names arguments (a module, an optimizer) whose state_dict() after the call is
        loaded into the caller's objects: the call updates them as if it had run here.
        ``fsize_limit`` (bytes) and ``errstate`` (np.errstate keywords) hold during the call.
        With ``none_ok``, returning None is right (a function that only writes a file).
        ``meanwhile`` (a `Later`) runs in this process while the worker computes.
        """
        self.require(name)  # (before the case's arguments are drawn: an unstarted kata draws none)
        keys = list(case.args)
        opts = {"return_inputs": True, "fsize_limit": fsize_limit, "errstate": errstate,
                "states": [keys.index(s) if s in keys else s for s in states]}
        reply = self._remote("call", name, name, case, list(case.args.values()), dict(case.kwargs), opts,
                             meanwhile=meanwhile)
        if reply is None:  # the expected exception was raised
            return None
        out = self.runner.rebuild(reply.value)
        after_args, after_kwargs = reply.inputs
        after = {k: self.runner.rebuild(v) for k, v in {**dict(zip(keys, after_args)), **after_kwargs}.items()}
        for key, state in (reply.states or {}).items():
            target = case.args[keys[key]] if isinstance(key, int) else case.kwargs[key]
            self._load_state(name, case, key if isinstance(key, str) else keys[key], target, self.runner.rebuild(state))
        for key, old in {**case.args, **case.kwargs}.items():
            if key in mutable or key in states:
                continue
            new = after.get(key)
            if not _same(old, new):
                self.fail(name, case, f"{name}() modified its input `{key}` in place", layer="polish",
                          details=[f"before: {show(old, ' ' * 12)}", f"after:  {show(new, ' ' * 12)}"],
                          hint="Inputs are never modified: work on a copy (x.copy(), np.sort(a) instead "
                               "of a.sort(), `a = a * 2` instead of `a *= 2`).")
        if out is None and case.raises is None and not none_ok:
            self.fail(name, case, f"{name}() returned None",
                      hint=" ".join(h for h in ("Did you forget the `return` statement?", case.hint) if h))
        if parts and not (isinstance(out, (tuple, list)) and len(out) == len(parts)):
            names = ", ".join(parts)
            self.fail(name, case, f"expected a tuple ({names}), got {describe(out)}",
                      hint=f"{name}() returns {len(parts)} values, in this order: ({names}).")
        return (out, after) if return_inputs else out

    def run(self, name: str, case: Case, probe: Callable, *args: Any, needs: Sequence[str] = (),
            meanwhile: Callable[[], Any] | None = None, **opts: Any) -> Any:
        """Run ``probe(module, *args)`` in the worker, ``module`` being the learner's module: for checks
        that work with the learner's objects there (build a module, set its weights, run backward).
        ``probe`` is a module-level function of the grader or of the kata's test file; it must return
        plain data (arrays, tensors, numbers, containers). Errors and time-outs blame ``name()``;
        ``needs`` names the learner's functions it uses (for "not started"; default ``name``);
        ``meanwhile`` (a `Later`, e.g. the reference's answer) runs here while the worker works."""
        target = (probe.__module__, probe.__qualname__)
        reply = self._remote("probe", target, name, case, list(args), {}, dict(opts), needs=needs,
                             meanwhile=meanwhile)
        return None if reply is None else self.runner.rebuild(reply.value)

    def early(self, name: str, probe: Callable, *args: Any, needs: Sequence[str] = (), **opts: Any) -> None:
        """Start ``probe(module, *args)`` now, in a worker of its own (Runner.early): the test that
        later makes the same `run` (equal arguments) reads its reply instead of waiting for it. Nothing
        starts for a file that is not graded (not started, banned, does not import): that test says so.
        The plugin calls this for the tests of a kata marked ``kata_early`` (docs/AUTHORING.md)."""
        try:
            self.require(*(needs or (name,)))
        except Blocked:
            return
        if name in self.timed_out or name in self.left_threads:
            return
        self.runner.early(("probe", (probe.__module__, probe.__qualname__), list(args), {}, dict(opts)))

    def _load_state(self, name: str, case: Case, key: str, target: Any, state: Any) -> None:
        try:
            target.load_state_dict(state)
        except Exception as exc:  # noqa: BLE001 - the learner replaced parts of the object
            self.fail(name, case, f"after {name}(), `{key}` no longer has the structure it was given "
                      f"({type(exc).__name__}: {_short(exc, 1)})",
                      hint="Update the object you were given in place (load_state_dict); do not replace "
                           "its layers or parameter groups.")

    def _remote(self, kind: str, target: Any, name: str, case: Case, args: list, kwargs: dict,
                opts: dict, needs: Sequence[str] = (), meanwhile: Callable[[], Any] | None = None) -> Reply | None:
        self.require(*(needs or (name,)))
        if self._test_case is not None:  # the running test's first call: the next test's may go ahead
            if kind == "call" and case is self._test_case and not self._shrinking:
                self._first = (target, opts, list(case.args), sorted(case.kwargs))
            self._test_case = None
        if name in self.timed_out:
            self.fail(name, case, f"skipped: {name}() timed out on an earlier case",
                      hint="Fix the case that timed out first (its failure says which).")
        if name in self.left_threads:
            self.fail(name, case, f"skipped: {name}() started a thread that never ended on an earlier case",
                      hint="Fix the case that left a thread running first (its failure says which).")
        reply = self.runner.request((kind, target, args, kwargs, opts), self.timeout, meanwhile)
        if reply.kind == "ok":
            return reply
        if reply.kind == "import_failed":
            raise ImportFailed(reply.text, key=str(self.impl_path))
        if reply.kind == "banned":
            raise Banned(reply.text, key=str(self.impl_path), where=display_path(self.impl_path))
        if reply.kind == "missing":
            raise KataFailure(f"{display_path(self.impl_path)} has no {name}: the graded tests call it "
                              "by that name (see the statement for the exact signature).")
        if reply.kind == "timeout":
            if not self._shrinking:
                self.timed_out.add(name)
            self.fail(name, case, f"timed out: {name}() did not return within {self.timeout:g} s",
                      hint=TIMED_OUT_HINT)
        if reply.kind == "died":
            self.fail(name, case, f"your code exited the process while running {name}() ({reply.text})",
                      hint=EXITED_HINT)
        if reply.kind == "threads":
            if not self._shrinking:  # its thread still runs: every later call would wait for it again
                self.left_threads.add(name)
            self.fail(name, case, f"{name}() started a thread that never ended ({reply.text})",
                      hint="Join every thread you start before returning (or do the work without threads).")
        if reply.kind != "raised":
            self.fail(name, case, f"{name}(): {reply.text or reply.kind}",
                      hint="Return plain values: numpy arrays, tensors, numbers, or tuples, lists and dicts "
                           "of them.")
        raised: Raised = reply.value
        if raised.type_name == "NotImplementedError":
            raise self._not_started(needs[0] if needs else name)
        where = (["in your code:"] + raised.frames) if raised.frames else []
        if raised.builtin == "SystemExit":
            self.fail(name, case, f"your code called sys.exit() (or exit(), quit()) while running {name}()",
                      details=where, hint=EXITED_HINT)
        if raised.builtin == "KeyboardInterrupt":
            self.fail(name, case, f"{name}() raised KeyboardInterrupt", details=where,
                      hint="Graded code must not raise KeyboardInterrupt (it would stop a real caller).")
        if case.raises and raised.builtin not in ("GeneratorExit", "BaseException"):
            exc = _rebuilt_exception(raised)
            if isinstance(exc, case.raises):
                raise exc
        known = crashed(self.mistakes, needs[0] if needs else name, raised.message)
        if known is not None:
            self.fail(name, case, f"looks like: {known.name} ({name}() raised {raised.type_name}: "
                      f"{_short_text(raised.message, 1)})", details=where, hint=known.fix)
        self.fail(name, case, f"{name}() raised {raised.type_name}: {_short_text(raised.message)}",
                  details=where, hint=case.hint)
        return None

    def expected(self, name: str, case: Case) -> Any:
        """The reference's output on a copy of the case's inputs."""
        if self.reference is None:
            raise RuntimeError(f"no reference solution for {self.slug}")
        fn = getattr(self.reference, name)
        args = fresh(case.args)
        kwargs = fresh(case.kwargs)
        return fn(*args.values(), **kwargs)

    # -- checking ------------------------------------------------------------------------
    def check(self, name: str, case: Case, expect: Spec | None = None, *, mutable: Sequence[str] = (),
              hint: str = "") -> Any:
        """Grade one case: the learner's output against the reference's (or the expected error).

        Returns the learner's output, for further checks by the caller.
        """
        expect = expect or Close()
        if case.raises is not None:
            return self._check_raises(name, case, mutable)
        want = Later(self.expected, name, case)  # computed while the worker runs the learner's call
        got = self.call(name, case, mutable=mutable, meanwhile=want)
        self.judge(name, case, got, want.result(), expect, mutable=mutable, hint=hint)
        return got

    def judge(self, name: str, case: Case, got: Any, want: Any, expect: Spec, *, mutable: Sequence[str] = (),
              hint: str = "") -> None:
        """The end of `check` for an output already obtained with `call`: compare, and on a problem
        look for a smaller failing case (generated cases) and fail with the known mistake named."""
        with computed_from(case.args):
            problem = expect.problem(got, want)
        if problem:
            smaller = self._shrunk_failure(name, case, expect, mutable, hint)
            self._fail_diagnosed(name, case, got, want, expect, problem, hint=hint, smaller=smaller)

    def _check_raises(self, name: str, case: Case, mutable: Sequence[str]) -> None:
        wanted = case.raises if isinstance(case.raises, tuple) else (case.raises,)
        names = " or ".join(e.__name__ for e in wanted)
        try:
            got = self.call(name, case, mutable=mutable)
        except wanted:
            return None
        self.fail(name, case, f"expected {names}, but {name}() returned normally",
                  got=got, hint=case.hint or f"This input is invalid: raise {names} (see the statement).")

    def compare(self, name: str, case: Case, got: Any, want: Any, expect: Spec, *, hint: str = "",
                what: str = "") -> None:
        """Compare an output obtained by the caller (e.g. step k of a stateful test)."""
        with computed_from(case.args):
            problem = expect.problem(got, want)
        if problem:
            self._fail_diagnosed(name, case, got, want, expect, problem, hint=hint, what=what)

    def _fail_diagnosed(self, name: str, case: Case, got: Any, want: Any, expect: Spec, problem: Problem, *,
                        hint: str = "", what: str = "", smaller: str | None = None) -> None:
        """Fail with the problem found; lead with the known mistake the output matches, if any."""
        shown_got = got if problem.got is MISSING else problem.got
        shown_want = want if problem.expected is MISSING else problem.expected
        found = None
        if "wrong dtype" not in problem.summary:  # a dtype-only problem is no known mistake's
            with computed_from(case.args):
                found = matching(self.mistakes, name, self.reference, case.args, got, want, expect)
        near = relation(shown_got, shown_want)
        layer = "polish" if "wrong dtype" in problem.summary else None
        if found is not None:
            summary = f"looks like: {found.name}" + (f" ({near})" if near else "")
            details = [f"({what + ': ' if what else ''}{problem.summary})", *problem.details]
            hint = found.fix
        else:
            summary = f"{what}: {problem.summary}" if what else problem.summary
            details = [*problem.details, *([f"looks like: {near}"] if near else [])]
            hint = " ".join(h for h in (case.hint or hint, problem.hint) if h)
        self.fail(name, case, summary, details=details, hint=hint, got=shown_got, expected=shown_want,
                  smaller=smaller, layer=layer)

    def _shrunk_failure(self, name: str, case: Case, expect: Spec, mutable: Sequence[str],
                        hint: str) -> str | None:
        """For a generated case, find a smaller input of the same generator that also fails.

        Returns that failure's message (small inputs are printed in full), or None.
        """
        return self._smaller(case, lambda small: self.check(name, small, expect, mutable=mutable, hint=hint))

    def graded(self, case: Case, grade: Callable[[Case], Any]) -> Any:
        """``grade(case)``: checks written in the test file (a probe's result compared step by step,
        say) that fail with `fail`/`compare`. A generated case that fails is shrunk as `check`'s are:
        a smaller input of the same generator that fails too is shown first."""
        try:
            return grade(case)
        except KataFailure as failure:
            if case.generator is None or "timed out" in str(failure):
                raise
            smaller = self._smaller(case, grade)
            if smaller is None:
                raise
            first, *rest = str(failure).split("\n")
            shrunk = KataFailure("\n".join([first, "  a smaller generated input fails too:",
                                            *("  | " + line for line in smaller.splitlines()),
                                            "  the original case:", *rest]))
            shrunk.layer = getattr(failure, "layer", None)
            raise shrunk from None

    def _smaller(self, case: Case, attempt: Callable[[Case], Any]) -> str | None:
        if case.generator is None:
            return None
        deadline = time.monotonic() + SHRINK_BUDGET_S
        timeout, self.timeout = self.timeout, min(self.timeout or 1.0, 1.0)
        self._shrinking = True  # a smaller input that times out says nothing about the function
        try:
            return self._search_smaller(case, attempt, deadline)
        finally:
            self.timeout = timeout
            self._shrinking = False

    def _search_smaller(self, case: Case, attempt: Callable[[Case], Any], deadline: float) -> str | None:
        for size in (s for s in SHRINK_SIZES if s < (case.size or 0)):
            for seed in SHRINK_SEEDS:
                if time.monotonic() > deadline:
                    return None
                try:
                    args = case.generator(np.random.default_rng(seed), size)
                except Exception:  # noqa: BLE001 - the generator does not make this size
                    break
                small = case.with_args(args, name=f"{case.name}, shrunk to size {size} seed {seed}",
                                       size=size, seed=seed)
                small.generator = None  # grade it once, without shrinking again
                try:
                    attempt(small)
                except KataFailure as failure:
                    if "timed out" in str(failure):
                        continue
                    small.generator = case.generator
                    return str(failure)
                except Exception:  # noqa: BLE001 - not started, or the reference disliked the input
                    continue
        return None

    # -- the message ---------------------------------------------------------------------
    def fail(self, name: str, case: Case, summary: str, *, details: Sequence[str] = (), hint: str = "",
             got: Any = MISSING, expected: Any = MISSING, smaller: str | None = None,
             layer: str | None = None) -> None:
        """Raise KataFailure with the whole story: which case, the input, expected vs got, the hint."""
        lines = [f'{name}() failed on case "{case.name}": {summary}']
        if smaller is not None:
            lines.append("  a smaller generated input fails too:")
            lines += ["  | " + line for line in smaller.splitlines()]
            lines.append("  the original case:")
        lines.append("  input:")
        if is_small(case.args) and is_small(case.kwargs):
            lines += show_args(case.args, case.kwargs)
        else:
            lines += [f"    {k} = {show(v) if is_small(v) else describe(v)}"
                      for k, v in {**case.args, **case.kwargs}.items()]
        if case.generator is not None:
            lines.append(f"    ({case.describe_origin()})")
        if expected is not MISSING:
            lines.append(f"  expected: {show(expected, ' ' * 12)}")
        if got is not MISSING:
            lines.append(f"  got:      {show(got, ' ' * 12)}")
        lines += ["  " + d for d in details]
        if hint:
            lines.append(f"  hint: {hint}")
        failure = KataFailure("\n".join(lines))
        failure.layer = layer or case.layer
        raise failure

