"""`kata`: the learner's front door. pytest stays the grading engine; this lists the katas, shows
statements and hints, runs the graded tests and benchmarks, and keeps the learner's progress.

    kata list | next | show SLUG | test [SLUG...] | hint SLUG | bench SLUG | solution SLUG
    kata reset SLUG | watch [SLUG] | progress [--reset-store]
    kata interview [SLUG] [--check | --submit] | review    (sensei/cli_interview.py)

Standard library only; numpy and torch are never imported here (`kata list` starts fast).
Expected problems (unknown kata, damaged progress store, outside the repository) print one
clear message and exit with status 2, never a traceback.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

from .cli_catalog import DIFFICULTIES, CliError, Kata, discover, find_root, relative, resolve
from .cli_term import Style, bar, fmt_time, render_markdown
from .progress import Record, Store, StoreError, move_aside

STATUS_COLOURS = {"passed": "green", "failing": "red", "not started": "dim"}
TAGS = {"passed": ("PASS", "green"), "failing": ("FAIL", "red"), "not started": ("TODO", "yellow")}


class App:
    """What every command needs: the repository, its katas, the progress store, the output style."""

    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.root = find_root()
        self.problems: list[str] = []
        self.katas = discover(self.root, self.problems)
        self.style = Style()
        self.store = Store(self.root)

    def kata(self, slug: str) -> Kata:
        try:
            return resolve(self.katas, slug)
        except CliError:
            self.warn_problems()  # the kata may be one whose kata.toml cannot be read
            raise

    def rel(self, path: Path) -> str:
        return relative(path, self.root)

    def out(self, text: str = "") -> None:
        self.write(text + "\n")

    def write(self, text: str) -> None:
        """Standard output; once the reader has gone (`kata test nms | head -1`), the rest is
        dropped quietly and the command still finishes its work (the progress is recorded first)."""
        try:
            sys.stdout.write(text)
        except BrokenPipeError:
            _drop_stdout()

    def flush(self) -> None:
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _drop_stdout()

    def warn(self, text: str) -> None:
        print(f"kata: {text}", file=sys.stderr)

    def warn_problems(self) -> None:
        for problem in self.problems:
            self.warn(problem)

    def records(self) -> dict[str, Record]:
        return self.store.records()

    def try_store(self, work, what: str = "progress not recorded"):
        """Runs a store write for a command whose main work is done: a broken store is a warning."""
        try:
            return work()
        except StoreError as exc:
            self.warn(f"{what}: {exc}")
            return None


def _drop_stdout() -> None:
    """The reader of standard output has gone: further output (and the flush at exit) goes to
    /dev/null instead of raising BrokenPipeError again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


# -- list, next, progress ---------------------------------------------------------------------
def status_text(app: App, kata: Kata, record: Record | None) -> str:
    if record is None:
        return "not started"
    text = record.status
    if record.status == "passed" and record.file_hash:
        from .cli_grade import file_hash
        if file_hash(kata.stub) != record.file_hash:
            text = "passed, edited since"
    elif record.status == "failing" and record.total:
        text = f"failing {record.passed}/{record.total}"
    return text


def cmd_list(app: App) -> int:
    records = app.records()
    s = app.style
    app.warn_problems()
    if not app.katas:
        app.out("No katas found in katas/.")
        return 0
    from .cli_interview import review_dates
    reviews = review_dates(app)
    name_w = max(len(k.slug) for k in app.katas)
    topic_w = max([len(k.topic) for k in app.katas] + [5])
    header = f"{'#':>3}  {'kata':<{name_w}}  {'level':<6}  {'topic':<{topic_w}}  {'status':<22}  {'review':<10}  best"
    app.out(s(header, "bold"))
    passed = 0
    for i, kata in enumerate(app.katas, 1):
        record = records.get(kata.slug)
        status = status_text(app, kata, record)
        passed += record is not None and record.status == "passed"
        marks = []
        if record is not None and record.revealed:
            marks.append("solution seen")
        if record is not None and record.hints_shown:
            marks.append(f"hints {record.hints_shown}/{len(kata.hints)}")
        best = f"{record.best_ratio:.2f}x" if record is not None and record.best_ratio else "-"
        colour = STATUS_COLOURS.get(record.status if record else "not started", "")
        line = (f"{i:>3}  {s(f'{kata.slug:<{name_w}}', 'bold')}  {kata.level:<6}  {kata.topic:<{topic_w}}  "
                f"{s(f'{status:<22}', colour)}  {reviews.get(kata.slug, '-'):<10}  {best:<6}")
        if marks:
            line += "  " + s("(" + ", ".join(marks) + ")", "dim")
        app.out(line.rstrip())
    app.out()
    app.out(f"{passed} of {len(app.katas)} passed. best: your benchmark time / the reference's (lower is faster); "
            f"review: when it comes back (`kata review`).")
    app.out(f"Next: {s('kata next', 'cyan')}   statement: {s('kata show SLUG', 'cyan')}   "
            f"grade: {s('kata test SLUG', 'cyan')}")
    return 0


def next_kata(app: App, records: dict[str, Record]) -> Kata | None:
    for kata in app.katas:
        record = records.get(kata.slug)
        if record is None or record.status != "passed":
            return kata
    return None


def cmd_next(app: App) -> int:
    from .ladders import offer
    records = app.records()
    app.warn_problems()
    follow_up = offer(app.katas, records)  # the interviewer's next question after a pass comes first
    kata = follow_up[0] if follow_up else next_kata(app, records)
    s = app.style
    if kata is None:
        app.out(s(f"All {len(app.katas)} katas pass.", "green", "bold") +
                " Try beating the reference: `kata bench SLUG`, or `kata reset SLUG` to practise one again.")
        return 0
    record = records.get(kata.slug)
    where = status_text(app, kata, record)
    app.out(s(f"Next: {kata.slug}", "bold") + f" - {kata.title} ({kata.level}, {kata.topic}; {where})")
    if follow_up:
        app.out(s(f"follow-up to {follow_up[1].slug}: {kata.slug}", "cyan") +
                f" (the interviewer's next question after {follow_up[1].slug})")
    app.out()
    show_statement(app, kata, show_hidden=False)
    return 0


def cmd_progress(app: App) -> int:
    s = app.style
    if app.args.reset_store:
        moved = move_aside(app.root)
        if moved is None:
            app.out("There is no progress store yet: nothing to move.")
        else:
            app.out(f"Moved the progress store aside to {app.rel(moved)} (nothing deleted).")
            app.out("The next kata command starts a fresh one; re-run `kata test` to record your results again.")
        return 0
    records = app.records()
    app.warn_problems()
    total = len(app.katas)
    passed = [k for k in app.katas if records.get(k.slug) and records[k.slug].status == "passed"]
    share = 100 * len(passed) / total if total else 0
    app.out(f"{s(bar(len(passed), total), 'green')} {len(passed)} of {total} katas passed ({share:.0f}%)")
    for letter, name in DIFFICULTIES.items():
        of_level = [k for k in app.katas if k.difficulty == letter]
        if not of_level:
            continue
        done = sum(1 for k in of_level if k in passed)
        app.out(f"  {name:<7} {done:>2} of {len(of_level):<2} {bar(done, len(of_level), 10)}")
    others = [k for k in app.katas if k.difficulty not in DIFFICULTIES]
    if others:
        app.out(f"  {'other':<7} {sum(1 for k in others if k in passed):>2} of {len(others)}")
    failing = [k.slug for k in app.katas if records.get(k.slug) and records[k.slug].status == "failing"]
    seen = [k.slug for k in app.katas if records.get(k.slug) and records[k.slug].revealed]
    hints = sum(r.hints_shown for r in records.values())
    app.out(f"  in progress: {', '.join(failing) if failing else 'none'}")
    app.out(f"  hints used: {hints}; solutions seen before passing: {', '.join(seen) if seen else 'none'}")
    from .cli_interview import print_history
    print_history(app)
    return 0


# -- show, hint, solution -------------------------------------------------------------------------
def show_statement(app: App, kata: Kata, show_hidden: bool) -> None:
    try:
        text = kata.statement.read_text(encoding="utf-8")
    except OSError:
        raise CliError(f"{app.rel(kata.statement)} is missing: this kata has no statement yet") from None
    note = f"; `kata show {kata.slug} --all` shows it, `kata hint {kata.slug}` gives one hint at a time"
    app.write(render_markdown(text, app.style, hidden_note=note, show_hidden=show_hidden))
    s = app.style
    app.out()
    app.out(f"Your file: {s(app.rel(kata.stub), 'bold')}   grade it: {s(f'kata test {kata.slug}', 'cyan')}"
            f"   hints: {s(f'kata hint {kata.slug}', 'cyan')}")


def cmd_show(app: App) -> int:
    if app.args.all:
        from .cli_interview import refuse_during_interview
        refuse_during_interview(app, "classic traps")
    show_statement(app, app.kata(app.args.slug), show_hidden=app.args.all)
    return 0


def cmd_hint(app: App) -> int:
    from .cli_interview import refuse_during_interview
    refuse_during_interview(app, "hints")
    kata = app.kata(app.args.slug)
    s = app.style
    hints = kata.hints
    if not hints:
        app.out(f"{kata.slug} has no hints in {app.rel(kata.folder / 'kata.toml')}; its statement "
                f"(`kata show {kata.slug} --all`) ends with its classic traps.")
        return 0
    if app.args.reset:
        app.store.reset_hints(kata.slug)
        app.out(f"Hints of {kata.slug} start again from the first.")
        return 0
    shown = app.store.next_hint(kata.slug, len(hints))
    for i, hint in enumerate(hints[:shown], 1):
        label = f"hint {i} of {len(hints)}"
        if i == shown:  # the new one stands out; the earlier ones are there to re-read
            app.out(s(label + ":", "bold", "yellow") + " " + hint)
        else:
            app.out(s(f"{label}: {hint}", "dim"))
    if shown == len(hints):
        app.out(s(f"That was the last hint. Still stuck? `kata show {kata.slug} --all` (classic traps), "
                  f"or `kata solution {kata.slug}`.", "dim"))
    else:
        app.out(s(f"More: run `kata hint {kata.slug}` again ({len(hints) - shown} left).", "dim"))
    return 0


def cmd_solution(app: App) -> int:
    from .cli_interview import refuse_during_interview
    refuse_during_interview(app, "solutions")
    kata = app.kata(app.args.slug)
    s = app.style
    if not kata.reference.is_file():
        raise CliError(f"{kata.slug} has no reference solution ({app.rel(kata.reference)} is missing)")
    record = app.store.record(kata.slug)
    passed = record.first_passed is not None
    if not passed and not app.args.yes:
        question = (f"You have not passed {kata.slug} yet: the reference is a spoiler, and seeing it is "
                    f"recorded in your progress.")
        if not sys.stdin.isatty():
            app.out(question)
            app.out(f"Not shown. To see it anyway: kata solution {kata.slug} --yes")
            return 1
        try:
            answer = input(question + " Show it anyway? [y/N] ")
        except EOFError:
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            app.out("Not shown. Good luck!")
            return 1
    app.store.record_reveal(kata.slug, before_passing=not passed)
    app.out(s(f"# {app.rel(kata.reference)}", "dim"))
    app.write(kata.reference.read_text(encoding="utf-8"))
    return 0


# -- test, watch ---------------------------------------------------------------------------
def _record_result(app: App, kata: Kata, result) -> None:
    """Records a graded run, before anything about it is printed (a closed pipe cannot lose it)."""
    from .cli_grade import file_hash
    if app.args.impl not in (None, "yours"):
        return  # grading the reference or another file is not the learner's progress
    if not result.ran:
        return  # no check ran to the end (collection error, interrupted run): no verdict to record
    app.try_store(lambda: app.store.record_test(kata.slug, result.status, result.passed, result.total,
                                                file_hash(kata.stub)))
    if result.status == "passed":  # a kata passed in practice goes on the review schedule
        from .cli_interview import first_review
        app.try_store(lambda: first_review(app, kata.slug), "review not scheduled")


def print_summary(app: App, kata: Kata, result, detailed: bool) -> None:
    s = app.style
    tag, colour = TAGS[result.status]
    head = s(f"{tag:<4}", colour, "bold") + f"  {s(kata.slug, 'bold')}: "
    if result.status == "passed":
        app.out(head + f"all {result.total} checks passed" + (f" ({result.skipped} skipped)" if result.skipped else ""))
        if result.layers and detailed:
            app.out("      " + result.layers)
    elif result.status == "not started":
        app.out(head + "; ".join(result.blocked))
    else:
        counts = f"{result.passed} of {result.total} checks passed" if result.total else "no check ran"
        if result.not_started and result.total:
            counts += f" ({len(result.failures)} failing, {result.not_started} not started)"
        app.out(head + counts)
        if result.layers and detailed:
            app.out("      " + result.layers)
        if not detailed:
            # One line each: the error, else the first failure and what is not started yet.
            lines = [result.error] if result.error else [*result.failures[:1], *result.blocked]
            for line in lines:
                if line.strip():
                    app.out("      " + line.strip().splitlines()[0])
    if not detailed:
        return
    if result.status == "failing":
        for line in result.blocked:
            app.out(s(line, "yellow"))
        if result.error:
            app.out(s(result.error, "red"))
        if result.failures:
            app.out()
            app.out(s("First failure:", "bold"))
            app.out(result.failures[0].rstrip())
            more = len(result.failures) - 1
            if more:
                app.out()
                app.out(s(f"(+ {more} more failing check{'s' if more > 1 else ''}: `pytest katas/{kata.slug}` "
                          f"shows them all)", "dim"))
            app.out()
            app.out(s(f"Stuck? `kata hint {kata.slug}` gives one hint at a time.", "dim"))
    elif result.status == "not started":
        app.out(s(f"The statement: `kata show {kata.slug}`; fill in {app.rel(kata.stub)}, then "
                  f"`kata test {kata.slug}` again.", "dim"))
    else:
        _print_follow_up(app, kata)
        app.out(s(f"Next: `kata bench {kata.slug}` (your time against the reference's), or `kata next`.", "dim"))


def _print_follow_up(app: App, kata: Kata) -> None:
    """After a pass of the learner's file: the follow-up question, if the kata has one open."""
    from .ladders import question_line
    if app.args.impl == "reference":
        return
    records = app.try_store(app.records, "follow-ups not shown")
    line = question_line(kata, app.katas, records or {})
    if line:
        app.out(app.style(line, "cyan"))


def run_tests(app: App, katas: list[Kata], detailed: bool) -> int:
    from .cli_grade import grade
    results = grade(app.root, katas, impl=app.args.impl, timeout=app.args.timeout)
    for kata in katas:
        _record_result(app, kata, results[kata.slug])
    for kata in katas:
        print_summary(app, kata, results[kata.slug], detailed)
    if not detailed:
        passed = sum(1 for r in results.values() if r.status == "passed")
        app.out()
        app.out(f"{passed} of {len(katas)} katas pass.")
    return 0 if all(r.status == "passed" for r in results.values()) else 1


def cmd_test(app: App) -> int:
    app.warn_problems()
    if app.args.impl not in (None, "yours", "reference") and len(app.args.slugs) != 1:
        raise CliError("--impl=PATH grades one kata: name it (kata test SLUG --impl=PATH)")
    katas = [app.kata(slug) for slug in dict.fromkeys(app.args.slugs)] if app.args.slugs else app.katas
    if not katas:
        raise CliError("no katas found in katas/")
    return run_tests(app, katas, detailed=len(katas) == 1)


def _signature(path: Path):
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def cmd_watch(app: App) -> int:
    s = app.style
    katas = [app.kata(app.args.slug)] if app.args.slug else app.katas
    if not katas:
        raise CliError("no katas found in katas/")
    files = {kata.stub: kata for kata in katas}
    seen = {path: _signature(path) for path in files}
    interval = max(0.02, app.args.interval)

    def stop(*_):
        raise KeyboardInterrupt

    # Ctrl-C and a plain `kill` both end the watch cleanly (SIGINT explicitly: a shell may have
    # started us with SIGINT ignored).
    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    what = app.rel(katas[0].stub) if len(katas) == 1 else f"the files of {len(katas)} katas"

    def grade_one(kata: Kata) -> None:
        app.out(s(f"--- {time.strftime('%H:%M:%S')} grading {kata.slug} ---", "dim"))
        try:
            run_tests(app, [kata], detailed=True)
        except CliError as exc:
            app.warn(str(exc))
        app.out(s(f"Watching {what}: save to re-grade, Ctrl-C to stop.", "dim"))
        app.flush()

    try:
        if len(katas) == 1:
            grade_one(katas[0])
        else:
            app.out(s(f"Watching {what}: save one to grade it, Ctrl-C to stop.", "dim"))
            app.flush()
        while True:
            time.sleep(interval)
            for path, kata in files.items():
                now = _signature(path)
                if now == seen[path]:
                    continue
                # Debounce: editors save in several writes; wait until the file is still for a moment.
                while True:
                    time.sleep(app.args.debounce)
                    settled = _signature(path)
                    if settled == now:
                        break
                    now = settled
                seen[path] = now
                if now is None:
                    continue  # removed (an editor's atomic save in progress, or deleted)
                grade_one(kata)
    except KeyboardInterrupt:
        app.out("Stopped watching.")
        return 0
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


# -- bench --------------------------------------------------------------------------------------
def cmd_bench(app: App) -> int:
    from .cli_grade import bench
    kata = app.kata(app.args.slug)
    tests = kata.folder / f"test_{kata.slug}.py"
    if tests.is_file() and "kata_bench" not in tests.read_text(encoding="utf-8"):
        app.out(f"{kata.slug} has no benchmarks: its tests time nothing (`kata test {kata.slug}` grades it).")
        return 1
    if app.args.plot:
        from .plot import require_matplotlib
        require_matplotlib()  # one line now, rather than after the timings
    app.out(f"Timing {kata.slug}: yours and the reference on the same inputs, each in a worker process...")
    app.flush()
    result = bench(app.root, kata, impl=app.args.impl, quick=app.args.quick)
    for line in result.blocked:
        app.out(app.style(line, "yellow"))
    rows = [r for r in result.rows if r.yours is not None or r.reference is not None]
    if not rows:
        if not result.blocked:
            app.out(f"{kata.slug} has no benchmarks (no test uses kata_bench)." if result.code in (0, 5)
                    else "The benchmarks did not run:\n" + "\n".join(result.output.strip().splitlines()[-15:]))
        return 1
    _print_bench_rows(app, rows)
    _print_growth(app, result)
    ratio = result.ratio
    if ratio is not None:
        verdict = "about as fast as" if abs(ratio - 1) <= 0.05 else "faster than" if ratio < 1 else "slower than"
        app.out(f"Overall: {ratio:.2f}x the reference's time ({verdict} the reference; geometric mean).")
    lib_rows = [] if app.args.no_library else _print_library_bench(app, kata)
    if app.args.plot:
        _write_plot(app, kata, result, lib_rows)
    code = 0 if all(r.yours is not None for r in rows) and not result.blocked else 1
    if ratio is not None and app.args.impl in (None, "yours") and not _record_best(app, kata, ratio, result.spread):
        code = 1
    return code


def _print_bench_rows(app: App, rows: list) -> None:
    """Medians, each with its spread (half the IQR of the rounds, relative to the median)."""
    s = app.style

    def timed(median, spread) -> str:
        return f"{fmt_time(median)} +-{100 * spread / 2 / median:.0f}%" if median else "-"

    label_w = max(len(r.label) for r in rows)
    app.out(s(f"{'benchmark':<{label_w}}  {'yours':>16}  {'reference':>16}  ratio", "bold"))
    for row in rows:
        shown_ratio = f"{row.ratio:.2f}x" if row.ratio else "-"
        colour = "green" if row.ratio and row.ratio <= 1.05 else "yellow" if row.ratio and row.ratio < 3 else "red"
        app.out(f"{row.label:<{label_w}}  {timed(row.yours, row.yours_iqr):>16}  "
                f"{timed(row.reference, row.reference_iqr):>16}  {s(shown_ratio, colour) if row.ratio else shown_ratio}")


def _print_growth(app: App, result) -> None:
    """Per function: the largest size first (where a slower growth shows), then how time grows."""
    for series in result.series():
        last = series.rows[-1]
        param = f"({series.param})" if "*" in series.param else series.param
        if last.ratio:
            app.out(f"{series.name or 'time'} at the largest size ({series.param} = {series.sizes[-1]:g}): "
                    f"yours {last.ratio:.2f}x the reference's time")
        yours, ref = series.exponent("yours"), series.exponent("reference")
        parts = [f"{who} ~ {param}^{k:.2f}" for who, k in (("yours", yours), ("reference", ref)) if k is not None]
        if parts:
            app.out(f"  growth with {series.param} ({', '.join(f'{v:g}' for v in series.sizes)}): " + ", ".join(parts))
        if yours is not None and ref is not None and yours > ref + 0.15:
            app.out(app.style(f"  yours grows faster than the reference: the gap widens with {series.param}", "yellow"))
    if result.series():
        app.out(app.style("(time ~ size^k: k = 1 grows linearly, 2 quadratically; small sizes flatter k)", "dim"))


def _write_plot(app: App, kata: Kata, result, lib_rows: list) -> None:
    """`--plot`: the PNG of the times against size (sensei/plot.py); prints its path."""
    from .plot import write_plot
    yours = "yours" if app.args.impl in (None, "yours") else f"--impl={app.args.impl}"
    path, why = write_plot(app.root, kata.slug, result, lib_rows, yours=yours)
    app.out(f"Plot: {app.rel(path)}" if path is not None else f"No plot: {why}")


def _print_library_bench(app: App, kata: Kata) -> list:
    """The reference against the library op (scripts/libbench/<slug>.py), where there is one;
    returns its rows (name, library name, reference seconds, library seconds)."""
    from .cli_grade import library_bench
    try:
        if (app.root / "scripts" / "libbench" / f"{kata.slug}.py").is_file():
            app.out("Timing the library op against the reference (scripts/libbench)...")
            app.flush()
        _, lib_rows = library_bench(app.root, kata, quick=app.args.quick)
    except CliError as exc:
        app.warn(str(exc))
        return []
    if not lib_rows:
        return []
    name_w = max(len(r[0]) for r in lib_rows)
    app.out(app.style(f"{'library op':<{name_w}}  {'reference':>10}  {'library':>10}  ratio  (reference / library)",
                      "bold"))
    for name, library_name, ref_t, lib_t in lib_rows:
        speedup = f"{ref_t / lib_t:.2f}x" if lib_t > 0 else "-"
        app.out(f"{name:<{name_w}}  {fmt_time(ref_t):>10}  {fmt_time(lib_t):>10}  {speedup:<6} {library_name}")
    return lib_rows


def _record_best(app: App, kata: Kata, ratio: float, spread: float = 0.0) -> bool:
    """Record the ratio as the learner's best, for a solution that passes its checks (graded now
    if it was not since its last change), unless the run's spread is wider than the improvement it
    would claim. False when it does not pass."""
    from .cli_grade import file_hash, grade
    status = app.try_store(lambda: app.store.record(kata.slug), "progress not read")
    passes = status is not None and status.status == "passed"
    if passes:
        passes = status.file_hash is None or status.file_hash == file_hash(kata.stub)
    if not passes:
        # Only the time of a correct solution counts: grade it now.
        graded = grade(app.root, [kata])[kata.slug]
        _record_result(app, kata, graded)
        passes = graded.status == "passed"
    if not passes:
        app.out(app.style(f"Not recorded as your best: {kata.slug} does not pass its checks yet "
                          f"(`kata test {kata.slug}`).", "yellow"))
        return False
    best = getattr(status, "best_ratio", None)
    if best is not None and ratio < best and (best - ratio) / best <= spread:
        app.out(f"Not recorded as your best: {ratio:.2f}x against {best:.2f}x is within this run's spread "
                f"(+-{spread * 50:.0f}%); run `kata bench {kata.slug}` again on a quieter machine.")
        return True
    record = app.try_store(lambda: app.store.record_ratio(kata.slug, ratio))
    if record is not None and record.best_ratio is not None:
        app.out(f"Your best so far: {record.best_ratio:.2f}x.")
    return True


# -- reset -------------------------------------------------------------------------------------
def _write_temp(folder: Path, content: bytes) -> Path:
    """`content` in a new hidden file of `folder` (written and synced), to be renamed into place:
    a write that fails (disk full) leaves no file behind, let alone one that looks finished."""
    tmp = folder / f".kata-partial-{os.getpid()}-{time.time_ns()}.tmp"
    try:
        with open(tmp, "xb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        _remove(tmp)
        raise
    return tmp


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def _back_up(folder: Path, content: bytes) -> Path:
    """Writes `content` to folder/<time>.py (<time>-1.py, ... when taken: an earlier backup is
    never overwritten) through a temporary file; returns the backup's path."""
    folder.mkdir(parents=True, exist_ok=True)
    tmp = _write_temp(folder, content)
    try:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        n = 0
        while True:
            backup = folder / (f"{stamp}.py" if n == 0 else f"{stamp}-{n}.py")
            n += 1
            try:
                os.link(tmp, backup)  # unlike a rename, fails when the name is taken
                return backup
            except FileExistsError:
                continue
            except OSError:  # no hard links on this filesystem: rename to a free name
                if not backup.exists():
                    os.replace(tmp, backup)
                    return backup
    finally:
        _remove(tmp)


def cmd_reset(app: App) -> int:
    """Restores the stub as shipped (sensei/stubs/SLUG.py), whatever the learner committed, after
    backing up the learner's file."""
    kata = app.kata(app.args.slug)
    s = app.style
    try:
        stub = kata.shipped.read_bytes()
    except OSError as exc:
        raise CliError(f"cannot restore the stub: its shipped copy {app.rel(kata.shipped)} cannot be read "
                       f"({exc.strerror or exc}; `git checkout -- {app.rel(kata.shipped)}` brings it back). "
                       f"Nothing was changed.") from None
    try:
        current = kata.stub.read_bytes() if kata.stub.exists() else None
    except OSError as exc:
        raise CliError(f"cannot read {app.rel(kata.stub)} ({exc.strerror or exc}). Nothing was changed.") from None
    if current == stub:
        app.out(f"{app.rel(kata.stub)} is already the untouched stub: nothing to do.")
        return 0
    backup = None
    if current is not None:
        try:
            backup = _back_up(app.root / ".kata" / "backups" / kata.slug, current)
        except OSError as exc:
            raise CliError(f"could not back up {app.rel(kata.stub)} ({exc.strerror or exc}); "
                           f"nothing was changed") from None
    try:
        tmp = _write_temp(kata.folder, stub)
        try:
            os.replace(tmp, kata.stub)
        finally:
            _remove(tmp)
    except OSError as exc:
        raise CliError(f"could not write {app.rel(kata.stub)} ({exc.strerror or exc}); "
                       + (f"your file is safe in {app.rel(backup)}" if backup else "nothing was changed")) from None
    shown = app.rel(backup) if backup else ""
    app.try_store(lambda: app.store.record_reset(kata.slug, shown))
    if backup:
        app.out(f"Your file was backed up to {s(shown, 'bold')}")
        app.out(f"{app.rel(kata.stub)} is the stub as shipped again. To get your version back: "
                f"cp {shown} {app.rel(kata.stub)}")
    else:
        app.out(f"{app.rel(kata.stub)} was missing; it is the stub again.")
    return 0


# -- the parser ---------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kata", description="Practise ML coding-interview katas: statements, grading, hints, benchmarks.",
        epilog="Start with `kata next`. More: docs/CLI.md")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name, func, help_text):
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(func=func)
        return p

    command("list", cmd_list, "every kata with its difficulty, topic, your status and best benchmark ratio")
    command("next", cmd_next, "the next kata to do (a follow-up of the kata just passed first, else in "
                              "learning order), with its statement")
    p = command("show", cmd_show, "the statement of a kata, for the terminal")
    p.add_argument("slug")
    p.add_argument("--all", action="store_true", help="also show the folded parts (classic traps)")
    p = command("test", cmd_test, "grade your solution (all katas when none is named)")
    p.add_argument("slugs", nargs="*", metavar="SLUG")
    p.add_argument("--impl", default=None, help="grade 'reference' or another file instead of yours (not recorded)")
    p.add_argument("--timeout", type=float, default=None, help="time limit per call of your code, seconds")
    p = command("hint", cmd_hint, "one more hint each time")
    p.add_argument("slug")
    p.add_argument("--reset", action="store_true", help="start the hints again from the first")
    p = command("bench", cmd_bench, "time your solution against the reference (and how it grows with size)")
    p.add_argument("slug")
    p.add_argument("--impl", default=None, help="time 'reference' or another file instead of yours (not recorded)")
    p.add_argument("--quick", action="store_true", help="few rounds: fast, rough numbers")
    p.add_argument("--no-library", action="store_true", help="skip the library op (scripts/libbench/)")
    p.add_argument("--plot", action="store_true",
                   help="also draw time against size, log-log, to .kata/plots/SLUG-TIME.png (needs matplotlib)")
    p = command("solution", cmd_solution, "the reference solution (after you pass, or with a confirmation)")
    p.add_argument("slug")
    p.add_argument("--yes", "-y", action="store_true", help="show it even before you pass (recorded)")
    p = command("reset", cmd_reset, "restore the stub; your file is backed up first")
    p.add_argument("slug")
    p = command("watch", cmd_watch, "re-grade on every save of the kata's file")
    p.add_argument("slug", nargs="?")
    p.add_argument("--interval", type=float, default=0.2, help=argparse.SUPPRESS)
    p.add_argument("--debounce", type=float, default=0.2, help=argparse.SUPPRESS)
    p = command("progress", cmd_progress, "a progress bar over the catalogue, counts per difficulty")
    p.add_argument("--reset-store", action="store_true",
                   help="move the progress store aside (never deleted) and start a fresh one")
    from .cli_interview import add_commands
    add_commands(command)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 0
    for name in ("impl", "timeout"):
        if not hasattr(args, name):
            setattr(args, name, None)
    app = None
    try:
        app = App(args)
        if args.command != "interview":  # the bell: the first command after an interview's deadline
            from .cli_interview import ring_if_due
            ring_if_due(app)
        return args.func(app)
    except CliError as exc:
        print(f"kata: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM while pytest ran (it is ended too)
        return 128 + getattr(exc, "signum", signal.SIGINT)
    except BrokenPipeError:  # output the App did not write (`kata list | head`)
        _drop_stdout()
        return 0
    finally:
        if app is not None:
            app.store.close()
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _drop_stdout()


if __name__ == "__main__":
    sys.exit(main())
