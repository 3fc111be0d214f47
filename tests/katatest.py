"""Helpers for the repo's own tests: run a kata's graded tests as a learner would, in a child process."""
from __future__ import annotations

import ast
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import gradeserver

ROOT = Path(__file__).resolve().parent.parent
KATAS = sorted(p.name for p in (ROOT / "katas").iterdir() if (p / f"test_{p.name}.py").is_file())
PLANTED = ROOT / "tests" / "planted"
# The stubs as shipped: the repo's tests grade these (--impl=sensei/stubs), never the learner's
# working files in katas/, so solving a kata never turns them red.
STUBS = ROOT / "sensei" / "stubs"


@dataclass
class Run:
    returncode: int
    output: str  # what the learner sees in the terminal (stdout + stderr)
    report: dict  # the --kata-report JSON

    def outcomes(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for test in self.report.get("tests", []):
            counts[test["outcome"]] = counts.get(test["outcome"], 0) + 1
        return counts

    def messages(self) -> str:
        return "\n".join(t.get("message", "") for t in self.report.get("tests", []))


def _grading_env(env: dict | None) -> dict:
    # PYTEST_DISABLE_PLUGIN_AUTOLOAD: a learner's install has no pytest plugins but ours (xdist is
    # the repo's, for `pytest tests -n auto`); loading it in every grading run cost ~0.1 s each.
    full_env = {**os.environ, "NO_COLOR": "1", "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", **(env or {})}
    for name in list(full_env):  # the repo's suite may run under xdist: the grading run does not
        if name == "PYTEST_ADDOPTS" or name.startswith("PYTEST_XDIST") or name == "PYTEST_CURRENT_TEST":
            full_env.pop(name)
    return full_env


def _with_impl(args: tuple[str, ...]) -> tuple[str, ...]:
    if not any(arg.startswith("--impl") for arg in args):
        args = (*args, "--impl=sensei/stubs")
    return args


def run_pytest(*args: str, env: dict | None = None, timeout: float = 600) -> Run:
    """pytest at the root, in a child of the grading server (tests/gradeserver.py) as a fresh
    subprocess would run it; without --impl it grades the stubs as shipped."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        code, output = gradeserver.run(["-p", "no:cacheprovider", f"--kata-report={report}", *_with_impl(args)],
                                       _grading_env(env), timeout)
        data = json.loads(report.read_text()) if report.exists() else {}
    return Run(code, output, data)


_RUNS: dict[tuple, Run] = {}
_BATCHED: set[str] = set()


def grade(slug: str, impl: str, *extra: str) -> Run:
    """`pytest katas/<slug> --impl=<impl>`, once per arguments in a session. `impl` is named on
    purpose: "yours" would grade the learner's working file (use "sensei/stubs" for the stub)."""
    key = (slug, impl, *extra)
    if key not in _RUNS:
        _RUNS[key] = run_pytest(f"katas/{slug}", f"--impl={impl}", *extra)
    return _RUNS[key]


def grade_in_batch(slug: str, impl: str, *extra: str) -> Run:
    """`grade`, but the first grading of a kata grades all of its runs the repo's tests ask for
    (`kata_runs`: the reference, the stub, every planted file) in one batch of the grading server:
    one child process, the kata's test module imported once. Under xdist, keep all the tests that
    call it for one kata in one group (test_graders.py: `by_kata`)."""
    if slug not in _BATCHED:
        _BATCHED.add(slug)
        _grade_batch(slug, kata_runs(slug))
    return grade(slug, impl, *extra)


def _grade_batch(slug: str, runs: list[tuple[str, tuple[str, ...]]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        reports = [Path(tmp) / f"report{i}.json" for i in range(len(runs))]
        batch = [(["-p", "no:cacheprovider", f"--kata-report={report}", f"katas/{slug}", f"--impl={impl}", *extra],
                  _grading_env(None)) for report, (impl, extra) in zip(reports, runs)]
        results = gradeserver.run_batch(batch, timeout=600.0 * len(runs))
        for report, (impl, extra), (code, output) in zip(reports, runs, results):
            if code == "timeout":
                continue  # graded again on its own when asked for
            data = json.loads(report.read_text()) if report.exists() else {}
            _RUNS[(slug, impl, *extra)] = Run(code, output, data)


def wrong_args(path: Path) -> tuple[str, ...]:
    """A planted mistake is graded as a learner stopping at the first failure would (`-x`); in full
    where the file names tests it must pass (PASSES)."""
    stop = () if module_constant(path, "PASSES", []) else ("-x",)
    return (*module_constant(path, "OPTIONS", []), *stop)


def kata_runs(slug: str) -> list[tuple[str, tuple[str, ...]]]:
    """The gradings of a kata the repo's tests ask for: (impl, extra arguments)."""
    runs = [("reference", ()), ("sensei/stubs", ())]
    runs += [(str(path), wrong_args(path)) for s, path in planted("wrong") if s == slug]
    runs += [(str(path), ()) for s, path in planted("right") if s == slug]
    return runs


def planted(kind: str) -> list[tuple[str, Path]]:
    """(slug, file) for every planted implementation of a kind ('wrong' or 'right')."""
    return sorted((p.parent.name, p) for p in PLANTED.glob(f"*/{kind}_*.py"))


def module_constant(path: Path, name: str, default=None):
    """A constant of a planted file, read without importing it (no torch in the test process)."""
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    return default


def docstring(path: Path) -> str:
    return ast.get_docstring(ast.parse(path.read_text())) or ""


def reference(slug: str):
    """The reference solution module of a kata, loaded by path."""
    from sensei import load_module

    return load_module(ROOT / "solutions" / f"{slug}.py", f"reference_{slug}_for_oracle")


def scratch_repo(root: Path, slugs, files=("conftest.py", "pyproject.toml")) -> Path:
    """A copy of the repository as `kata` sees a clone, at `root`: the package (sensei/stubs/ is
    where `kata reset` takes the stub as shipped), the katas `slugs` with their stubs as shipped
    (never the learner's working files, which may be solved), their references, and `files`."""
    import shutil

    (root / "katas").mkdir(parents=True)
    (root / "solutions").mkdir()
    shutil.copytree(ROOT / "sensei", root / "sensei", ignore=shutil.ignore_patterns("__pycache__"))
    for slug in slugs:
        shutil.copytree(ROOT / "katas" / slug, root / "katas" / slug,
                        ignore=shutil.ignore_patterns("__pycache__", f"{slug}.py"))
        shutil.copy2(STUBS / f"{slug}.py", root / "katas" / slug / f"{slug}.py")
        shutil.copy2(ROOT / "solutions" / f"{slug}.py", root / "solutions")
    for name in files:
        shutil.copy2(ROOT / name, root / name)
    return root


def group_of(nodeid: str) -> str:
    """The xdist group of a test: its kata for a test of test_graders.py, else the test itself."""
    if "@" in nodeid.rpartition("]")[2]:  # an xdist that renames: its own group
        return nodeid.rpartition("@")[2]
    path, _, test = nodeid.partition("::")
    if path.endswith("tests/test_graders.py") and "[" in test:
        return "kata-" + test.partition("[")[2].split("/")[0].rstrip("]")
    return nodeid
