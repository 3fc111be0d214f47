"""Every kata's grader, checked the way a learner meets it: references pass, untouched stubs say
"not started" once, planted mistakes fail with their hint, other correct styles pass."""
from __future__ import annotations

import ast
import re

import pytest

from katatest import KATAS, STUBS, Run, docstring, module_constant, planted, wrong_args
from katatest import grade_in_batch as grade

WRONG = planted("wrong")
RIGHT = planted("right")


def public_functions(slug: str) -> list[str]:
    tree = ast.parse((STUBS / f"{slug}.py").read_text())
    return [n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))
            and not n.name.startswith("_")]


def grade_wrong(slug: str, path) -> Run:
    return grade(slug, str(path), *wrong_args(path))


def by_kata(slug: str):
    """All the tests of a kata in one xdist group: its gradings run as one batch (katatest.grade)."""
    return pytest.mark.xdist_group(f"kata-{slug}")


KATA_PARAMS = [pytest.param(slug, marks=by_kata(slug), id=slug) for slug in KATAS]


@pytest.mark.parametrize("slug", KATA_PARAMS)
def test_reference_passes_its_kata(slug):
    run = grade(slug, "reference")
    assert run.returncode == 0, run.output[-3000:]
    counts = run.outcomes()
    assert set(counts) == {"passed"} and counts["passed"] >= 10, counts


@pytest.mark.parametrize("slug", KATA_PARAMS)
def test_untouched_stub_says_not_started_once(slug):
    run = grade(slug, "sensei/stubs")  # the stub as shipped, whatever the learner's katas/ holds
    assert run.returncode == 1, run.output[-3000:]
    assert set(run.outcomes()) == {"not started"}, run.outcomes()
    lines = [line for line in run.output.splitlines() if line.startswith("not started: ")]
    assert len(lines) == 1, run.output[-3000:]
    where = f" in sensei/stubs/{slug}.py"
    assert lines[0].startswith("not started: implement ") and lines[0].endswith(where), lines[0]
    named = lines[0][len("not started: implement "):-len(where)].split(", ")
    assert sorted(named) == sorted(f"{name}()" for name in public_functions(slug)), lines[0]
    assert "Traceback" not in run.output and "NotImplementedError" not in run.output


@pytest.mark.parametrize("slug", KATAS)
def test_each_kata_has_planted_mistakes_and_alternatives(slug):
    assert len([f for s, f in WRONG if s == slug]) >= 6, "at least 6 planted wrong implementations"
    assert len([f for s, f in RIGHT if s == slug]) >= 2, "at least 2 correct alternatives"


@pytest.mark.parametrize("slug, path", [pytest.param(s, p, marks=by_kata(s)) for s, p in WRONG],
                         ids=[f"{s}/{p.stem}" for s, p in WRONG])
def test_planted_mistake_fails_with_its_hint(slug, path):
    assert docstring(path).startswith("WRONG:"), "say what the mistake is in the docstring"
    expect = module_constant(path, "EXPECT")
    assert expect, "name the words the learner must see (EXPECT = '...')"
    run = grade_wrong(slug, path)
    assert run.returncode == 1, run.output[-3000:]
    assert run.outcomes().get("failed", 0) >= 1, run.outcomes()
    assert expect in run.messages(), f"{expect!r} not in the failure messages:\n{run.output[-4000:]}"
    # PASSES: tests the mistake must not fail (e.g. a backward graded alone, whatever the forward did).
    for test in module_constant(path, "PASSES", []):
        ran = [t for t in run.report["tests"] if f"::{test}[" in t["nodeid"]]
        wrongly = [t["nodeid"] for t in ran if t["outcome"] != "passed"]
        assert ran and not wrongly, f"{test} must pass ({len(ran)} ran): {wrongly}\n{run.output[-4000:]}"
    # A failure teaches: the case, the input, and how to re-run it; never a traceback wall.
    failures = [t["message"] for t in run.report["tests"] if t["outcome"] == "failed"]
    for message in failures:
        assert re.match(r"\w+\(\) failed on case \"", message) or "has no " in message, message
        assert "re-run just this case: pytest" in message, message
        assert "Traceback" not in message, message


def _first_failure_params():
    """Planted mistakes, each expected to be NAMED by its first failure; a file where no honest
    diagnosis is possible says why (NO_DIAGNOSIS) and is a strict xfail: naming it later fails
    the test until the exception is removed."""
    params = []
    for slug, path in WRONG:
        why = module_constant(path, "NO_DIAGNOSIS")
        marks = [by_kata(slug)]
        marks += [pytest.mark.xfail(strict=True, reason=why)] if why else []
        params.append(pytest.param(slug, path, marks=marks, id=f"{slug}/{path.stem}"))
    return params


@pytest.mark.parametrize("slug, path", _first_failure_params())
def test_planted_mistake_is_named_by_the_first_failure(slug, path):
    """`pytest katas/<slug> -x` on the mistake: the first failure names it (EXPECT), so a learner who
    stops at the first failure learns what they did."""
    expect = module_constant(path, "EXPECT")
    run = grade_wrong(slug, path)
    first = next((t for t in run.report["tests"] if t["outcome"] not in ("passed", "skipped")), None)
    assert first is not None and first["outcome"] == "failed", run.output[-3000:]
    assert expect in first.get("message", ""), f"{expect!r} not in the first failure:\n{first.get('message')}"


@pytest.mark.parametrize("slug, path", [pytest.param(s, p, marks=by_kata(s)) for s, p in RIGHT],
                         ids=[f"{s}/{p.stem}" for s, p in RIGHT])
def test_correct_alternative_passes(slug, path):
    assert docstring(path).startswith("RIGHT:"), "say what style it is in the docstring"
    run = grade(slug, str(path))
    assert run.returncode == 0, run.output[-4000:]
    assert set(run.outcomes()) == {"passed"}, run.outcomes()
