"""The pytest plugin: options, the `kata` fixture, and reporting that teaches.

Loaded by the repository's root conftest.py. It only wires pytest to the grader
(sensei.grader), which holds the logic and can be used without pytest.
"""
from __future__ import annotations

import argparse
import gc
import math
import shlex
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .banned import read_bans
from .errors import Blocked, KataFailure
from .grader import DEFAULT_TIMEOUT, Kata, display_path, load_module
from .timing import BENCH_ROUNDS, calls_per_round, iqr, time_round
from . import layout
from .cli_term import fmt_time
from .report import BlockedFile, CollectionError, Report, TestResult, layer_summary
from .cases import Case
from .prefetch import Prefetch
from .worker import Runner

BENCH_TIME_LIMIT_S = 120.0


@dataclass
class RunState:
    modules: dict = field(default_factory=dict)  # (path, mtime) -> module (the references)
    runners: dict = field(default_factory=dict)  # (path, mtime) -> Runner (the learner's files)
    blocked: dict = field(default_factory=dict)  # file -> BlockedLine
    collection_errors: list = field(default_factory=list)  # {"kata", "nodeid", "message"}
    results: list = field(default_factory=list)  # TestResult, for --kata-report
    benchmarks: dict = field(default_factory=dict)  # (group) -> {impl: seconds}
    prefetches: list = field(default_factory=list)  # sensei.prefetch.Prefetch, one per kata


state_key = pytest.StashKey[RunState]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("kata", "ml-katas grading")
    group.addoption("--impl", default="yours", metavar="WHICH",
                    help="what to grade: 'yours' (katas/<slug>/<slug>.py, the default), 'reference' "
                         "(solutions/<slug>.py), or a path to a .py file (or a folder holding <slug>.py)")
    group.addoption("--kata-timeout", type=timeout_value, default=None, metavar="SECONDS",
                    help=f"time limit for one call of your code (default {DEFAULT_TIMEOUT:g} s; 0: none)")
    group.addoption("--benchmark-only", action="store_true", default=False,
                    help="run only the benchmarks: your time against the reference's, side by side")
    group.addoption("--kata-bench-time", type=float, default=0.15, metavar="SECONDS",
                    help="time spent per benchmark and side (default 0.15 s; `kata bench --quick` uses 0.03)")
    group.addoption("--kata-report", default=None, metavar="PATH",
                    help="write the results as JSON to PATH (used by the `kata` command)")
    parser.addini("kata_timeout", f"time limit for one call of your code, seconds (default {DEFAULT_TIMEOUT:g})",
                  default=str(DEFAULT_TIMEOUT))


def pytest_configure(config: pytest.Config) -> None:
    config.stash[state_key] = RunState()
    config.pluginmanager.register(Recorder(config), "sensei-recorder")
    config.pluginmanager.register(FastReports(), "sensei-fast-reports")
    # A benchmark of an unstarted kata stops before timing: that is reported, not warned about.
    config.addinivalue_line("markers", "layer(name): what a test grades: core, edge or polish (the summary's layers)")
    config.addinivalue_line("markers", "kata_early(name, probe, *args): the test's kata.run(name, case, probe, *args) "
                                       "starts when the kata does, in a worker of its own")


def timeout_value(text: str) -> float:
    """--kata-timeout: a number of seconds, finite and not negative; 0 turns the limit off."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"{text!r}: give a number of seconds, 0 or more (0: no limit)")
    return value


def pytest_unconfigure(config: pytest.Config) -> None:
    state = config.stash.get(state_key, None)
    for runner in (state.runners.values() if state else ()):
        runner.close()
    for prefetch in (state.prefetches if state else ()):
        prefetch.close()


def _timeout(config: pytest.Config) -> float:
    value = config.getoption("kata_timeout")
    if value is None:
        try:
            value = timeout_value(config.getini("kata_timeout"))
        except argparse.ArgumentTypeError as exc:
            raise pytest.UsageError(f"kata_timeout (ini): {exc}") from None
    return value


def pytest_report_header(config: pytest.Config) -> str | None:
    impl = config.getoption("impl")
    what = {"yours": "your code (katas/<slug>/<slug>.py)",
            "reference": "the reference solutions (solutions/<slug>.py)"}.get(impl, impl)
    return f"ml-katas: grading {what}; time limit {_timeout(config):g} s per call"


# -- fixtures -------------------------------------------------------------------------------
def _kata_paths(test_path: Path, impl: str) -> tuple[str, Path, Path]:
    root, slug = layout.root_of_test_file(test_path)
    return slug, layout.implementation(root, slug, impl).resolve(), layout.reference_file(root, slug)


def _load(config: pytest.Config, path: Path, name: str):
    state = config.stash[state_key]
    key = (str(path), path.stat().st_mtime_ns if path.exists() else 0)
    if key not in state.modules:
        try:
            state.modules[key] = load_module(path, name, timeout=None)  # trusted: the reference
        except Blocked as exc:
            state.modules[key] = exc
    found = state.modules[key]
    if isinstance(found, Exception):
        raise found
    return found


def _runner(config: pytest.Config, path: Path, slug: str) -> Runner:
    """One worker per graded file and version of it: the learner's code never runs in this process."""
    state = config.stash[state_key]
    key = (str(path), path.stat().st_mtime_ns if path.exists() else 0)
    if key not in state.runners:
        root = Path(config.rootpath)
        bans = read_bans(layout.kata_folder(root, slug))  # enforced in every mode, --impl included
        state.runners[key] = Runner(path, f"kata_impl_{slug}", display_path(path), bans=tuple(bans))
    return state.runners[key]


_setting_up: list = [None]  # the test whose setup runs now (pytest_runtest_setup): what `kata` reads


@pytest.fixture(scope="module")
def kata() -> Kata:
    """The kata whose test file asks for it: the implementation under grading and the reference.
    (It reads the test being set up rather than asking for pytest's `request`: a fixture that asks for
    `request` costs pytest a new FixtureDef and a signature() in every test, even when cached.)"""
    test = _setting_up[0]
    if test is None:
        raise RuntimeError("the kata fixture is set up with its test: ask for it as a test's argument")
    config, path = test.config, Path(test.path)
    slug, target, reference_path = _kata_paths(path, config.getoption("impl"))
    reference = _load(config, reference_path, f"kata_reference_{slug}") if reference_path.exists() else None
    kata = Kata(slug, target, reference, timeout=_timeout(config), runner=_runner(config, target, slug),
                mistakes=getattr(test.module, "MISTAKES", ()))
    # A test marked kata_early(name, probe, *args) that this run will reach: its long `kata.run` starts
    # now, in a worker of its own, on the core the grading leaves idle.
    if config.getoption("benchmark_only"):
        return kata  # (nothing runs beside a benchmark: no early probe, no cases drawn ahead)
    started = set()
    items = [item for item in test.session.items if item.path == test.path]
    for item in items:
        for mark in item.iter_markers("kata_early"):
            if id(mark) not in started:  # (a parametrized test's items share their function's marks)
                started.add(id(mark))
                kata.early(*mark.args, **mark.kwargs)
    _prefetch(config, kata, items)
    return kata


def _prefetch(config: pytest.Config, kata: Kata, items: list[pytest.Item]) -> None:
    """The generated cases of the kata's tests, drawn ahead in a child process (sensei.prefetch), when
    every function of the graded file is started (an unstarted one draws no case at all). Not with -x
    (a run that stops at its first failure would draw most of them for nothing), nor with torch loaded
    (its thread pool does not survive a fork)."""
    if "torch" in sys.modules or config.getoption("maxfail", 0):
        return
    try:
        if kata.unstarted():
            return
    except Blocked:
        return
    cases = [value for item in items for value in getattr(getattr(item, "callspec", None), "params", {}).values()
             if isinstance(value, Case) and "_draw" in value.__dict__]
    if cases:
        config.stash[state_key].prefetches.append(Prefetch(cases))


@pytest.fixture
def kata_bench(request: pytest.FixtureRequest, kata: Kata):
    """Times one function of yours against the reference's on the same input: each side in a worker
    process of its own, BLAS and torch on one thread, rounds interleaved (yours, reference,
    reference, yours, ...) so that a busy machine slows both alike; medians and spreads (IQR).

    Use: ``kata_bench("nms", case)``; run with ``pytest katas/<slug> --benchmark-only``.
    """
    config = request.config
    reference_path = _kata_paths(Path(request.path), "reference")[1]

    def run(name, case, label: str = "") -> None:
        """`name`: a function's name, or `(title, make)` where `make(module)` returns the callable to
        time (e.g. a forward then a backward); the test checks such a pair itself before."""
        make = None
        if isinstance(name, tuple):
            name, make = name
        blamed = name.split(" ")[0] if make else name
        if make is None:
            kata.call(blamed, case)  # yours once, as graded: not started / errors report as usual
        reference = Kata(kata.slug, reference_path, kata.reference, timeout=BENCH_TIME_LIMIT_S,
                         runner=_runner(config, reference_path, kata.slug))
        budget = config.getoption("kata_bench_time")
        sides = {"yours": kata, "reference": reference}
        saved = kata.timeout
        kata.timeout = BENCH_TIME_LIMIT_S
        try:
            number = {which: timer.run(blamed, case, calls_per_round, name, make, case.args, case.kwargs,
                                       budget / BENCH_ROUNDS)
                      for which, timer in sides.items()}
            samples: dict[str, list[float]] = {"yours": [], "reference": []}
            for i in range(BENCH_ROUNDS):
                for which in (("yours", "reference") if i % 2 == 0 else ("reference", "yours")):
                    samples[which].append(sides[which].run(blamed, case, time_round, name, make, case.args,
                                                           case.kwargs, number[which]))
        finally:
            kata.timeout = saved
        group = f"{kata.slug}: {name}" + (f" {label}" if label else "")
        config.stash[state_key].benchmarks[group] = {
            **{which: statistics.median(times) for which, times in samples.items()},
            **{f"{which}_iqr": iqr(times) for which, times in samples.items()}}

    return run


# -- collection: benchmarks run only with --benchmark-only ---------------------------------
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not any("kata_bench" in getattr(item, "fixturenames", ()) for item in items):
        return
    only = config.getoption("benchmark_only", False)
    keep, drop = [], []
    for item in items:
        is_bench = "kata_bench" in getattr(item, "fixturenames", ())
        in_kata = item.path.parent.parent.name == "katas"
        (drop if in_kata and is_bench != only else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def pytest_collection_finish(session: pytest.Session) -> None:
    """Everything imported so far (numpy, torch, the test modules) lives until the run ends: moved
    out of the garbage collector's sight, the full collections pytest makes at the end of the run
    (and any during it) no longer walk torch's hundreds of thousands of objects."""
    gc.freeze()


# -- reporting ------------------------------------------------------------------------------
def _rerun_command(item: pytest.Item) -> str:
    path = display_path(item.path)
    rest = item.nodeid.split("::", 1)[1] if "::" in item.nodeid else ""
    target = f"{path}::{rest}" if rest else path
    extra = ""
    impl = item.config.getoption("impl")
    if impl != "yours":
        extra = f" --impl={shlex.quote(impl)}"
    return f'pytest "{target}"{extra}'


blocked_key = pytest.StashKey[Blocked]()
layer_key = pytest.StashKey[str]()
message_key = pytest.StashKey[str]()


def _short_failure(item: pytest.Item):
    """Run a test phase; turn our failures into pytest.fail(pytrace=False): the message is the
    whole report, and pytest skips rendering frames (~15 ms per failing test)."""
    try:
        return (yield)
    except Blocked as exc:
        item.stash[blocked_key] = exc
        message = str(exc)
    except KataFailure as exc:
        item.stash[layer_key] = getattr(exc, "layer", None) or ""
        message = f"{exc}\n  re-run just this case: {_rerun_command(item)}"
    item.stash[message_key] = message
    pytest.fail(message, pytrace=False)  # outside `except`: no "during handling" chain


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item):
    """The test's setup phase (see `_short_failure`); the `kata` fixture reads which test it is."""
    _setting_up[0] = item
    try:
        return (yield from _short_failure(item))
    finally:
        _setting_up[0] = None


next_key = pytest.StashKey[object]()  # the test pytest runs after this one


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    item.stash[next_key] = nextitem  # (returns None: pytest's own protocol runs the test)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    """The test's call phase (see `_short_failure`). A test of a list of cases that passed, whose next
    test is the same function with the next case: the worker starts on that test's first call at
    once (Kata.speculate), while this process reports this one and sets the next one up."""
    kata = getattr(item, "funcargs", {}).get("kata")
    kata = kata if isinstance(kata, Kata) else None
    if kata is not None:
        kata.begin(item.funcargs.get("case"))
    result = yield from _short_failure(item)
    following = item.stash.get(next_key, None)
    if kata is not None and following is not None and following.parent is item.parent \
            and getattr(following, "originalname", None) == getattr(item, "originalname", "") \
            and hasattr(following, "callspec"):
        kata.speculate(following.callspec.params.get("case"))
    return result


class FastReports:
    """Our failures' report is their message: built directly, skipping pytest's failure rendering
    (a few ms per failing test: most of an unstarted kata's grading time)."""

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo):
        return _fast_report(item, call)


def _fast_report(item: pytest.Item, call: pytest.CallInfo) -> pytest.TestReport | None:
    message = item.stash.get(message_key, None)
    if message is None or call.excinfo is None or call.when not in ("setup", "call"):
        return None
    del item.stash[message_key]
    sections = [(f"Captured {key} {when}", content) for when, key, content in item._report_sections]
    return pytest.TestReport(item.nodeid, item.location, {k: 1 for k in item.keywords}, "failed", message,
                             call.when, sections, call.duration, call.start, call.stop,
                             user_properties=item.user_properties)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    exc = item.stash.get(blocked_key, None)
    if exc is not None and report.failed and call.when in ("setup", "call"):
        report.kata_blocked = [exc.category, exc.letter, exc.key, exc.item, str(exc), exc.where]
    if call.when == "call" and "kata_bench" not in getattr(item, "fixturenames", ()):
        report.kata_layer = item.stash.get(layer_key, "") or _case_layer(item)
    return report


def _case_layer(item: pytest.Item) -> str:
    """The layer of the case a test grades (sensei.cases.Case.layer); "core" by default."""
    params = getattr(getattr(item, "callspec", None), "params", {})
    for value in params.values():
        layer = getattr(value, "layer", None)
        if isinstance(layer, str) and layer:
            return layer
    marker = item.get_closest_marker("layer")
    return marker.args[0] if marker and marker.args else "core"


def pytest_report_teststatus(report: pytest.TestReport, config: pytest.Config):
    blocked = getattr(report, "kata_blocked", None)
    if blocked and report.failed:
        category, letter = blocked[0], blocked[1]
        return category, letter, category.upper()
    return None


class Recorder:
    """Collects what the learner must see once per run: blocked katas, results, benchmark times."""

    def __init__(self, config: pytest.Config):
        self.config = config

    @property
    def state(self) -> RunState:
        return self.config.stash[state_key]

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when != "call" and not (report.failed or report.skipped):
            return
        blocked = getattr(report, "kata_blocked", None)
        entry = TestResult(report.nodeid, report.when, report.outcome)
        if blocked and report.failed:
            category, _, key, what, message, where = blocked
            entry.outcome, entry.message = category, message
            record = self.state.blocked.setdefault(key, BlockedLine(category, message, where))
            record.items.extend(w for w in what if w not in record.items)
            if entry.kata and entry.kata not in record.katas:
                record.katas.append(entry.kata)
        elif report.failed:
            entry.message = str(report.longrepr)
        if not blocked:
            entry.layer = getattr(report, "kata_layer", "")
        self.state.results.append(entry)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        path = self.config.getoption("kata_report")
        if not path:
            return
        blocked = [BlockedFile(b.category, b.line(), key, b.katas) for key, b in self.state.blocked.items()]
        report = Report(self.state.results, blocked, self.state.collection_errors, self.state.benchmarks)
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(report.to_json())

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            lines = [line[1:].strip() for line in str(report.longrepr).splitlines() if line.startswith("E ")]
            self.state.collection_errors.append(CollectionError(
                _kata_of(report.nodeid), report.nodeid, "\n".join(lines) or str(report.longrepr)[-500:]))


@dataclass
class BlockedLine:
    """One line for a file that cannot be graded yet, whatever number of tests met it."""

    category: str
    message: str
    where: str
    items: list = field(default_factory=list)  # e.g. ["nms()", "batched_nms()"]
    katas: list = field(default_factory=list)  # the katas whose tests met it

    def line(self) -> str:
        if self.category == "not started" and len(self.items) > 1 and self.where:
            return f"not started: implement {', '.join(self.items)} in {self.where}"
        return self.message


def _kata_of(nodeid: str) -> str:
    """'katas/nms/test_nms.py::test_nms[x]' -> 'nms' ('' outside katas/)."""
    parts = nodeid.replace("\\", "/").split("/")
    return parts[1] if len(parts) >= 3 and parts[0] == "katas" else ""


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    state = config.stash[state_key]
    by_kata: dict[str, list[dict]] = {}
    for entry in state.results:
        if entry.kata and entry.layer:
            by_kata.setdefault(entry.kata, []).append(entry)
    lines = [f"{slug}: {layer_summary(entries)}" for slug, entries in by_kata.items() if layer_summary(entries)]
    if state.blocked or lines:
        terminalreporter.section("ml-katas", sep="=", yellow=bool(state.blocked))
        for line in lines:
            terminalreporter.write_line(line)
        for blocked in state.blocked.values():
            terminalreporter.write_line(blocked.line())
    pairs = {group: times for group, times in state.benchmarks.items()
             if times.get("yours") and times.get("reference")}
    if pairs:
        terminalreporter.section("ml-katas: your time / the reference's time (medians, +- half the IQR)", sep="=")
        for group, times in pairs.items():
            ratio = times["yours"] / times["reference"]
            verdict = "faster than" if ratio < 1 else "slower than"
            terminalreporter.write_line(
                f"{group}: yours {fmt_time(times['yours'])} +- {fmt_time(times['yours_iqr'] / 2)}, "
                f"reference {fmt_time(times['reference'])} +- {fmt_time(times['reference_iqr'] / 2)}"
                f" -> {ratio:.2f}x ({verdict if abs(ratio - 1) > 0.05 else 'about as fast as'} the reference)")
