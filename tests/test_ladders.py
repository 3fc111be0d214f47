"""Follow-up ladders (kata.toml `follow_ups`): after a pass, `kata next` offers the interviewer's next
question first, and `kata test SLUG` names it. End to end on a scratch copy of the repository (the
pattern of tests/test_cli.py: the stubs as shipped, the command run as a subprocess), plus checks
over the real catalogue: every follow-up names a kata, and the README shows every ladder."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sensei.cli_catalog import discover, load_kata
from katatest import scratch_repo

REPO = Path(__file__).resolve().parent.parent
SCRATCH = ["reshape_2d", "iou", "nms", "soft_nms"]  # fast to grade; iou -> nms -> soft_nms


def _env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "PYTEST_ADDOPTS")}
    env.update(COLUMNS="100", PYTHONUNBUFFERED="1")
    return env


@pytest.fixture
def repo(tmp_path) -> Path:
    return scratch_repo(tmp_path / "repo", SCRATCH)


def kata(root: Path, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "sensei.cli", *args], cwd=root, env=_env(),
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          timeout=120)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


def solve(root: Path, slug: str) -> None:
    """The learner's file becomes the reference: a pass."""
    shutil.copy2(root / "solutions" / f"{slug}.py", root / "katas" / slug / f"{slug}.py")


def passes(root: Path, slug: str) -> str:
    solve(root, slug)
    done = kata(root, "test", slug)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def first_line(done: subprocess.CompletedProcess) -> str:
    return done.stdout.splitlines()[0]


# -- the command, end to end ---------------------------------------------------------------------
def test_next_offers_the_follow_up_of_the_kata_just_passed(repo):
    assert first_line(kata(repo, "next")).startswith("Next: reshape_2d")  # nothing passed: the learning order
    out = passes(repo, "nms")
    assert "next, as an interviewer would ask: soft_nms (kata show soft_nms)" in out
    done = kata(repo, "next")
    assert done.returncode == 0
    assert first_line(done).startswith("Next: soft_nms")
    assert "follow-up to nms: soft_nms" in done.stdout.splitlines()[1]
    assert "soft_nms" in done.stdout and "What to write" in done.stdout  # and shows its statement

    # The follow-up passed: the ladder is done and the learning order resumes.
    out = passes(repo, "soft_nms")
    assert "as an interviewer would ask" not in out  # soft_nms has no follow-up
    done = kata(repo, "next")
    assert first_line(done).startswith("Next: reshape_2d") and "follow-up to" not in done.stdout


def test_the_most_recent_pass_with_an_open_follow_up_wins(repo):
    toml = repo / "katas" / "reshape_2d" / "kata.toml"
    toml.write_text(toml.read_text() + '\nfollow_ups = ["iou"]\n')
    passes(repo, "nms")
    passes(repo, "reshape_2d")  # the latest pass with an open follow-up: iou
    done = kata(repo, "next")
    assert first_line(done).startswith("Next: iou") and "follow-up to reshape_2d: iou" in done.stdout
    passes(repo, "nms")  # nms graded again, and passing: now the latest
    done = kata(repo, "next")
    assert first_line(done).startswith("Next: soft_nms") and "follow-up to nms: soft_nms" in done.stdout
    # iou passed after nms, but its follow-ups are passed (nms) or not in this copy (map): skipped.
    out = passes(repo, "iou")
    assert "as an interviewer would ask" not in out
    done = kata(repo, "next")
    assert first_line(done).startswith("Next: soft_nms") and "follow-up to nms: soft_nms" in done.stdout
    # nms fails now: it is no longer a pass (soft_nms is not its follow-up any more), and as iou's
    # follow-up it is open again, and offered.
    (repo / "katas" / "nms" / "nms.py").write_text((repo / "solutions" / "nms.py").read_text()
                                                   .replace("<= iou_threshold", "< iou_threshold"))
    assert kata(repo, "test", "nms").returncode == 1
    done = kata(repo, "next")
    assert first_line(done).startswith("Next: nms") and "follow-up to iou: nms" in done.stdout
    assert "soft_nms" not in done.stdout.splitlines()[1]


def test_grading_the_reference_names_no_follow_up(repo):
    done = kata(repo, "test", "nms", "--impl=reference")
    assert done.returncode == 0 and "as an interviewer would ask" not in done.stdout


def test_follow_ups_are_read_from_kata_toml(repo):
    toml = repo / "katas" / "reshape_2d" / "kata.toml"
    toml.write_text(toml.read_text() + '\nfollow_ups = ["iou", "no_such_kata"]\n')
    assert load_kata(toml.parent).follow_ups == ["iou", "no_such_kata"]
    out = passes(repo, "reshape_2d")
    assert "next, as an interviewer would ask: iou (kata show iou)" in out
    assert "no_such_kata" not in out  # a follow-up outside this copy of the catalogue is left out
    done = kata(repo, "next")
    assert first_line(done).startswith("Next: iou") and "follow-up to reshape_2d: iou" in done.stdout


# -- the catalogue ----------------------------------------------------------------------------
CATALOGUE = discover(REPO)
SLUGS = {k.slug for k in CATALOGUE}
EDGES = {(k.slug, f) for k in CATALOGUE for f in k.follow_ups}


@pytest.mark.parametrize("kata_", CATALOGUE, ids=lambda k: k.slug)
def test_follow_ups_name_existing_katas(kata_):
    text = (kata_.folder / "kata.toml").read_text()
    if "follow_ups" in text:
        assert kata_.follow_ups, "follow_ups must be a list of kata slugs"
    for slug in kata_.follow_ups:
        assert slug in SLUGS, f"{kata_.slug}: follow-up {slug!r} is not a kata (katas/{slug}/kata.toml)"
        assert slug != kata_.slug, f"{kata_.slug} cannot follow itself"


def test_the_issue_ladders_are_there_and_climb():
    for edge in [("nms", "soft_nms"), ("attention", "kv_cache"), ("kv_cache", "flash_attention"),
                 ("batchnorm", "layernorm"), ("softmax", "flash_attention"),
                 ("cross_entropy", "logistic_regression"), ("pairwise_distance", "knn"), ("knn", "kmeans")]:
        assert edge in EDGES, edge
    # No cycle: a ladder always ends (a kata is never its own follow-up, however far up).
    ups = {k.slug: k.follow_ups for k in CATALOGUE}

    def reachable(slug, seen):
        for nxt in ups.get(slug, []):
            if nxt not in seen:
                seen.add(nxt)
                reachable(nxt, seen)
        return seen

    for slug in ups:
        assert slug not in reachable(slug, set()), f"a cycle through {slug}"


def test_readme_shows_every_ladder():
    """The README's catalogue lists the ladders as `a -> b -> c` chains: exactly the kata.toml edges."""
    text = (REPO / "README.md").read_text()
    listed = set()
    for chain in re.findall(r"`([a-z0-9_]+(?: -> [a-z0-9_]+)+)`", text):
        steps = chain.split(" -> ")
        listed |= set(zip(steps, steps[1:]))
    assert EDGES, "no kata names a follow-up"
    assert EDGES - listed == set(), f"ladders missing from the README: {sorted(EDGES - listed)}"
    kata_edges = {e for e in listed if e[0] in SLUGS}  # `adam -> adamw` is a function ladder in one kata
    assert kata_edges - EDGES == set(), f"the README lists ladders no kata.toml names: {sorted(kata_edges - EDGES)}"


# -- within a kata: optimizers, adam -> adamw ---------------------------------------------------
def test_adamw_not_started_blocks_only_adamw(tmp_path):
    """A learner who wrote the four rules and not the bonus: their checks run and pass; only adamw's
    checks say "not started" (one line naming adamw() alone)."""
    from katatest import run_pytest
    source = (REPO / "solutions" / "optimizers.py").read_text()
    cut = source.index("\n\ndef adamw(")
    learner = tmp_path / "optimizers.py"
    learner.write_text(source[:cut] + '\n\n\ndef adamw(w, dw, config=None):\n    """AdamW."""\n'
                       "    raise NotImplementedError\n")
    run = run_pytest("katas/optimizers", f"--impl={learner}")
    assert run.returncode == 1
    by_rule: dict[str, set] = {}
    for test in run.report["tests"]:
        rule = re.search(r"\[(\w+?)(?:-|\])", test["nodeid"]).group(1)
        by_rule.setdefault(rule, set()).add(test["outcome"])
    assert by_rule.pop("adamw") == {"not started"}, run.output[-3000:]
    assert set(by_rule) == {"sgd", "sgd_momentum", "rmsprop", "adam"}
    assert all(outcomes == {"passed"} for outcomes in by_rule.values()), by_rule
    assert [line for line in run.output.splitlines() if line.startswith("not started: ")] == \
        [f"not started: implement adamw() in {learner}"]
