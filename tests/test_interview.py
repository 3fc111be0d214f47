"""`kata interview` and `kata review`, end to end on a scratch copy of the repository (two small
katas with their stubs as shipped), with a clock the test controls (KATA_NOW, sensei/clock.py)."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from sensei import clock
from sensei.cli_interview import REVIEW_DAYS, interview_statement, next_review
from katatest import scratch_repo

REPO = Path(__file__).resolve().parent.parent
SMALL = ["reshape_2d", "iou"]  # fast to grade

pytestmark = pytest.mark.skipif(not all((REPO / "katas" / s / "kata.toml").is_file() for s in SMALL),
                                reason="the katas reshape_2d and iou are needed")


def _env(now: str, **extra) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("NO_COLOR", "FORCE_COLOR", "PYTEST_ADDOPTS", "KATA_NOW", "KATA_SEED")}
    env.update(COLUMNS="100", PYTHONUNBUFFERED="1", TZ="UTC", KATA_NOW=now)
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return scratch_repo(tmp_path_factory.mktemp("template") / "repo", SMALL)


@pytest.fixture
def repo(template, tmp_path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(template, root)
    return root


def kata(root: Path, now: str, *args: str, **extra):
    done = subprocess.run([sys.executable, "-m", "sensei.cli", *args], cwd=root, env=_env(now, **extra),
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          timeout=120)
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    return done


def attempt_of(done) -> Path:
    line = next(line for line in done.stdout.splitlines() if line.startswith("Your attempt: "))
    return Path(line.split()[2])


def session(root: Path) -> dict | None:
    path = root / ".kata" / "interview.json"
    return json.loads(path.read_text()) if path.exists() else None


def interviews(root: Path) -> list[tuple]:
    with sqlite3.connect(root / ".kata" / "progress.sqlite") as conn:
        return conn.execute("SELECT slug, kind, how, passed, checks, first_green, checks_passed, checks_total, "
                            "layers FROM interview ORDER BY id").fetchall()


def reviews(root: Path) -> dict:
    with sqlite3.connect(root / ".kata" / "progress.sqlite") as conn:
        return {slug: (step, due) for slug, step, due in conn.execute("SELECT slug, step, due FROM review")}


# -- the clock and the rule, without a subprocess ----------------------------------------------
def test_the_clock_reads_kata_now(monkeypatch):
    monkeypatch.setenv("KATA_NOW", "1893920400")
    assert clock.now() == 1893920400.0
    monkeypatch.setenv("KATA_NOW", "2030-01-07T09:00:00+00:00")
    assert clock.now() == 1894006800.0
    monkeypatch.setenv("KATA_NOW", "next tuesday")
    with pytest.raises(Exception, match="KATA_NOW='next tuesday' is not a time"):
        clock.now()
    monkeypatch.delenv("KATA_NOW")
    import time
    assert abs(clock.now() - time.time()) < 5


def test_the_review_rule():
    day = date(2030, 1, 7)
    assert REVIEW_DAYS == (1, 3, 7, 21, 60)
    assert next_review(None, None, day, passed=True) == (0, date(2030, 1, 8))  # first time: 1 day
    assert next_review(None, None, day, passed=False) == (0, date(2030, 1, 8))
    assert next_review(0, "2030-01-07", day, passed=True) == (1, date(2030, 1, 10))  # due: next interval
    assert next_review(1, "2030-01-05", day, passed=True) == (2, date(2030, 1, 14))  # overdue counts too
    assert next_review(3, "2030-01-07", day, passed=True) == (4, date(2030, 3, 8))  # 60 days
    assert next_review(4, "2030-01-07", day, passed=True) == (4, date(2030, 3, 8))  # and stays there
    assert next_review(3, "2030-01-07", day, passed=False) == (0, date(2030, 1, 8))  # a failure: back to 1
    assert next_review(2, "2030-01-09", day, passed=True) == (2, date(2030, 1, 14))  # early: no skipping ahead


def test_the_statement_loses_its_hints():
    text = (REPO / "katas" / "iou" / "README.md").read_text()
    assert "<details>" in text and "Hints (read only when stuck)" in text  # what is to be removed
    shown = interview_statement(text, "iou", ".kata/interviews/iou-1.py")
    assert "<details>" not in shown and "Classic traps" not in shown and "Hints" not in shown
    assert "x2 - x1 + 1" not in shown  # a trap's text
    assert "Grade yourself" not in shown and "pytest katas/iou" not in shown  # it grades the practice file
    assert "What to write (in `.kata/interviews/iou-1.py`)" in shown and "katas/iou/iou.py" not in shown
    assert "## Worked example" in shown and "## Invalid input" in shown and "def box_iou(" in shown


# -- an interview, end to end ------------------------------------------------------------------
def test_an_interview_end_to_end(repo):
    practice = repo / "katas" / "iou" / "iou.py"
    before = practice.read_bytes()
    done = kata(repo, "2030-01-07T09:00:00", "interview", "iou")
    assert done.returncode == 0, done.stderr
    assert "20 minutes, from 09:00 to 09:20" in done.stdout  # an easy kata's own time
    assert "What to write" in done.stdout and "Classic traps" not in done.stdout and "x2 - x1 + 1" not in done.stdout
    attempt = attempt_of(done)
    assert attempt.parts[:2] == (".kata", "interviews") and attempt.name.startswith("iou-20300107-090000")
    assert (repo / attempt).read_bytes() == (repo / "sensei" / "stubs" / "iou.py").read_bytes()
    state = session(repo)
    assert state["slug"] == "iou" and state["deadline"] - state["started"] == 20 * 60

    # A wrong attempt: the overlap's width not clamped at 0 (disjoint boxes get a negative IoU).
    reference = (repo / "solutions" / "iou.py").read_text()
    clamped = "max(0.0, min(ax2, bx2) - max(ax1, bx1)) *"
    assert clamped in reference
    (repo / attempt).write_text(reference.replace(clamped, "(min(ax2, bx2) - max(ax1, bx1)) *"))
    done = kata(repo, "2030-01-07T09:05:00", "interview", "--check")
    assert done.returncode == 1, done.stdout
    assert "FAIL  iou:" in done.stdout and "core " in done.stdout and "edge cases " in done.stdout
    assert "First failure:" in done.stdout and "disjoint" in done.stdout
    assert "Time left: 15:00" in done.stdout

    # The terminal closed; the clock ran on: `kata interview` says where things are.
    done = kata(repo, "2030-01-07T09:07:00", "interview")
    assert done.returncode == 0 and "Time left: 13:00" in done.stdout and "1 check run" in done.stdout
    assert str(attempt) in done.stdout

    shutil.copy2(repo / "solutions" / "iou.py", repo / attempt)
    done = kata(repo, "2030-01-07T09:08:00", "interview", "--check")
    assert done.returncode == 0, done.stdout
    assert "PASS  iou: all" in done.stdout and "Time left: 12:00" in done.stdout
    assert session(repo)["first_green"] == 8 * 60 and session(repo)["checks"] == 2

    # The bell: the first command after the deadline takes the final grade and records it.
    done = kata(repo, "2030-01-07T09:25:00", "progress")
    assert done.returncode == 0, done.stderr
    assert "The bell" in done.stdout and "Final grade at the bell: PASSED" in done.stdout
    assert "first green at 8:00; 2 checks run" in done.stdout
    assert "Next review of iou: 2030-01-08" in done.stdout
    assert session(repo) is None
    [row] = interviews(repo)
    assert row[:6] == ("iou", "interview", "bell", 1, 2, 480.0)
    assert row[6] == row[7] > 0 and row[8].startswith("core ")
    history = done.stdout.split("Interviews: 1, 1 passed")[1]  # `kata progress`, its history part
    assert "iou  (next review 2030-01-08)" in history
    assert "2030-01-07 09:00  passed" in history and "first green 8:00" in history and "2 checks" in history

    done = kata(repo, "2030-01-07T09:26:00", "progress")
    assert "The bell" not in done.stdout and "Interviews: 1, 1 passed" in done.stdout  # recorded once
    assert practice.read_bytes() == before  # the learner's practice file was never touched
    assert (repo / attempt).read_bytes() == (repo / "solutions" / "iou.py").read_bytes()  # the attempt stays


def test_no_hints_nor_solution_during_an_interview(repo):
    practice = repo / "katas" / "reshape_2d" / "reshape_2d.py"
    before = practice.read_bytes()
    assert kata(repo, "2030-01-07T09:00:00", "interview", "reshape_2d", "--minutes", "10").returncode == 0
    for command in (["hint", "reshape_2d"], ["hint", "iou"], ["solution", "reshape_2d", "--yes"],
                    ["show", "reshape_2d", "--all"]):
        done = kata(repo, "2030-01-07T09:04:00", *command)
        assert done.returncode == 2, (command, done.stdout)
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "during an interview (reshape_2d, 6:00 left)" in lines[0], (command, lines)
        assert "def reshape" not in done.stdout and "hint 1" not in done.stdout
    assert kata(repo, "2030-01-07T09:04:00", "show", "reshape_2d").returncode == 0  # the statement is fine
    # Another interview cannot start meanwhile.
    done = kata(repo, "2030-01-07T09:04:00", "interview", "iou")
    assert done.returncode == 2 and "an interview of reshape_2d is running" in done.stderr
    assert practice.read_bytes() == before


def test_a_banned_call_in_an_interview_attempt(repo):
    done = kata(repo, "2030-01-07T09:00:00", "interview", "iou")
    attempt = repo / attempt_of(done)
    source = attempt.read_text().replace("raise NotImplementedError", "return box_iou_op(boxes1, boxes2)")
    attempt.write_text("from torchvision.ops import box_iou as box_iou_op\n" + source)
    done = kata(repo, "2030-01-07T09:03:00", "interview", "--check")
    assert done.returncode == 1
    [banned] = [line for line in done.stdout.splitlines() if line.startswith("banned in this kata: ")]
    assert banned.startswith("banned in this kata: torchvision.ops.box_iou (line 1)"), done.stdout
    assert banned.endswith(": write it yourself")
    done = kata(repo, "2030-01-07T09:04:00", "interview", "--submit")
    assert done.returncode == 1 and "Handed in: NOT PASSED" in done.stdout
    assert "banned in this kata: torchvision.ops.box_iou (line 1)" in done.stdout
    [row] = interviews(repo)
    assert row[2:5] == ("submit", 0, 1) and row[5] is None


# -- choosing, the kata's time -----------------------------------------------------------------
def test_the_random_choice_is_seeded_and_minutes_come_from_the_kata(repo):
    chosen = set()
    for seed in ("1", "2", "3", "4", "5", "6"):
        picks = []
        for _ in range(2):
            done = kata(repo, "2030-01-07T09:00:00", "interview", KATA_SEED=seed)
            assert done.returncode == 0, done.stderr
            picks.append(session(repo)["slug"])
            (repo / ".kata" / "interview.json").unlink()  # as if it never ran: start again
        assert picks[0] == picks[1]  # the same seed, the same kata
        chosen.add(picks[0])
    assert chosen == set(SMALL)  # (seeds 1-6 happen to cover both)
    done = kata(repo, "2030-01-07T09:00:00", "interview", "--seed", "1")
    assert done.returncode == 0
    (repo / ".kata" / "interview.json").unlink()
    toml = repo / "katas" / "iou" / "kata.toml"
    toml.write_text(toml.read_text() + "minutes = 7\n")
    done = kata(repo, "2030-01-07T09:00:00", "interview", "iou")
    assert "7 minutes, from 09:00 to 09:07" in done.stdout
    (repo / ".kata" / "interview.json").unlink()
    done = kata(repo, "2030-01-07T09:00:00", "interview", "iou", "--minutes", "3")
    assert "3 minutes, from 09:00 to 09:03" in done.stdout


def test_a_due_kata_is_chosen_first(repo):
    shutil.copy2(repo / "solutions" / "reshape_2d.py", repo / "katas" / "reshape_2d" / "reshape_2d.py")
    assert kata(repo, "2030-01-07T09:00:00", "test", "reshape_2d").returncode == 0
    for seed in ("1", "2", "3", "4"):
        done = kata(repo, "2030-01-08T10:00:00", "interview", KATA_SEED=seed)
        assert done.returncode == 0 and session(repo)["slug"] == "reshape_2d"
        (repo / ".kata" / "interview.json").unlink()


# -- the review schedule over simulated days ----------------------------------------------------
def review_and_submit(repo: Path, day: str, solve: bool):
    done = kata(repo, f"{day}T08:00:00", "review")
    assert done.returncode == 0, done.stderr
    assert "reshape_2d  due today" in done.stdout and "Review: reshape_2d" in done.stdout, done.stdout
    attempt = repo / attempt_of(done)
    if solve:
        shutil.copy2(repo / "solutions" / "reshape_2d.py", attempt)
    done = kata(repo, f"{day}T08:10:00", "interview", "--submit")
    assert done.returncode == (0 if solve else 1), done.stdout
    return done


def next_review_in_list(repo: Path, now: str) -> str:
    row = next(line for line in kata(repo, now, "list").stdout.splitlines() if " reshape_2d " in line)
    return row.split()[-2]  # ... status, review, best


def test_the_review_schedule_over_simulated_days(repo):
    done = kata(repo, "2030-01-07T09:00:00", "review")
    assert done.returncode == 0 and "Nothing on the review schedule yet" in done.stdout
    # Passing in practice schedules the first review, the next day.
    shutil.copy2(repo / "solutions" / "reshape_2d.py", repo / "katas" / "reshape_2d" / "reshape_2d.py")
    assert kata(repo, "2030-01-07T09:00:00", "test", "reshape_2d").returncode == 0
    assert reviews(repo) == {"reshape_2d": (0, "2030-01-08")}
    assert next_review_in_list(repo, "2030-01-07T12:00:00") == "2030-01-08"
    done = kata(repo, "2030-01-07T12:00:00", "review")
    assert "2030-01-08 (in 1 day)" in done.stdout and "Nothing is due today." in done.stdout
    assert session(repo) is None

    assert next_review_in_list(repo, "2030-01-08T07:00:00") == "due"
    review_and_submit(repo, "2030-01-08", solve=True)  # pass: 3 days
    assert reviews(repo)["reshape_2d"] == (1, "2030-01-11")
    assert next_review_in_list(repo, "2030-01-08T09:00:00") == "2030-01-11"
    done = kata(repo, "2030-01-10T09:00:00", "review")  # not due yet
    assert "Nothing is due today." in done.stdout and session(repo) is None

    review_and_submit(repo, "2030-01-11", solve=True)  # pass: 7 days
    assert reviews(repo)["reshape_2d"] == (2, "2030-01-18")
    done = review_and_submit(repo, "2030-01-18", solve=False)  # the blank stub: a failure, back to 1 day
    assert "Handed in: NOT PASSED" in done.stdout and "Next review of reshape_2d: 2030-01-19" in done.stdout
    assert reviews(repo)["reshape_2d"] == (0, "2030-01-19")
    review_and_submit(repo, "2030-01-19", solve=True)  # and up again: 3 days
    assert reviews(repo)["reshape_2d"] == (1, "2030-01-22")
    rows = interviews(repo)
    assert [(r[1], r[3]) for r in rows] == [("review", 1), ("review", 1), ("review", 0), ("review", 1)]
    # Passing in practice again does not reset the schedule.
    assert kata(repo, "2030-01-20T09:00:00", "test", "reshape_2d").returncode == 0
    assert reviews(repo)["reshape_2d"] == (1, "2030-01-22")
    assert kata(repo, "2030-01-20T09:00:00", "review", "--list").stdout.count("(interval 3 days)") == 1


# -- the store -----------------------------------------------------------------------------------
def test_a_schema_1_store_is_migrated_with_its_rows(repo):
    store = repo / ".kata" / "progress.sqlite"
    store.parent.mkdir()
    with sqlite3.connect(store) as conn:  # the store as schema 1 wrote it
        conn.executescript("""
            CREATE TABLE kata (slug TEXT PRIMARY KEY, status TEXT NOT NULL DEFAULT 'not started', passed INTEGER,
                total INTEGER, last_run REAL, file_hash TEXT, first_passed REAL, best_ratio REAL,
                hints_shown INTEGER NOT NULL DEFAULT 0, revealed REAL);
            CREATE TABLE event (id INTEGER PRIMARY KEY AUTOINCREMENT, time REAL NOT NULL, slug TEXT NOT NULL,
                kind TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '');
            INSERT INTO kata (slug, status, passed, total, first_passed, best_ratio, hints_shown)
                VALUES ('iou', 'passed', 37, 37, 1.0, 1.5, 2);
            INSERT INTO event (time, slug, kind, detail) VALUES (1.0, 'iou', 'test', 'passed 37/37');
            PRAGMA application_id = 1801548897;
            PRAGMA user_version = 1;
        """)
    done = kata(repo, "2030-01-07T09:00:00", "list")
    assert done.returncode == 0, done.stderr
    row = next(line for line in done.stdout.splitlines() if " iou " in line)
    assert "passed" in row and "1.50x" in row and "hints 2/" in row
    with sqlite3.connect(store) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"kata", "event", "interview", "review"} <= tables
        assert conn.execute("SELECT count(*) FROM event").fetchone()[0] == 1
    done = kata(repo, "2030-01-07T09:00:00", "progress")
    assert done.returncode == 0 and "interviews: none yet" in done.stdout
