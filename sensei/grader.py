"""The grader: calls the learner's functions safely and compares them with the reference.

Usable outside pytest (a notebook, a script): every check raises KataFailure with a finished
message, and nothing here prints.
"""
from __future__ import annotations

import contextlib
import copy
import importlib.util
import inspect
import os
import re
import signal
import sys
import threading
import time
import traceback
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from .cases import Case
from .compare import MISSING, Close, Outputs, Problem, Spec, computed_from
from .errors import ImportFailed, KataFailure, NotStarted, TimeLimit
from .show import describe, is_small, show, show_args

DEFAULT_TIMEOUT = 10.0
# How long a failing generated case may spend looking for a smaller failing input.
SHRINK_BUDGET_S = 2.0
SHRINK_SIZES = (1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 24, 32)
SHRINK_SEEDS = range(12)


def _short(exc: BaseException, lines: int = 3) -> str:
    """An exception's message without terminal colour codes, at most a few lines."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(exc)).strip()
    parts = text.splitlines()
    return "\n".join(parts[:lines]) + ("\n  ..." if len(parts) > lines else "")


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


def _where(frames: list[traceback.FrameSummary]) -> list[str]:
    lines = []
    for f in frames[-4:]:
        lines.append(f"    {display_path(f.filename)}:{f.lineno} in {f.name}")
        if f.line:
            lines.append(f"        {f.line.strip()}")
    return lines


def load_module(path: str | os.PathLike, name: str, timeout: float | None = DEFAULT_TIMEOUT) -> ModuleType:
    """Import a Python file by path. A file that does not import raises ImportFailed, one message."""
    path = Path(path).resolve()
    if not path.is_file():
        raise ImportFailed(f"does not import: no file {display_path(path)}", key=str(path))
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    try:
        with time_limit(timeout):
            spec.loader.exec_module(module)
    except SyntaxError as exc:
        where = f"line {exc.lineno}" if exc.lineno else "somewhere"
        code = f": {exc.text.strip()}" if exc.text else ""
        raise ImportFailed(f"does not import: {display_path(path)} has a {type(exc).__name__} at "
                           f"{where}{code} ({exc.msg})", key=str(path)) from None
    except TimeLimit:
        raise ImportFailed(f"does not import: {display_path(path)} ran for more than {timeout:g} s "
                           "while being imported (code at the top level that never ends?)",
                           key=str(path)) from None
    except Exception as exc:  # noqa: BLE001 - any error at import is the learner's to see
        frames = _where(_frames_in(exc.__traceback__, path))
        raise ImportFailed(f"does not import: {display_path(path)} raised {type(exc).__name__}: {exc}"
                           + ("\n" + "\n".join(frames) if frames else ""), key=str(path)) from None
    return module


def _snapshot(value: Any) -> Any:
    try:
        return copy.deepcopy(value)
    except Exception:  # noqa: BLE001 - an uncopyable argument is simply not checked
        return MISSING


def _same(a: Any, b: Any) -> bool:
    if a is MISSING:
        return True
    if isinstance(a, np.ndarray):
        return (isinstance(b, np.ndarray) and a.shape == b.shape and a.dtype == b.dtype
                and np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
    if hasattr(a, "equal") and type(a).__module__.startswith("torch"):
        return type(a) is type(b) and a.shape == b.shape and a.dtype == b.dtype and bool(
            (a == b).all() or ((a != a) & (b != b) | (a == b)).all())
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001
        return True


class Kata:
    """One kata under grading: the implementation being graded and the reference.

    ``impl`` is the learner's module (or whatever --impl names); ``reference`` the model answer.
    """

    def __init__(self, slug: str, impl: ModuleType, reference: ModuleType | None,
                 impl_path: Path, timeout: float | None = DEFAULT_TIMEOUT):
        self.slug = slug
        self.impl = impl
        self.reference = reference
        self.impl_path = Path(impl_path)
        self.timeout = timeout
        self._unstarted: list[str] | None = None

    # -- calling -------------------------------------------------------------------------
    def function(self, name: str) -> Callable:
        fn = getattr(self.impl, name, None)
        if fn is None:
            raise KataFailure(f"{display_path(self.impl_path)} has no {name}: the graded tests call it "
                              "by that name (see the statement for the exact signature).")
        return fn

    def unstarted(self, also: str = "") -> list[str]:
        """The public functions and classes of the graded file that still raise NotImplementedError,
        in file order (probed once with None arguments), so one "not started" line names them all."""
        if self._unstarted is None:
            self._unstarted = []
            for attr, obj in vars(self.impl).items():
                if attr.startswith("_") or not callable(obj) or getattr(obj, "__module__", None) != self.impl.__name__:
                    continue
                try:
                    params = inspect.signature(obj).parameters.values()
                    nones = [None for p in params if p.default is p.empty
                             and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
                    with time_limit(1.0), warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        obj(*nones)
                except NotImplementedError:
                    self._unstarted.append(attr)
                except (Exception, TimeLimit):  # noqa: BLE001 - it does something: it is started
                    pass
        names = list(self._unstarted)
        if also and also not in names:
            names.append(also)
        return names

    def call(self, name: str, case: Case, *, mutable: Sequence[str] = (), return_inputs: bool = False,
             parts: Sequence[str] = ()) -> Any:
        """Run the learner's ``name`` on a copy of the case's inputs; check it left them alone.

        With ``return_inputs``, returns ``(output, inputs)``: the inputs as the call left them
        (a dict by argument name), to read state the function documents as updated (bn_param).
        With ``parts`` (e.g. ("out", "cache")), the output must be a tuple of that many values.
        """
        fn = self.function(name)
        joint = _snapshot((case.args, case.kwargs))  # one copy: arguments that share objects still do
        if joint is not MISSING:
            args, kwargs = joint
        else:
            args = {k: _snapshot(v) for k, v in case.args.items()}
            kwargs = {k: _snapshot(v) for k, v in case.kwargs.items()}
            args = {k: (case.args[k] if v is MISSING else v) for k, v in args.items()}
            kwargs = {k: (case.kwargs[k] if v is MISSING else v) for k, v in kwargs.items()}
        before = {k: _snapshot(v) for k, v in {**args, **kwargs}.items()}
        try:
            with time_limit(self.timeout):
                out = fn(*args.values(), **kwargs)
        except NotImplementedError:
            items = [f"{n}()" for n in self.unstarted(also=name)]
            raise NotStarted(f"not started: implement {', '.join(items)} in {display_path(self.impl_path)}",
                             key=str(self.impl_path), item=items) from None
        except TimeLimit as exc:
            frames = _frames_in(exc.__traceback__, self.impl_path)
            self.fail(name, case, f"timed out: {name}() did not return within {self.timeout:g} s",
                      details=(["it was running:"] + _where(frames[-1:])) if frames else [],
                      hint="An infinite loop? A while loop whose list never shrinks, or an index that "
                           "never advances. (A slow but finite solution: raise the limit with "
                           "--kata-timeout=SECONDS.)")
        except KataFailure:
            raise
        except Exception as exc:  # noqa: BLE001 - the learner's error, shown with their lines only
            if case.raises and isinstance(exc, case.raises):
                raise
            frames = _where(_frames_in(exc.__traceback__, self.impl_path))
            self.fail(name, case, f"{name}() raised {type(exc).__name__}: {_short(exc)}",
                      details=(["in your code:"] + frames) if frames else [], hint=case.hint)
        for key, old in before.items():
            if key in mutable:
                continue
            new = args.get(key, kwargs.get(key))
            if not _same(old, new):
                self.fail(name, case, f"{name}() modified its input `{key}` in place",
                          details=[f"before: {show(old, ' ' * 12)}", f"after:  {show(new, ' ' * 12)}"],
                          hint="Inputs are never modified: work on a copy (x.copy(), np.sort(a) instead "
                               "of a.sort(), `a = a * 2` instead of `a *= 2`).")
        if out is None and case.raises is None:
            self.fail(name, case, f"{name}() returned None",
                      hint=" ".join(h for h in ("Did you forget the `return` statement?", case.hint) if h))
        if parts and not (isinstance(out, (tuple, list)) and len(out) == len(parts)):
            names = ", ".join(parts)
            self.fail(name, case, f"expected a tuple ({names}), got {describe(out)}",
                      hint=f"{name}() returns {len(parts)} values, in this order: ({names}).")
        return (out, {**args, **kwargs}) if return_inputs else out

    def expected(self, name: str, case: Case) -> Any:
        """The reference's output on a copy of the case's inputs."""
        if self.reference is None:
            raise RuntimeError(f"no reference solution for {self.slug}")
        fn = getattr(self.reference, name)
        args = copy.deepcopy(case.args)
        kwargs = copy.deepcopy(case.kwargs)
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
        got = self.call(name, case, mutable=mutable)
        want = self.expected(name, case)
        with computed_from(case.args):
            problem = expect.problem(got, want)
        if problem:
            smaller = self._shrunk_failure(name, case, expect, mutable, hint)
            self.fail(name, case, problem.summary, details=problem.details,
                      hint=" ".join(h for h in (case.hint or hint, problem.hint) if h),
                      got=got if problem.got is MISSING else problem.got,
                      expected=want if problem.expected is MISSING else problem.expected,
                      smaller=smaller)
        return got

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
            summary = f"{what}: {problem.summary}" if what else problem.summary
            self.fail(name, case, summary, details=problem.details,
                      hint=" ".join(h for h in (case.hint or hint, problem.hint) if h),
                      got=got if problem.got is MISSING else problem.got,
                      expected=want if problem.expected is MISSING else problem.expected)

    def _shrunk_failure(self, name: str, case: Case, expect: Spec, mutable: Sequence[str],
                        hint: str) -> str | None:
        """For a generated case, find a smaller input of the same generator that also fails.

        Returns that failure's message (small inputs are printed in full), or None.
        """
        if case.generator is None:
            return None
        deadline = time.monotonic() + SHRINK_BUDGET_S
        timeout, self.timeout = self.timeout, min(self.timeout or 1.0, 1.0)
        try:
            return self._search_smaller(name, case, expect, mutable, hint, deadline)
        finally:
            self.timeout = timeout

    def _search_smaller(self, name, case, expect, mutable, hint, deadline) -> str | None:
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
                    self.check(name, small, expect, mutable=mutable, hint=hint)
                except KataFailure as failure:
                    small.generator = case.generator
                    return str(failure)
                except Exception:  # noqa: BLE001 - not started, or the reference disliked the input
                    continue
        return None

    # -- the message ---------------------------------------------------------------------
    def fail(self, name: str, case: Case, summary: str, *, details: Sequence[str] = (), hint: str = "",
             got: Any = MISSING, expected: Any = MISSING, smaller: str | None = None) -> None:
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
        raise KataFailure("\n".join(lines))

