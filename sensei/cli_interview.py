"""`kata interview` and `kata review`: a kata in interview conditions, and spaced review.

An interview is a fresh copy of the stub as shipped (sensei/stubs/<slug>.py) in
`.kata/interviews/<slug>-<time>.py` (the learner's practice file is never touched), the statement
without its hints, and a clock: the session is `.kata/interview.json` (start and deadline in
wall-clock time, from sensei.clock), so it survives the terminal closing. `--check` grades the
attempt (sensei/cli_grade.py, as `kata test --impl=` does); hints, the folded traps and the
solution are refused while it runs. `--submit`, or the first `kata` command after the deadline
(the bell), takes the final grade and records it (the interview table of the progress store), and
moves the kata on the review schedule:

    REVIEW_DAYS = 1, 3, 7, 21, 60 days. A pass moves the kata to the next interval (the first
    pass puts it on the first, 1 day); a failure puts it back on 1 day. A pass before the kata
    is due keeps its interval, counted from that day (reviewing early does not skip ahead).
    Passing a kata in practice (`kata test`) puts it on the schedule, due the next day.

`kata review` lists what is due and starts the most overdue one as an interview. Standard library
only (no curses: plain lines, on a terminal or not).
"""
from __future__ import annotations

import json
import os
import random
import re
from dataclasses import asdict, dataclass, fields
from datetime import date, timedelta
from pathlib import Path

from . import clock, layout
from .cli_catalog import CliError, Kata, load_toml
from .progress import Interview, StoreError

REVIEW_DAYS = (1, 3, 7, 21, 60)
DEFAULT_MINUTES = {"E": 20, "M": 35, "H": 45}
SEED_ENV = "KATA_SEED"
SESSION = Path(".kata") / "interview.json"
ATTEMPTS = Path(".kata") / "interviews"
TAGS = {"passed": ("PASS", "green"), "failing": ("FAIL", "red"), "not started": ("TODO", "yellow")}


# -- the schedule ---------------------------------------------------------------------------
def next_review(step: int | None, due: str | None, today: date, passed: bool) -> tuple[int, date]:
    """The kata's (interval index, due date) after an interview taken `today` (see the module's
    docstring for the rule). step/due: where it was on the schedule (None: not on it)."""
    if not passed or step is None:
        return 0, today + timedelta(days=REVIEW_DAYS[0])
    step = max(0, min(step, len(REVIEW_DAYS) - 1))
    if due is None or today >= date.fromisoformat(due):
        step = min(step + 1, len(REVIEW_DAYS) - 1)
    return step, today + timedelta(days=REVIEW_DAYS[step])


def first_review(app, slug: str) -> None:
    """A kata passed in practice goes on the review schedule (due the next day), once."""
    due = clock.today() + timedelta(days=REVIEW_DAYS[0])
    app.store.schedule_first_review(slug, due.isoformat())


def review_dates(app) -> dict[str, str]:
    """slug -> "due" or the date of its next review (for `kata list`); {} if the store cannot be read."""
    try:
        reviews = app.store.reviews()
    except StoreError:
        return {}
    today = clock.today().isoformat()
    return {slug: "due" if due <= today else due for slug, (_, due) in reviews.items()}


# -- the session -----------------------------------------------------------------------------
@dataclass
class Session:
    slug: str
    attempt: str  # relative to the root
    started: float  # unix time (sensei.clock)
    deadline: float
    minutes: float
    kind: str = "interview"  # interview | review
    checks: int = 0  # `--check` runs
    first_green: float | None = None  # seconds from the start to the first passing grade

    def left(self, now: float) -> float:
        return self.deadline - now


def _session_path(app) -> Path:
    return app.root / SESSION


def load_session(app) -> Session | None:
    path = _session_path(app)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CliError(f"cannot read {SESSION} ({exc.strerror or exc})") from None
    try:
        data = json.loads(text)
        names = {f.name for f in fields(Session)}
        session = Session(**{k: v for k, v in data.items() if k in names})
        float(session.started), float(session.deadline)
        return session
    except (ValueError, TypeError) as exc:
        # Damaged (a half-written file from another tool?): set aside, never deleted, never blocking.
        aside = path.with_name(f"interview.json.bad-{clock.stamp()}")
        try:
            path.rename(aside)
        except OSError:
            raise CliError(f"{SESSION} is damaged ({exc}); move it away to end that interview") from None
        app.warn(f"{SESSION} was damaged ({exc}): moved aside to {app.rel(aside)}; no interview is running")
        return None


def _write_json(path: Path, data: dict) -> None:
    """Written whole or not at all: a temporary file renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def save_session(app, session: Session) -> None:
    try:
        _write_json(_session_path(app), asdict(session))
    except OSError as exc:
        raise CliError(f"cannot write {SESSION} ({exc.strerror or exc})") from None


def fmt_clock(seconds: float) -> str:
    """12:34, or 1:02:03."""
    seconds = max(0, int(round(seconds)))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _hhmm(seconds: float) -> str:
    return clock.local(seconds).strftime("%H:%M")


def refuse_during_interview(app, what: str) -> None:
    """Raises a one-line CliError while an interview runs: no hints, no traps, no solution."""
    session = load_session(app)
    if session is None:
        return
    left = fmt_clock(session.left(clock.now()))
    raise CliError(f"no {what} during an interview ({session.slug}, {left} left): "
                   f"`kata interview --submit` hands it in")


# -- the statement, without its hints ---------------------------------------------------------
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_DROPPED_SECTIONS = re.compile(r"hint|grade yourself", re.IGNORECASE)


def interview_statement(text: str, slug: str, attempt: str) -> str:
    """The statement without its hints: no `<details>` block (hints, classic traps), no "Hints"
    section, no "Grade yourself" section (it grades the practice file); the practice file's
    path reads as the attempt's."""
    out: list[str] = []
    in_code = in_details = False
    dropping_level = 0  # > 0: inside a dropped section of that heading level
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("```"):
            in_code = not in_code
        heading = None if in_code or stripped.startswith("```") else _HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            if dropping_level and level > dropping_level:
                continue
            dropping_level = level if _DROPPED_SECTIONS.search(heading.group(2)) else 0
        if dropping_level:
            continue
        if not in_code and stripped.lower().startswith("<details"):
            in_details = True
        if in_details:
            if "</details" in stripped.lower():
                in_details = False
            continue
        out.append(line)
    body = "\n".join(out).rstrip() + "\n"
    return body.replace(f"katas/{slug}/{slug}.py", attempt)


# -- grading ---------------------------------------------------------------------------------
def _layers(result) -> str:
    return result.layers.split(" (first: ", 1)[0] if result is not None else ""


def grade_attempt(app, kata: Kata, attempt: Path):
    """The attempt graded as `kata test SLUG --impl=ATTEMPT` grades it; None if the file is gone."""
    from .cli_grade import grade
    if not attempt.is_file():
        return None
    return grade(app.root, [kata], impl=str(attempt), timeout=getattr(app.args, "timeout", None))[kata.slug]


def print_grade(app, kata: Kata, result, attempt: str) -> None:
    s = app.style
    if result is None:
        app.out(s("FAIL", "red", "bold") + f"  {s(kata.slug, 'bold')}: the attempt {attempt} is missing")
        return
    tag, colour = TAGS[result.status]
    head = s(f"{tag:<4}", colour, "bold") + f"  {s(kata.slug, 'bold')}: "
    if result.status == "passed":
        app.out(head + f"all {result.total} checks passed")
    elif result.status == "not started":
        app.out(head + "; ".join(result.blocked))
        return
    else:
        app.out(head + (f"{result.passed} of {result.total} checks passed" if result.total else "no check ran"))
    layers = _layers(result)
    if layers:
        app.out("      " + layers)
    for line in result.blocked:  # a banned call, an unstarted function
        app.out(s(line, "yellow"))
    if result.error:
        app.out(s(result.error, "red"))
    if result.failures:
        app.out()
        app.out(s("First failure:", "bold"))
        app.out(result.failures[0].rstrip())
        more = len(result.failures) - 1
        if more:
            app.out(s(f"(+ {more} more failing check{'s' if more > 1 else ''})", "dim"))


# -- start, check, finish ---------------------------------------------------------------------
def kata_minutes(kata: Kata) -> float:
    """The kata's own time: `minutes` in its kata.toml, else by difficulty (E 20, M 35, H 45)."""
    try:
        meta = load_toml(layout.metadata(kata.root, kata.slug).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        meta = {}
    minutes = meta.get("minutes")
    if isinstance(minutes, (int, float)) and not isinstance(minutes, bool) and minutes > 0:
        return float(minutes)
    return float(DEFAULT_MINUTES.get(kata.difficulty, 30))


def _seed(app) -> int | None:
    seed = getattr(app.args, "seed", None)
    if seed is not None:
        return seed
    text = os.environ.get(SEED_ENV)
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise CliError(f"{SEED_ENV}={text!r} is not an integer") from None


def _due(app) -> list[tuple[str, Kata]]:
    """(due date, kata) of every kata due for review, most overdue first (then learning order)."""
    today = clock.today().isoformat()
    reviews = app.store.reviews()
    return sorted(((reviews[k.slug][1], k) for k in app.katas if k.slug in reviews and reviews[k.slug][1] <= today),
                  key=lambda pair: pair[0])


def pick(app) -> Kata:
    """Without a SLUG: a kata due for review, else one never solved (in practice or in an
    interview), else any; at random, seeded by --seed or KATA_SEED when given."""
    if not app.katas:
        raise CliError("no katas found in katas/")
    pool = [k for _, k in _due(app)]
    if not pool:
        records = app.records()
        solved = {i.slug for i in app.store.interviews() if i.passed}
        solved |= {slug for slug, r in records.items() if r.first_passed is not None}
        pool = [k for k in app.katas if k.slug not in solved] or list(app.katas)
    return random.Random(_seed(app)).choice(pool)


def _new_attempt(app, kata: Kata, stub: bytes, started: float) -> Path:
    folder = app.root / ATTEMPTS
    folder.mkdir(parents=True, exist_ok=True)
    base = f"{kata.slug}-{clock.stamp(started)}"
    for n in range(1000):
        path = folder / (f"{base}.py" if n == 0 else f"{base}-{n}.py")
        try:
            with open(path, "xb") as fh:  # never an existing file: an earlier attempt stays as it is
                fh.write(stub)
            return path
        except FileExistsError:
            continue
    raise CliError(f"no free name for a new attempt in {app.rel(folder)}")


def start(app, kata: Kata, minutes: float, kind: str) -> int:
    s = app.style
    try:
        stub = kata.shipped.read_bytes()
    except OSError as exc:
        raise CliError(f"cannot start: the stub as shipped {app.rel(kata.shipped)} cannot be read "
                       f"({exc.strerror or exc})") from None
    try:
        statement = kata.statement.read_text(encoding="utf-8")
    except OSError:
        raise CliError(f"{app.rel(kata.statement)} is missing: this kata has no statement yet") from None
    now = clock.now()
    try:
        attempt = _new_attempt(app, kata, stub, now)
    except OSError as exc:
        raise CliError(f"cannot create the attempt file in {ATTEMPTS}/ ({exc.strerror or exc})") from None
    session = Session(kata.slug, app.rel(attempt), now, now + 60 * minutes, minutes, kind)
    save_session(app, session)
    what = "Review" if kind == "review" else "Interview"
    app.out(s(f"{what}: {kata.slug}", "bold") + f" - {kata.title} ({kata.level}). "
            f"{minutes:g} minutes, from {_hhmm(session.started)} to {_hhmm(session.deadline)}.")
    app.out()
    _show(app, kata, session, statement)
    return 0


def _show(app, kata: Kata, session: Session, statement: str | None = None) -> None:
    from .cli_term import render_markdown
    s = app.style
    if statement is None:
        try:
            statement = kata.statement.read_text(encoding="utf-8")
        except OSError:
            statement = ""
    if statement:
        app.write(render_markdown(interview_statement(statement, kata.slug, session.attempt), s))
        app.out()
    app.out(f"Your attempt: {s(session.attempt, 'bold')} (a fresh stub; your practice file "
            f"{app.rel(kata.stub)} is not touched)")
    app.out(f"Check it: {s('kata interview --check', 'cyan')}   hand it in: {s('kata interview --submit', 'cyan')}")
    app.out(s("No hints and no solution until it ends. The clock runs on without this terminal: "
              "`kata interview` shows where you are.", "dim"))


def _time_left(app, session: Session) -> None:
    left = session.left(clock.now())
    app.out(f"Time left: {fmt_clock(left)} (until {_hhmm(session.deadline)}).")


def check(app, session: Session) -> int:
    kata = app.kata(session.slug)
    result = grade_attempt(app, kata, app.root / session.attempt)
    now = clock.now()
    session.checks += 1
    passed = result is not None and result.status == "passed"
    if passed and session.first_green is None:
        session.first_green = now - session.started
    current = load_session(app)
    if current is not None and (current.slug, current.started) == (session.slug, session.started):
        save_session(app, session)  # (not if another command ended it while this one graded)
    print_grade(app, kata, result, session.attempt)
    app.out()
    _time_left(app, session)
    if passed:
        app.out(app.style("Green. Hand it in with `kata interview --submit`, or polish it while the clock runs.", "dim"))
    return 0 if passed else 1


def finish(app, session: Session, how: str) -> int | None:
    """The final grade (how: submit | bell): graded, recorded, the review scheduled. None if
    another command took it meanwhile."""
    s = app.style
    kata = app.kata(session.slug)
    attempt = app.root / session.attempt
    result = grade_attempt(app, kata, attempt)
    now = clock.now()
    # Claim the session (one rename: of two commands at the bell, one records it).
    archive = attempt.with_suffix(".json")
    try:
        archive.parent.mkdir(parents=True, exist_ok=True)
        os.replace(_session_path(app), archive)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CliError(f"cannot end the interview: {SESSION} cannot be moved ({exc.strerror or exc})") from None
    passed = result is not None and result.status == "passed"
    first_green = session.first_green
    if passed and first_green is None:
        first_green = min(now, session.deadline) - session.started
    interview = Interview(None, session.slug, session.kind, session.started, now, session.minutes, how,
                          int(passed), result.passed if result else 0, result.total if result else 0,
                          _layers(result), first_green, session.checks, session.attempt)
    try:
        step, due = app.store.reviews().get(kata.slug, (None, None))
    except StoreError:
        step, due = None, None
    step, next_due = next_review(step, due, clock.today(), passed)
    data = {**asdict(session), "ended": now, "how": how, "passed": passed, "layers": interview.layers,
            "checks_passed": interview.checks_passed, "checks_total": interview.checks_total,
            "first_green": first_green, "next_review": next_due.isoformat()}
    try:
        _write_json(archive, data)
    except OSError:
        pass  # the store has it too; the archive holds the session as it was
    recorded = app.try_store(lambda: app.store.record_interview(interview, step, next_due.isoformat()) or True,
                             f"interview not recorded (its result is in {app.rel(archive)})")
    print_grade(app, kata, result, session.attempt)
    app.out()
    used = min(now, session.deadline) - session.started
    verdict = s("PASSED", "green", "bold") if passed else s("NOT PASSED", "red", "bold")
    green = f"first green at {fmt_clock(first_green)}" if first_green is not None else "never green"
    app.out(f"{'Handed in' if how == 'submit' else 'Final grade at the bell'}: {verdict} "
            f"({fmt_clock(used)} of {fmt_clock(60 * session.minutes)}; {green}; "
            f"{session.checks} check{'s' if session.checks != 1 else ''} run).")
    if recorded:
        days = (next_due - clock.today()).days
        app.out(f"Recorded. Next review of {kata.slug}: {next_due.isoformat()} "
                f"(in {days} day{'s' if days != 1 else ''}); `kata progress` shows your interviews.")
    app.out(s(f"Your attempt stays in {session.attempt}.", "dim"))
    return 0 if passed else 1


def ring_if_due(app, quiet_errors: bool = True) -> int | None:
    """The bell: the first command after the deadline takes the final grade. Returns its exit
    status, or None when no interview was over."""
    try:
        session = load_session(app)
        if session is None or clock.now() < session.deadline:
            return None
        app.out(app.style(f"The bell: time is up for the interview of {session.slug} "
                          f"({session.minutes:g} minutes). The final grade:", "bold"))
        return finish(app, session, "bell")
    except CliError as exc:
        if not quiet_errors:
            raise
        app.warn(f"the interview could not be ended: {exc}")
        return None


# -- the commands ---------------------------------------------------------------------------
def _minutes(app, kata: Kata) -> float:
    minutes = app.args.minutes
    if minutes is None:
        return kata_minutes(kata)
    if not minutes > 0:
        raise CliError("--minutes must be a positive number")
    return minutes


def cmd_interview(app) -> int:
    args = app.args
    if args.check and args.submit:
        raise CliError("--check or --submit, not both")
    rang = ring_if_due(app, quiet_errors=False)
    if args.check or args.submit:
        if rang is not None:
            return rang
        session = load_session(app)
        if session is None:
            raise CliError("no interview is running: `kata interview SLUG` starts one")
        if args.slug and app.kata(args.slug).slug != session.slug:
            raise CliError(f"the interview running is of {session.slug}, not {args.slug}")
        if args.check:
            return check(app, session)
        code = finish(app, session, "submit")
        if code is None:
            raise CliError("the interview was ended by another kata command meanwhile")
        return code
    session = load_session(app)
    if session is not None:
        if args.slug and app.kata(args.slug).slug != session.slug:
            left = fmt_clock(session.left(clock.now()))
            raise CliError(f"an interview of {session.slug} is running ({left} left): `kata interview --submit` "
                           f"hands it in first")
        kata = app.kata(session.slug)
        app.out(app.style(f"Interview of {session.slug} running", "bold") +
                f" since {_hhmm(session.started)}: {session.checks} check{'s' if session.checks != 1 else ''} run.")
        _time_left(app, session)
        app.out()
        _show(app, kata, session)
        return 0
    kata = app.kata(args.slug) if args.slug else pick(app)
    return start(app, kata, _minutes(app, kata), "interview")


def cmd_review(app) -> int:
    s = app.style
    reviews = app.store.reviews()
    known = {k.slug: k for k in app.katas}
    today = clock.today()
    rows = sorted(((due, slug, step) for slug, (step, due) in reviews.items() if slug in known))
    due_now = [r for r in rows if r[0] <= today.isoformat()]
    if not rows:
        app.out("Nothing on the review schedule yet: a kata goes on it when you pass it "
                "(`kata test SLUG`) or after an interview (`kata interview SLUG`).")
        return 0
    width = max(len(slug) for _, slug, _ in rows)
    app.out(s(f"Due for review: {len(due_now)} of {len(rows)} on the schedule "
              f"(intervals {', '.join(map(str, REVIEW_DAYS))} days).", "bold"))
    for due, slug, step in rows:
        days = (date.fromisoformat(due) - today).days
        interval = REVIEW_DAYS[max(0, min(step, len(REVIEW_DAYS) - 1))]
        when = ("due today" if days == 0 else f"due since {due}" if days < 0
                else f"{due} (in {days} day{'s' if days != 1 else ''})")
        app.out(f"  {slug:<{width}}  {s(when, 'yellow') if days <= 0 else when}  (interval {interval} "
                f"day{'s' if interval != 1 else ''})")
    if not due_now:
        app.out("Nothing is due today.")
        return 0
    if app.args.list:
        return 0
    session = load_session(app)
    if session is not None:
        left = fmt_clock(session.left(clock.now()))
        app.out(f"An interview of {session.slug} is running ({left} left): hand it in "
                f"(`kata interview --submit`) and `kata review` starts the next.")
        return 0
    kata = known[due_now[0][1]]
    app.out()
    return start(app, kata, _minutes(app, kata), "review")


def print_history(app) -> None:
    """Interview history per kata, for `kata progress`."""
    s = app.style
    interviews = app.store.interviews()
    if not interviews:
        app.out("  interviews: none yet (`kata interview` starts one, `kata review` the katas due)")
        return
    reviews = app.store.reviews()
    passed = sum(1 for i in interviews if i.passed)
    app.out()
    app.out(s(f"Interviews: {len(interviews)}, {passed} passed", "bold"))
    by_kata: dict[str, list[Interview]] = {}
    for item in interviews:
        by_kata.setdefault(item.slug, []).append(item)
    for slug, items in by_kata.items():
        due = reviews.get(slug, (None, None))[1]
        app.out(f"  {s(slug, 'bold')}" + (f"  (next review {due})" if due else ""))
        for i in items:
            when = clock.local(i.started).strftime("%Y-%m-%d %H:%M")
            verdict = s("passed", "green") if i.passed else s("failed", "red")
            used = fmt_clock(min(i.ended, i.started + 60 * i.minutes) - i.started)
            green = f"first green {fmt_clock(i.first_green)}" if i.first_green is not None else "never green"
            app.out(f"    {when}  {verdict:<6}  {used} of {i.minutes:g} min  {green}  "
                    f"{i.checks} check{'s' if i.checks != 1 else ''}  {i.checks_passed}/{i.checks_total}"
                    + (f"  {i.layers}" if i.layers else "") + ("  (review)" if i.kind == "review" else ""))


def add_commands(command) -> None:
    """Registers `interview` and `review` (command: the parser's helper in sensei/cli.py)."""
    p = command("interview", cmd_interview,
                "a kata in interview conditions: a fresh stub, a clock, no hints (`--check`, `--submit`)")
    p.add_argument("slug", nargs="?", help="the kata (without it: one due for review or unsolved, at random)")
    p.add_argument("--minutes", type=float, default=None,
                   help="the time allowed (default: the kata's, 20 easy / 35 medium / 45 hard)")
    p.add_argument("--check", action="store_true", help="grade the attempt and show the time left")
    p.add_argument("--submit", action="store_true", help="hand it in: the final grade, recorded")
    p.add_argument("--seed", type=int, default=None, help=f"seed of the random choice (or {SEED_ENV})")
    p = command("review", cmd_review, "spaced review: what is due, and start the next one as an interview")
    p.add_argument("--list", action="store_true", help="only list the schedule")
    p.add_argument("--minutes", type=float, default=None, help="the time allowed (default: the kata's)")
