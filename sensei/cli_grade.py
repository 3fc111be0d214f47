"""Grading and benchmarks for the `kata` command: pytest runs in a subprocess (pytest stays the
grading engine); this reads the JSON report the plugin writes (--kata-report)."""
from __future__ import annotations

import hashlib
import math
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .cli_catalog import CliError, Kata, relative
from .report import BlockedFile, Report, TestResult, layer_summary

PYTEST_BASE = ["-m", "pytest", "-p", "no:cacheprovider"]


@dataclass
class Result:
    slug: str
    passed: int = 0
    total: int = 0  # graded checks (skipped ones not counted)
    skipped: int = 0
    failures: list = field(default_factory=list)  # messages, in run order
    blocked: list = field(default_factory=list)  # one-line messages (not started, does not import)
    not_started: int = 0  # checks that met an unstarted function
    error: str = ""  # the tests could not be collected / pytest could not run or was interrupted
    interrupted: bool = False  # pytest did not finish the run
    layers: str = ""  # "core 42/42, edge cases 9/10, polish 1/3 (first: ...)"
    checks: list = field(default_factory=list)  # TestResult per graded test, in run order (sensei.notebook)

    @property
    def status(self) -> str:
        if self.error or self.failures:
            return "failing"  # a failure is never hidden behind an unstarted function
        if self.total and self.passed == self.total:
            return "passed"
        if self.total and self.not_started == self.total:
            return "not started"
        return "failing"

    @property
    def ran(self) -> bool:
        """Whether the kata's checks ran to the end: only such a result is the learner's progress
        (no outcome at all, a collection error, an interrupted run: nothing to record)."""
        return self.total > 0 and not self.interrupted


def file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _impl_args(impl: str | None, root: Path) -> list[str]:
    if not impl or impl == "yours":
        return []
    if impl != "reference":
        path = Path(impl).expanduser()
        if not path.is_absolute():
            path = (Path.cwd() / path).resolve()  # the learner's cwd, not the repo root
        impl = str(path)
    return [f"--impl={impl}"]


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived while pytest ran; its process group has been ended. The command
    exits with status 128 + signum."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


GRACE_S = 1.0  # after SIGTERM, how long the process group has before SIGKILL


def _end_group(proc: subprocess.Popen) -> None:
    """Ends `proc` and everything in its process group (its own session): SIGTERM, a moment's
    grace, then SIGKILL for whatever is left. The leader is reaped only at the end, so the group
    id cannot be reused by another process meanwhile."""
    if os.name != "posix":
        proc.kill()
        proc.wait()
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    deadline = time.monotonic() + GRACE_S
    while time.monotonic() < deadline and not _exited(proc):
        time.sleep(0.02)
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # the leader, if it ignored SIGTERM, and any straggler
    except ProcessLookupError:
        pass
    proc.wait()


def _exited(proc: subprocess.Popen) -> bool:
    if hasattr(os, "waitid"):  # WNOWAIT: leaves it unreaped, holding the group id
        try:
            return os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
        except ChildProcessError:
            return True
    return proc.poll() is not None


def _run_in_own_group(command: list[str], cwd: Path, env: dict) -> tuple[int, str]:
    """Runs `command` in a new session (its own process group) and returns (exit code, output).
    SIGINT or SIGTERM meanwhile ends the whole group (pytest and anything it started) and raises
    Interrupted: a stopped `kata test` leaves no pytest running."""
    state = {"proc": None, "signum": None, "ending": False}

    def on_signal(signum, frame):
        state["signum"] = state["signum"] or signum
        if state["proc"] is not None and not state["ending"]:
            raise Interrupted(signum)

    previous = {}
    if threading.current_thread() is threading.main_thread():
        previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        state["proc"] = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE,
                                         stderr=subprocess.STDOUT, text=True, errors="replace",
                                         start_new_session=True)
        if state["signum"] is not None:  # arrived while pytest was being started
            raise Interrupted(state["signum"])
        output, _ = state["proc"].communicate()
        return state["proc"].returncode, output
    finally:
        state["ending"] = True  # a second signal must not cut the clean-up short
        try:
            proc = state["proc"]
            if proc is not None:
                if proc.returncode is None:
                    _end_group(proc)
                if proc.stdout is not None:
                    proc.stdout.close()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def _run(root: Path, args: list[str], env: dict | None = None) -> tuple[int, str, Report | None]:
    handle, report = tempfile.mkstemp(prefix="kata-report-", suffix=".json")
    os.close(handle)
    os.unlink(report)  # the plugin writes it; its absence means pytest did not get that far
    env = {**os.environ, **(env or {})}
    env.pop("PYTEST_ADDOPTS", None)  # the learner's own pytest options could break the parsing
    for name in [n for n in env if n.startswith("PYTEST_XDIST") or n == "PYTEST_CURRENT_TEST"]:
        env.pop(name)  # run from inside a pytest-xdist worker (the repo's tests): not one itself
    env["PYTHONDONTWRITEBYTECODE"] = env.get("PYTHONDONTWRITEBYTECODE", "1")
    command = [sys.executable, *PYTEST_BASE, *args, f"--kata-report={report}"]
    try:
        code, output = _run_in_own_group(command, root, env)
    except OSError as exc:
        raise CliError(f"could not run pytest ({exc})") from None
    except BaseException:
        try:
            os.unlink(report)
        except OSError:
            pass
        raise
    data = None
    try:
        with open(report, encoding="utf-8") as fh:
            data = Report.from_json(fh.read())
    except (OSError, ValueError, TypeError):
        pass
    finally:
        try:
            os.unlink(report)
        except OSError:
            pass
    return code, output, data


def _pytest_failed(code: int, output: str) -> CliError:
    tail = "\n".join(output.strip().splitlines()[-15:])
    return CliError(f"pytest could not run (exit code {code}):\n{tail}")


def _results_by_kata(report: Report, slugs: list[str]) -> dict[str, Result]:
    results = {slug: Result(slug) for slug in slugs}
    outcomes: dict[str, TestResult] = {}  # nodeid -> its result: the first bad one wins
    for entry in report.tests:
        previous = outcomes.get(entry.nodeid)
        if previous is None or (previous.outcome == "passed" and entry.outcome != "passed"):
            outcomes[entry.nodeid] = entry
    for entry in outcomes.values():
        if entry.kata not in results:
            continue
        result = results[entry.kata]
        result.checks.append(entry)
        if entry.outcome == "skipped":
            result.skipped += 1
            continue
        result.total += 1
        if entry.outcome == "passed":
            result.passed += 1
        elif entry.outcome in ("failed", "error"):
            result.failures.append(entry.message)
        elif entry.outcome == "not started":
            result.not_started += 1
    for slug, result in results.items():
        result.layers = layer_summary([e for e in report.tests if e.kata == slug and e.layer])
    for blocked in report.blocked:
        owner = _owner(blocked, results)
        if owner is not None and blocked.message not in owner.blocked:
            owner.blocked.append(blocked.message)
    return results


def _owner(blocked: BlockedFile, results: dict) -> Result | None:
    """The kata a blocked line belongs to: the plugin names the katas whose tests met it."""
    for slug in blocked.katas:
        if slug in results:
            return results[slug]
    return next(iter(results.values())) if len(results) == 1 else None


def grade(root: Path, katas: list[Kata], impl: str | None = None, timeout: float | None = None,
          first: bool = False) -> dict[str, Result]:
    """Runs the graded tests of `katas` in one pytest run; one Result per kata."""
    args = [f"katas/{k.slug}" for k in katas] + ["-q", "--continue-on-collection-errors"]
    args += _impl_args(impl, root)
    if timeout is not None:
        args.append(f"--kata-timeout={timeout:g}")
    if first:
        args.append("-x")
    code, output, data = _run(root, args)
    if data is None:
        raise _pytest_failed(code, output)
    slugs = [k.slug for k in katas]
    results = _results_by_kata(data, slugs)
    for error in data.collection_errors:
        slug = error.kata
        if slug not in results or results[slug].error:
            continue
        lines = (error.message or "see the output of pytest").splitlines()
        results[slug].error = f"the tests of {slug} could not be collected: {lines[-1]}"
        if len(lines) > 1:
            results[slug].error += "\n" + "\n".join("  " + line for line in lines[:-1])
    for result in results.values():
        if code not in (0, 1, 5):  # 2: interrupted, 3: internal error, < 0: killed by a signal
            result.interrupted = True
            result.error = (f"pytest stopped before the end of the run (exit code {code}): "
                            f"not recorded; `pytest katas/{result.slug}` shows why")
        elif not result.total and not result.error and not result.blocked:
            result.error = f"no graded tests ran for {result.slug} (pytest katas/{result.slug} says why)"
    return results


# -- benchmarks -----------------------------------------------------------------------------
@dataclass
class BenchRow:
    label: str  # without the kata's name: "nms N=100"
    yours: float | None
    reference: float | None
    yours_iqr: float = 0.0  # the spread of the rounds (interquartile range)
    reference_iqr: float = 0.0

    @property
    def spread(self) -> float:
        """The relative uncertainty of the ratio: the two sides' relative spreads added."""
        if not (self.yours and self.reference):
            return 0.0
        return self.yours_iqr / self.yours + self.reference_iqr / self.reference

    @property
    def ratio(self) -> float | None:
        if self.yours and self.reference:
            return self.yours / self.reference
        return None


@dataclass
class Series:
    """Rows of one function whose labels differ in one size parameter (N=100, N=1000, ...)."""
    name: str
    param: str
    sizes: list
    rows: list

    def exponent(self, which: str) -> float | None:
        points = [(s, getattr(r, which)) for s, r in zip(self.sizes, self.rows) if getattr(r, which)]
        return fit_exponent([p[0] for p in points], [p[1] for p in points])


@dataclass
class BenchResult:
    slug: str
    rows: list = field(default_factory=list)
    blocked: list = field(default_factory=list)
    output: str = ""
    code: int = 0

    @property
    def spread(self) -> float:
        """The largest relative uncertainty of a ratio in this run (see BenchRow.spread)."""
        return max((r.spread for r in self.rows), default=0.0)

    @property
    def ratio(self) -> float | None:
        """The geometric mean of yours/reference over the benchmarks: one number per run."""
        ratios = [r.ratio for r in self.rows if r.ratio]
        if not ratios:
            return None
        return math.exp(sum(math.log(r) for r in ratios) / len(ratios))

    def series(self) -> list[Series]:
        return group_series(self.rows)


_NUMBER = re.compile(r"(?<![A-Za-wyz_0-9.])(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)")


def group_series(rows: list[BenchRow]) -> list[Series]:
    """Rows whose labels differ only in their numbers ("nms N=100", "nms N=1000"; "64x64",
    "512x512") form a series; its size is the product of the numbers that vary, named after
    them when the label names them (N=...), else "size"."""
    groups: dict[str, list[tuple[list, BenchRow]]] = {}
    for row in rows:
        numbers = [float(n) for n in _NUMBER.findall(row.label)]
        base = _NUMBER.sub("#", row.label)
        groups.setdefault(base, []).append((numbers, row))
    found = []
    for base, members in groups.items():
        if len(members) < 2:
            continue
        varying = [i for i in range(len(members[0][0])) if len({m[0][i] for m in members}) > 1]
        if not varying:
            continue
        members.sort(key=lambda m: [m[0][i] for i in varying])
        sizes = [math.prod(numbers[i] for i in varying) for numbers, _ in members]
        pieces = base.split("#")
        names = []
        for i in varying:
            named = re.search(r"((?:[A-Za-z_][A-Za-z_0-9]*=)+)$", pieces[i])  # "N=" or "N=M="
            names.append(named.group(1).split("=")[0] if named else "")
        param = "*".join(names) if all(names) else "size"
        # The plugin's labels start with the function's name (or "f + g" for a pair): the words
        # before the first one holding a number.
        words = base.split()
        name = " ".join(words[:next((i for i, w in enumerate(words) if "#" in w), len(words))])
        found.append(Series(name, param, sizes, [row for _, row in members]))
    return found


def fit_exponent(sizes: list[float], times: list[float]) -> float | None:
    """The least-squares slope of log(time) against log(size): time ~ size ** slope."""
    points = [(math.log(s), math.log(t)) for s, t in zip(sizes, times) if s > 0 and t > 0]
    if len({x for x, _ in points}) < 2:
        return None
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    sxy = sum((x - mx) * (y - my) for x, y in points)
    return sxy / sxx


# Timings on one thread: BLAS threads spinning on a busy machine make times jump by milliseconds.
ONE_THREAD = {name: "1" for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                                     "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")}


def bench(root: Path, kata: Kata, impl: str | None = None, quick: bool = False) -> BenchResult:
    args = [f"katas/{kata.slug}", "-q", "--benchmark-only", f"--kata-bench-time={0.03 if quick else 0.15}"]
    args += _impl_args(impl, root)
    code, output, data = _run(root, args, env=ONE_THREAD)
    if data is None:
        raise _pytest_failed(code, output)
    result = BenchResult(kata.slug, output=output, code=code)
    graded = _results_by_kata(data, [kata.slug])[kata.slug]
    result.blocked = graded.blocked
    prefix = f"{kata.slug}: "
    for group, times in data.benchmarks.items():
        label = group[len(prefix):] if group.startswith(prefix) else group
        result.rows.append(BenchRow(label, times.get("yours"), times.get("reference"),
                                    times.get("yours_iqr", 0.0), times.get("reference_iqr", 0.0)))
    return result


def library_bench(root: Path, kata: Kata, quick: bool = False) -> tuple[str, list[tuple[str, str, float, float]]]:
    """scripts/libbench/<slug>.py, if there is one (as scripts/bench_references.py reads it): its
    benchmarks() gives dicts with "name", "reference", "library", "library_name" (no-argument
    callables; the file imports the reference from solutions/). Returns the file shown and
    (name, library_name, reference seconds, library seconds) rows; raises CliError if it breaks."""
    path = root / "scripts" / "libbench" / f"{kata.slug}.py"
    if not path.is_file():
        return "", []
    import importlib.util
    if "numpy" not in sys.modules:
        os.environ.update(ONE_THREAD)  # one thread, as `kata bench` times yours (numpy reads it once)
    from .timing import paired_times

    budget = 0.04 if quick else 0.4

    solutions = str(root / "solutions")
    sys.path.insert(0, solutions)
    try:
        spec = importlib.util.spec_from_file_location(f"kata_libbench_{kata.slug}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        if "torch" in sys.modules:  # as scripts/bench_references.py: torch on one thread
            sys.modules["torch"].set_num_threads(1)
        rows = []
        for item in module.benchmarks():
            ref, _, lib, _ = paired_times(item["reference"], item["library"], budget, 5)
            rows.append((str(item["name"]), str(item.get("library_name", "library")), ref, lib))
    except Exception as exc:  # the file is optional: one line, never a traceback
        raise CliError(f"{relative(path, root)} failed: {type(exc).__name__}: {exc}") from None
    finally:
        if solutions in sys.path:
            sys.path.remove(solutions)
    return relative(path, root), rows
