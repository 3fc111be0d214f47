"""Hostile learner code: it may exit, hang, patch the grader, change global state or delete files.
Each file of tests/hostile/ is graded as a learner's file would be; the grading run must end in time
with a failure of that kata only, say the cause in one line, and touch nothing of the repository."""
from __future__ import annotations

import subprocess
import sys
import time

import pytest

from katatest import ROOT, module_constant, run_pytest

HOSTILE = sorted((ROOT / "tests" / "hostile").glob("*.py"))


def repository_files() -> dict[str, tuple[int, int]]:
    """Every file of the repository's own folders, with its size and modification time."""
    found = {}
    for folder in ("katas", "solutions", "sensei", "tests", "scripts", "docs"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                stat = path.stat()
                found[str(path.relative_to(ROOT))] = (stat.st_size, stat.st_mtime_ns)
    return found


@pytest.mark.parametrize("path", HOSTILE, ids=lambda p: p.stem)
def test_hostile_file_fails_its_kata_plainly(path):
    slug = module_constant(path, "KATA")
    seconds = module_constant(path, "SECONDS", 20)
    before = repository_files()
    start = time.monotonic()
    run = run_pytest(f"katas/{slug}", f"--impl={path}", *module_constant(path, "OPTIONS", []),
                     timeout=seconds + 60)
    elapsed = time.monotonic() - start
    assert run.returncode == 1, run.output[-3000:]
    for words in module_constant(path, "EXPECT"):
        assert words in run.output, f"{words!r} not in:\n{run.output[-3000:]}"
    for words in module_constant(path, "ABSENT", []):
        assert words not in run.output, f"{words!r} in:\n{run.output[-3000:]}"
    assert elapsed < seconds, f"took {elapsed:.1f} s"
    assert run.outcomes().get("failed", 0) + run.outcomes().get("does not import", 0) >= 1, run.outcomes()
    assert repository_files() == before


def _solution(slug: str) -> str:
    return (ROOT / "solutions" / f"{slug}.py").read_text()


def test_a_helper_no_test_names_is_never_called(tmp_path):
    """Before: the not-started probe called every public function with None arguments, and a
    learner's prune_checkpoints(None) deleted files. Now nothing is run to find what is unstarted."""
    sentinel = tmp_path / "HELPER_WAS_CALLED"
    source = _solution("save_load").split("def save_model(")[0] + f'''
def prune_checkpoints(folder, keep=2):
    """The learner's own helper: no graded test calls it."""
    Path({str(sentinel)!r}).write_text("called with " + repr(folder))


def save_model(model, path):
    """The whole module."""
    raise NotImplementedError


def load_model(path):
    raise NotImplementedError
'''
    (tmp_path / "save_load.py").write_text(source)
    run = run_pytest("katas/save_load", f"--impl={tmp_path / 'save_load.py'}")
    assert not sentinel.exists(), sentinel.read_text()
    assert "not started: implement save_model(), load_model() in" in run.output, run.output[-2000:]
    assert run.outcomes().get("passed", 0) >= 10 and "failed" not in run.outcomes(), run.outcomes()


def _grade_folder(tmp_path, files: dict[str, str], *slugs: str):
    for name, source in files.items():
        (tmp_path / f"{name}.py").write_text(source)
    return run_pytest(*[f"katas/{s}" for s in slugs], f"--impl={tmp_path}")


def _outcomes_of(run, slug: str) -> set[str]:
    return {t["outcome"] for t in run.report["tests"] if t["nodeid"].startswith(f"katas/{slug}/")}


def test_numpy_error_state_of_one_kata_does_not_reach_another(tmp_path):
    run = _grade_folder(tmp_path, {
        "softmax": 'import numpy as np\nnp.seterr(all="raise")\n' + _solution("softmax"),
        "cross_entropy": _solution("cross_entropy"), "softmax_loss": _solution("softmax_loss"),
    }, "softmax", "cross_entropy", "softmax_loss")
    assert _outcomes_of(run, "cross_entropy") == {"passed"}, run.output[-3000:]
    assert _outcomes_of(run, "softmax_loss") == {"passed"}, run.output[-3000:]


def test_torch_grad_mode_of_one_kata_does_not_reach_another(tmp_path):
    run = _grade_folder(tmp_path, {
        "attention": _solution("attention") + "\ntorch.set_grad_enabled(False)\n",
        "save_load": _solution("save_load"),
    }, "attention", "save_load")
    assert _outcomes_of(run, "save_load") == {"passed"}, run.output[-3000:]


def test_a_kata_that_interrupts_does_not_stop_the_others(tmp_path):
    run = _grade_folder(tmp_path, {
        "reshape_2d": "def construct_2d_array(original, m, n):\n    raise KeyboardInterrupt\n",
        "iou": _solution("iou"),
    }, "reshape_2d", "iou")
    assert _outcomes_of(run, "iou") == {"passed"}, run.output[-3000:]
    assert _outcomes_of(run, "reshape_2d") == {"failed"}


@pytest.mark.parametrize("value", ["-1", "nan", "inf", "ten"])
def test_a_meaningless_time_limit_is_refused(value):
    run = run_pytest("katas/reshape_2d", f"--kata-timeout={value}", "--impl=reference")
    assert run.returncode == 4, run.output[-2000:]
    assert "--kata-timeout" in run.output and "seconds" in run.output


def test_a_huge_time_limit_still_grades():
    run = run_pytest("katas/reshape_2d", "--kata-timeout=1e12", "--impl=reference")
    assert run.returncode == 0, run.output[-2000:]


def test_kata_test_and_pytest_both_say_the_file_imports_the_reference():
    path = ROOT / "tests" / "hostile" / "imports_the_reference.py"
    done = subprocess.run([sys.executable, "-m", "sensei.cli", "test", "reshape_2d", f"--impl={path}"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**__import__("os").environ, "NO_COLOR": "1"})
    assert "imports the reference solution" in done.stdout + done.stderr, done.stdout[-2000:]
    assert done.returncode != 0
