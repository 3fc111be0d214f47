"""The shared grader's behaviour that no single kata shows: broken files, time limits, reporting,
benchmarks, plain output, reproducibility, and use outside pytest."""
from __future__ import annotations

import collections
import os
import textwrap
import time

import numpy as np
import pytest

from katatest import ROOT, grade, run_pytest
from sensei import Close, Exact, Kata, KataFailure, NotStarted, Scalar, case, generated, load_module
from sensei.compare import computed_from


def write(tmp_path, name, source):
    path = tmp_path / name
    path.write_text(textwrap.dedent(source))
    return path


def test_a_file_that_does_not_import_gives_one_line(tmp_path):
    path = write(tmp_path, "nms.py", "def nms(boxes, scores, t):\n    return [\n")
    run = grade("nms", str(path))
    assert run.returncode == 1
    lines = [line for line in run.output.splitlines() if line.startswith("does not import: ")]
    assert len(lines) == 1, run.output
    assert "SyntaxError at line" in lines[0] and "nms.py" in lines[0]
    assert "Traceback" not in run.output
    assert set(run.outcomes()) == {"does not import"}


def test_an_error_at_import_time_shows_the_learners_line(tmp_path):
    path = write(tmp_path, "nms.py", """\
        import numpy as np
        THRESHOLD = 1 / 0
        """)
    run = grade("nms", str(path))
    assert run.returncode == 1
    assert "does not import:" in run.output and "ZeroDivisionError" in run.output
    assert "THRESHOLD = 1 / 0" in run.output


def test_a_missing_function_is_named(tmp_path):
    path = write(tmp_path, "nms.py", """\
        import numpy as np
        def nms(boxes, scores, iou_threshold):
            raise NotImplementedError
        """)
    run = grade("nms", str(path))
    assert "has no batched_nms" in run.output
    assert "not started: implement nms() in" in run.output


def test_an_error_in_the_learners_code_shows_only_their_lines(tmp_path):
    path = write(tmp_path, "nms.py", """\
        import numpy as np
        def nms(boxes, scores, iou_threshold):
            order = np.argsort(-scores)
            return np.array([order[0]], dtype=np.int64)
        def batched_nms(boxes, scores, labels, iou_threshold):
            raise NotImplementedError
        """)
    run = grade("nms", str(path))
    message = next(t["message"] for t in run.report["tests"] if "empty-input" in t["nodeid"])
    assert "nms() raised IndexError" in message
    assert "in your code:" in message and "return np.array([order[0]], dtype=np.int64)" in message
    assert "sensei" not in message and "solutions" not in message  # no harness or reference frames


def test_a_time_limit_is_not_swallowed_by_except_exception(tmp_path):
    path = write(tmp_path, "nms.py", """\
        def nms(boxes, scores, iou_threshold):
            while True:
                try:
                    pass
                except Exception:
                    pass
        def batched_nms(boxes, scores, labels, iou_threshold):
            raise NotImplementedError
        """)
    run = run_pytest("katas/nms/test_nms.py::test_nms", f"--impl={path}", "--kata-timeout=0.3", "--maxfail=2")
    assert run.returncode == 1
    assert run.outcomes().get("failed") == 2
    assert "timed out: nms() did not return within 0.3 s" in run.output


def test_a_generated_failure_is_shrunk_to_a_small_input():
    path = ROOT / "tests/planted/nms/wrong_forgot_index_shift.py"
    run = grade("nms", str(path))
    message = next(t["message"] for t in run.report["tests"] if "random-n-200" in t["nodeid"]
                   and t["outcome"] == "failed")
    assert "a smaller generated input fails too" in message
    assert "shrunk to size" in message and "boxes = [[" in message  # the small input in full


def test_failures_are_reproducible():
    path = str(ROOT / "tests/planted/nms/wrong_forgot_index_shift.py")
    first = run_pytest("katas/nms", f"--impl={path}")
    second = run_pytest("katas/nms", f"--impl={path}", "-p", "no:randomly")
    assert first.messages() == second.messages()


def test_the_rerun_command_reruns_just_that_case():
    path = str(ROOT / "tests/planted/nms/wrong_suppress_at_equal_iou.py")
    run = grade("nms", path)
    message = next(t["message"] for t in run.report["tests"] if t["outcome"] == "failed")
    command = message.split("re-run just this case: ")[1].strip()
    assert command.startswith('pytest "katas/nms/test_nms.py::')
    target = command.split('"')[1]
    again = run_pytest(target, f"--impl={path}")
    assert again.outcomes() == {"failed": 1}


def test_output_is_plain_when_not_on_a_terminal():
    run = run_pytest("katas/nms", "--impl=reference", env={"NO_COLOR": ""})
    assert "\x1b[" not in run.output


def test_benchmarks_are_skipped_when_grading_and_run_side_by_side_on_request():
    graded = grade("iou", "reference")
    assert not any("benchmark" in t["nodeid"] for t in graded.report["tests"])
    run = run_pytest("katas/iou", "--benchmark-only", "--kata-bench-time=0.01", "--impl=reference")
    assert run.returncode == 0, run.output[-2000:]
    assert set(run.report["benchmarks"]) == {"iou: box_iou N=100", "iou: box_iou N=1000"}
    assert "your time / the reference's time" in run.output
    assert "iou: box_iou N=100: yours" in run.output and "x (" in run.output
    assert not any("test_box_iou[" in t["nodeid"] for t in run.report["tests"])


def test_benchmarking_an_untouched_stub_says_not_started():
    run = run_pytest("katas/iou", "--benchmark-only", "--impl=sensei/stubs")  # the stub as shipped
    assert run.returncode == 1
    assert "not started: implement iou(), box_iou() in sensei/stubs/iou.py" in run.output


# -- the grader used directly (a notebook, a script) ----------------------------------------------
def kata_from(tmp_path, source: str) -> Kata:
    path = write(tmp_path, "impl.py", source)
    reference = load_module(ROOT / "solutions" / "softmax.py", "softmax_reference_for_test")
    return Kata("softmax", path, reference, timeout=2)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # the planted softmax overflows on purpose
def test_checks_work_outside_pytest(tmp_path):
    kata = kata_from(tmp_path, """\
        import numpy as np
        def softmax(x, axis=-1):
            e = np.exp(x)
            return e / e.sum(axis=axis, keepdims=True)
        def log_softmax(x, axis=-1):
            raise NotImplementedError
        """)
    kata.check("softmax", case("small", x=np.array([1.0, 2.0])), Close())
    with pytest.raises(KataFailure) as failure:
        kata.check("softmax", case("huge", x=np.array([1e4, 0.0]), hint="shift it"), Close())
    text = str(failure.value)
    assert text.startswith('softmax() failed on case "huge"') and "expected: [1., 0.]" in text
    assert "hint: shift it" in text
    with pytest.raises(NotStarted, match=r"not started: implement log_softmax\(\)"):
        kata.check("log_softmax", case("small", x=np.array([1.0])), Close())


def test_specs_report_shape_dtype_and_values():
    assert "wrong shape" in Close().problem(np.zeros((2, 3)), np.zeros((3, 2))).summary
    assert "wrong dtype" in Close().problem(np.zeros(2, np.float32), np.zeros(2)).summary
    problem = Close().problem(np.array([1.0, 2.5, np.nan]), np.array([1.0, 2.0, 3.0]))
    assert problem.summary == "wrong values"
    assert "first mismatch at [1]" in problem.details[0] and "NaN or inf" in " ".join(problem.details)
    assert Close().problem(np.array([-np.inf, 1.0]), np.array([-np.inf, 1.0])) is None
    assert Close().problem(np.array([1e300]), np.array([np.inf])) is not None  # only inf matches inf
    assert Close().problem(np.array([np.nan]), np.array([np.nan])) is None
    assert "missing" in Exact().problem(np.array([0]), np.array([0, 1])).details[0]


def test_a_scalars_tolerance_follows_the_inputs_dtype_not_the_type_returned():
    off = 2.0 * (1 + 5e-5)  # within float32's tolerance, not within float64's
    for returned in (off, np.float32(off), np.array(off)):
        with computed_from({"x": np.ones(3), "labels": np.arange(3)}):
            assert Scalar().problem(returned, 2.0) is not None, type(returned)
        with computed_from({"x": np.ones(3, np.float32), "labels": np.arange(3), "reg": 0.5}):
            assert Scalar().problem(returned, 2.0) is None, type(returned)
    with computed_from({"x": np.ones(3)}):
        assert "compute in the inputs' dtype" in Scalar().problem(np.float32(off), 2.0).hint
        assert "compute in the inputs' dtype" not in Scalar().problem(off, 2.0).hint
    assert Scalar().problem(off, np.float32(2.0)) is None  # outside a check: the expected's dtype
    assert Scalar().problem(np.float32(off), 2.0) is not None


def test_generated_cases_are_reproducible_from_their_seed():
    make = lambda rng, n: {"x": rng.standard_normal(n)}  # noqa: E731
    first, second = generated("g", make, sizes=[4], seeds=[7]), generated("g", make, sizes=[4], seeds=[7])
    np.testing.assert_array_equal(first[0].args["x"], second[0].args["x"])
    assert first[0].id == "g-seed-7"


def test_a_call_sent_ahead_is_the_next_tests_call_or_nobodys(tmp_path):
    """Runner.speculate: the worker starts on the next test's first call while the test before is
    reported. The call it asks for gets that reply (the learner's code ran once); another call gets
    its own (the one sent ahead is read and forgotten); a call sent ahead that never returns counts
    against the time limit of the call that asks for it."""
    from sensei.worker import Runner

    path = write(tmp_path, "impl.py", """\
        import time
        CALLS = []
        def f(x):
            CALLS.append(x)
            if x == "hang":
                time.sleep(60)
            return x, len(CALLS)
        """)
    runner = Runner(path, "speculated_impl", "impl.py")
    try:
        def request(x, opts=None):
            return ("call", "f", [x], {}, opts or {})

        assert runner.request(request("a"), 5).value == ("a", 1)
        b = request("b")
        runner.speculate(b)
        assert runner.request(("call", "f", b[2], {}, {}), 5).value == ("b", 2)  # the same objects: its reply
        runner.speculate(request("c"))
        assert runner.request(request("d"), 5).value == ("d", 4)  # "c" ran (3), and was forgotten
        assert runner.request(request("e", {"x": 1}), 5).value == ("e", 5)
        hang = request("hang")
        runner.speculate(hang)
        time.sleep(0.5)
        start = time.monotonic()
        assert runner.request(hang, 1.0).kind == "timeout"  # 1 s from the moment it was sent
        assert time.monotonic() - start < 0.9
        assert runner.request(request("z"), 5).value == ("z", 1)  # a new worker
    finally:
        runner.close()


def test_a_request_started_early_runs_in_a_worker_of_its_own(tmp_path):
    """Runner.early: a long probe starts at once in a one-shot worker (a fresh import of the file);
    the request that asks for the same (equal arguments, not the same objects) reads its reply, which
    never passes through the main worker; another request is served as usual; a request started
    early that never returns times out within the limit counted from the ask; those nobody asked
    for are killed with the runner."""
    import numpy as np

    from sensei.worker import Runner

    path = write(tmp_path, "impl.py", """\
        import os, time
        CALLS = []
        def f(x, n):
            CALLS.append(n)
            if n == "hang":
                time.sleep(60)
            return os.getpid(), len(CALLS), float(x.sum())
        """)
    runner = Runner(path, "early_impl", "impl.py")
    try:
        def request(x, n):
            return ("call", "f", [x, n], {}, {})

        runner.early(request(np.arange(3.0), 7))
        runner.early(request(np.arange(3.0), "hang"))
        runner.early(request(np.arange(4.0), "never asked"))
        [unasked] = [w for key, w in runner.early_workers if b"never asked" in key]
        main_pid, calls, total = runner.request(request(np.ones(2), 1), 5).value
        assert (calls, total) == (1, 2.0)
        early_pid, calls, total = runner.request(request(np.arange(3.0), 7), 5).value  # equal, not the same
        assert early_pid != main_pid and (calls, total) == (1, 3.0)  # its own process, its own import
        assert runner.request(request(np.ones(2), 2), 5).value[:2] == (main_pid, 2)  # the main worker as before
        time.sleep(0.3)
        start = time.monotonic()
        assert runner.request(request(np.arange(3.0), "hang"), 1.0).kind == "timeout"
        assert 0.9 < time.monotonic() - start < 3  # from the ask, not from the start
        assert unasked.alive
    finally:
        runner.close()
    assert not unasked.alive and not runner.early_workers
    with pytest.raises(ProcessLookupError):
        os.kill(unasked.pid, 0)


def test_a_kata_early_mark_starts_its_probe_with_the_kata(tmp_path):
    """kmeans' 700-seed test is marked kata_early: its 700 calls run in a process of their own, started
    with the kata, while the other tests' calls run in the kata's worker; the kata passes as before."""
    log = tmp_path / "calls.txt"
    impl = tmp_path / "kmeans.py"
    impl.write_text((ROOT / "solutions" / "kmeans.py").read_text() + textwrap.dedent(f"""
        import os as _os
        _init = kmeans_plusplus_init
        def kmeans_plusplus_init(x, k, rng):
            with open({str(log)!r}, "a") as fh:
                fh.write(f"{{_os.getpid()}}\\n")
            return _init(x, k, rng)
        """))
    run = run_pytest("katas/kmeans", f"--impl={impl}", "-k", "plusplus")
    assert run.returncode == 0 and run.outcomes().get("passed", 0) >= 5, run.output[-3000:]
    by_pid = collections.Counter(log.read_text().split())
    assert len(by_pid) == 2 and 700 in by_pid.values(), by_pid


def test_generated_cases_can_be_drawn_ahead_in_a_child_process():
    """sensei.prefetch: a kata's generated cases are drawn by a forked child while the grading runs; a case
    first used after the child sent it is not drawn again here (the same arguments), one it has not sent
    yet (or could not draw) is drawn here as before, and after close() every case draws here."""
    from sensei.prefetch import Prefetch

    here = []

    def make(rng, n):
        here.append(n)  # only this process's draws land in this list
        if n == 3:
            raise ValueError("no safe input of size 3")
        return {"x": rng.standard_normal(n)}

    def twin(rng, n):
        return {"x": rng.standard_normal(n)}

    cases = generated("n={size}", make, sizes=[1, 2, 3, 4], seeds=[0])
    twins = generated("n={size}", twin, sizes=[1, 2, 3, 4], seeds=[0])  # the same draws, made here
    ahead = Prefetch(cases)
    try:
        deadline = time.monotonic() + 10
        while ahead.rfd is not None and time.monotonic() < deadline:  # until the child has sent them all
            ahead._read()
            time.sleep(0.01)
        assert np.array_equal(cases[1].args["x"], twins[1].args["x"]) and here == []
        with pytest.raises(ValueError, match="size 3"):  # the child could not: drawn here, and it says why
            cases[2].args
        assert here == [3]
        assert np.array_equal(cases[0].args["x"], twins[0].args["x"]) and here == [3]
    finally:
        ahead.close()
    assert np.array_equal(cases[3].args["x"], twins[3].args["x"]) and here == [3, 4]  # closed: drawn here
    assert Prefetch([cases[0]]).pid is None  # nothing left to draw: no child


def test_the_suite_runs_each_katas_gradings_on_one_xdist_worker():
    """`pytest tests -n auto --dist loadgroup`: every test of test_graders.py about one kata is in that
    kata's group (its gradings run once, as one batch); any other test is a group of its own."""
    from katatest import group_of

    ids = ["tests/test_graders.py::test_reference_passes_its_kata[nms]",
           "tests/test_graders.py::test_untouched_stub_says_not_started_once[nms]",
           "tests/test_graders.py::test_planted_mistake_fails_with_its_hint[nms/wrong_strict_threshold]",
           "tests/test_graders.py::test_planted_mistake_is_named_by_the_first_failure[nms/wrong_x]"]
    assert {group_of(i) for i in ids} == {"kata-nms"}
    right = "tests/test_graders.py::test_correct_alternative_passes[soft_nms/right_loops]"
    assert group_of(right) == "kata-soft_nms"
    other = "tests/test_cli.py::test_hints_one_more_each_call"
    assert group_of(other) == other
    assert group_of("tests/test_graders.py::test_reference_passes_its_kata[nms]@kata-nms") == "kata-nms"


def test_generated_cases_are_drawn_when_first_used():
    """A run that grades a few cases (the stub's, -x, one case re-run) draws only those."""
    drawn = []

    def make(rng, n):
        drawn.append(n)
        return {"x": rng.random(n)}

    cases = generated("random n={size}", make, sizes=[3, 5], seeds=range(2))
    assert drawn == [] and [c.id for c in cases][:2] == ["random-n-3-seed-0", "random-n-3-seed-1"]
    x = cases[1].args["x"]
    assert drawn == [3] and np.array_equal(x, np.random.default_rng(1).random(3))
    assert cases[1].args["x"] is x and drawn == [3]  # drawn once
    assert cases[1].describe_origin() == "generated with np.random.default_rng(1), size 3"


def test_a_generator_reading_a_loop_variable_is_refused():
    """Drawn later, a generator that reads a loop's variable would see its last value: said at once."""
    cases = []
    for mode in ("first", "second"):
        cases += generated(f"{mode} n={{size}}", lambda rng, n: {"mode": mode}, sizes=[1], seeds=[0])
    with pytest.raises(RuntimeError, match="bind it as a default argument"):
        cases[0].args
    bound = [c for mode in ("first", "second")
             for c in generated(f"{mode} n={{size}}", lambda rng, n, mode=mode: {"mode": mode}, sizes=[1], seeds=[0])]
    assert [c.args["mode"] for c in bound] == ["first", "second"]


def test_an_untouched_stub_draws_no_generated_case():
    """`kata.call` says "not started" before the case's arguments are drawn (kmeans draws ~90 ms of them)."""
    drawn = []

    def make(rng, n):
        drawn.append(n)
        return {"boxes": rng.random((n, 4)), "scores": rng.random(n), "iou_threshold": 0.5}

    reference = load_module(ROOT / "solutions" / "nms.py", "reference_nms_for_stub_draws")
    kata = Kata("nms", ROOT / "sensei" / "stubs" / "nms.py", reference)
    try:
        with pytest.raises(NotStarted):
            kata.check("nms", generated("random n={size}", make, sizes=[4], seeds=[0])[0])
    finally:
        kata.close()
    assert drawn == []
