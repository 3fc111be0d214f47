"""The learner's progress: `.kata/progress.sqlite` at the repository root (git-ignored).

SQLite from the standard library. Every write is one short transaction (BEGIN IMMEDIATE ...
COMMIT) with a busy timeout, so concurrent runs (`kata watch` plus a manual `kata test`) wait
for each other instead of failing, and a run killed mid-write leaves the previous state
(SQLite's journal rolls the unfinished transaction back). A damaged or foreign file is never
touched: it gives a StoreError whose message says what to do (`kata progress --reset-store`
moves it aside). Times come from sensei.clock (the one clock, which tests can set).
"""
from __future__ import annotations

import shlex
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from . import clock
from .cli_catalog import CliError

APPLICATION_ID = 0x6B617461  # "kata": marks the file as ours
# 1: kata, event. 2: + interview, review (created on opening a schema-1 store: see _check_or_create).
SCHEMA_VERSION = 2
BUSY_TIMEOUT_S = 15.0
STORE_DIR = ".kata"
STORE_NAME = "progress.sqlite"
# SQLite's side files: moved along with the store so that a moved-aside store stays readable.
SIDE_FILES = ("-journal", "-wal", "-shm")

SCHEMA = """
CREATE TABLE IF NOT EXISTS kata (
    slug TEXT PRIMARY KEY,
    status TEXT NOT NULL DEFAULT 'not started',  -- not started | failing | passed
    passed INTEGER,                               -- checks passed at the last run
    total INTEGER,                                -- checks at the last run
    last_run REAL,                                -- unix time of the last graded run
    file_hash TEXT,                               -- sha256 of the learner's file at that run
    first_passed REAL,                            -- when the kata first passed
    best_ratio REAL,                              -- best (lowest) benchmark time ratio yours/reference
    hints_shown INTEGER NOT NULL DEFAULT 0,
    revealed REAL                                 -- when the solution was shown before passing
);
CREATE TABLE IF NOT EXISTS event (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time REAL NOT NULL,
    slug TEXT NOT NULL,
    kind TEXT NOT NULL,                           -- test | bench | hint | solution | reset | interview
    detail TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS interview (            -- one row per finished interview (schema 2)
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'interview',       -- interview | review (started by `kata review`)
    started REAL NOT NULL,                        -- unix time
    ended REAL NOT NULL,                          -- when the final grade was taken
    minutes REAL NOT NULL,                        -- the time allowed
    how TEXT NOT NULL DEFAULT '',                 -- submit | bell
    passed INTEGER NOT NULL,                      -- 1 if the final grade passed
    checks_passed INTEGER,                        -- the final grade: checks passed of checks_total
    checks_total INTEGER,
    layers TEXT NOT NULL DEFAULT '',              -- "core 15/15, edge cases 5/5, polish 4/4"
    first_green REAL,                             -- seconds from the start to the first passing grade
    checks INTEGER NOT NULL DEFAULT 0,            -- `kata interview --check` runs
    attempt TEXT NOT NULL DEFAULT ''              -- the attempt file, relative to the root
);
CREATE TABLE IF NOT EXISTS review (               -- the spaced-review schedule (schema 2)
    slug TEXT PRIMARY KEY,
    step INTEGER NOT NULL DEFAULT 0,              -- index of the current interval (REVIEW_DAYS)
    due TEXT NOT NULL,                            -- YYYY-MM-DD: due on that local date and after
    updated REAL
);
"""
# The tables of each schema version; opening an older store of ours adds the missing ones (the
# rows already there are kept as they are).
TABLES = {1: {"kata", "event"}, 2: {"kata", "event", "interview", "review"}}


class StoreError(CliError):
    pass


def _way_out(path_text: str, why: str) -> str:
    return (f"the progress store {path_text} {why}; run `kata progress --reset-store` to move it aside "
            f"(nothing is deleted) and start a fresh one")


@dataclass
class Record:
    slug: str
    status: str = "not started"
    passed: int | None = None
    total: int | None = None
    last_run: float | None = None
    file_hash: str | None = None
    first_passed: float | None = None
    best_ratio: float | None = None
    hints_shown: int = 0
    revealed: float | None = None


INTERVIEW_COLUMNS = ("id", "slug", "kind", "started", "ended", "minutes", "how", "passed", "checks_passed",
                     "checks_total", "layers", "first_green", "checks", "attempt")


@dataclass
class Interview:
    """A row of the interview table (see SCHEMA)."""
    id: int | None
    slug: str
    kind: str
    started: float
    ended: float
    minutes: float
    how: str
    passed: int
    checks_passed: int | None
    checks_total: int | None
    layers: str
    first_green: float | None
    checks: int
    attempt: str


class Store:
    """Open with Store(root); every method is one transaction. Raises StoreError, never sqlite3 errors."""

    def __init__(self, root: Path):
        self.root = root
        self.path = root / STORE_DIR / STORE_NAME
        self.shown = f"{STORE_DIR}/{STORE_NAME}"
        self._conn: sqlite3.Connection | None = None

    # -- opening ----------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        if self._conn is not None:
            return self._conn
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the progress folder {STORE_DIR}/ ({exc.strerror or exc}); "
                             f"check that {STORE_DIR} is a folder you can write to") from None
        if self.path.exists() and not self.path.is_file():
            raise StoreError(_way_out(self.shown, "is not a file")) from None
        try:
            conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(_way_out(self.shown, f"cannot be opened ({exc})")) from None
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")

            def prepare():
                self._check_or_create(conn)
                # WAL: readers never wait for a writer, and a commit is one append; a run killed
                # mid-write leaves an uncommitted tail that the next opener ignores. (Where the
                # filesystem cannot share memory, SQLite keeps its default journal: also safe.)
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")

            self._retrying(prepare)
        except StoreError:
            conn.close()
            raise
        except sqlite3.OperationalError as exc:
            conn.close()
            raise StoreError(_way_out(self.shown, f"cannot be read ({exc})")) from None
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(_way_out(self.shown, f"is damaged or not a progress store ({exc})")) from None
        self._conn = conn
        return conn

    def _retrying(self, attempt):
        """attempt() again while SQLite reports the store busy (the busy handler is not always
        called, e.g. while another connection recovers the WAL); a StoreError after the timeout."""
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                return attempt()
            except sqlite3.OperationalError as exc:
                busy = "locked" in str(exc) or "busy" in str(exc)
                if not busy:
                    raise
                if time.monotonic() > deadline:
                    raise StoreError(f"the progress store {self.shown} stayed locked for {BUSY_TIMEOUT_S:g} s "
                                     f"by another kata command; try again when it is done") from None
                time.sleep(0.05)

    def _check_or_create(self, conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN")  # one snapshot: another process may be creating the store right now
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        finally:
            if conn.in_transaction:
                conn.execute("COMMIT")
        if app_id == APPLICATION_ID:
            if version > SCHEMA_VERSION:
                raise StoreError(f"the progress store {self.shown} was written by a newer version of ml-katas "
                                 f"(schema {version}); update this clone (git pull), or run "
                                 f"`kata progress --reset-store` to move it aside")
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise StoreError(_way_out(self.shown, f"is damaged ({check})"))
            if TABLES[SCHEMA_VERSION] <= tables and version == SCHEMA_VERSION:
                return
        elif app_id != 0 or tables:
            raise StoreError(_way_out(self.shown, "is not an ml-katas progress store (another program's file?)"))
        # A new (or empty) file: create the schema; an older store of ours (schema 1): add the
        # tables it lacks. Only CREATE TABLE IF NOT EXISTS: the existing rows are never touched,
        # and a migration killed midway is rolled back whole. Concurrent openers are serialised.
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _run(self, work, write: bool):
        conn = self._connect()

        def attempt():
            if write:
                conn.execute("BEGIN IMMEDIATE")
            try:
                result = work(conn)
                if write:
                    conn.execute("COMMIT")
                return result
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

        try:
            return self._retrying(attempt)
        except sqlite3.OperationalError as exc:
            raise StoreError(_way_out(self.shown, f"cannot be used ({exc})")) from None
        except sqlite3.DatabaseError as exc:
            raise StoreError(_way_out(self.shown, f"is damaged ({exc})")) from None

    # -- reading ----------------------------------------------------------------------------
    def interviews(self, slug: str | None = None) -> list[Interview]:
        """Finished interviews, oldest first."""
        def work(conn):
            columns = ", ".join(INTERVIEW_COLUMNS)
            if slug is None:
                cursor = conn.execute(f"SELECT {columns} FROM interview ORDER BY id")
            else:
                cursor = conn.execute(f"SELECT {columns} FROM interview WHERE slug = ? ORDER BY id", (slug,))
            return [Interview(*row) for row in cursor]
        return self._run(work, write=False)

    def reviews(self) -> dict[str, tuple[int, str]]:
        """slug -> (step, due date YYYY-MM-DD) of every kata on the review schedule."""
        def work(conn):
            return {row[0]: (row[1], row[2]) for row in conn.execute("SELECT slug, step, due FROM review")}
        return self._run(work, write=False)

    def records(self) -> dict[str, Record]:
        def work(conn):
            cursor = conn.execute("SELECT slug, status, passed, total, last_run, file_hash, first_passed, "
                                  "best_ratio, hints_shown, revealed FROM kata")
            return {row[0]: Record(*row) for row in cursor}
        return self._run(work, write=False)

    def record(self, slug: str) -> Record:
        return self.records().get(slug) or Record(slug)

    def events(self, slug: str | None = None) -> list[tuple]:
        def work(conn):
            if slug is None:
                return conn.execute("SELECT time, slug, kind, detail FROM event ORDER BY id").fetchall()
            return conn.execute("SELECT time, slug, kind, detail FROM event WHERE slug = ? ORDER BY id",
                                (slug,)).fetchall()
        return self._run(work, write=False)

    # -- writing ----------------------------------------------------------------------------
    @staticmethod
    def _ensure(conn, slug: str) -> None:
        conn.execute("INSERT OR IGNORE INTO kata (slug) VALUES (?)", (slug,))

    @staticmethod
    def _event(conn, slug: str, kind: str, detail: str) -> None:
        conn.execute("INSERT INTO event (time, slug, kind, detail) VALUES (?, ?, ?, ?)",
                     (clock.now(), slug, kind, detail))

    def record_test(self, slug: str, status: str, passed: int, total: int, file_hash: str | None) -> Record:
        now = clock.now()

        def work(conn):
            self._ensure(conn, slug)
            conn.execute("UPDATE kata SET status = ?, passed = ?, total = ?, last_run = ?, file_hash = ?, "
                         "first_passed = CASE WHEN ? = 'passed' THEN COALESCE(first_passed, ?) "
                         "ELSE first_passed END WHERE slug = ?",
                         (status, passed, total, now, file_hash, status, now, slug))
            self._event(conn, slug, "test", f"{status} {passed}/{total}")
        self._run(work, write=True)
        return self.record(slug)

    def record_ratio(self, slug: str, ratio: float) -> Record:
        def work(conn):
            self._ensure(conn, slug)
            conn.execute("UPDATE kata SET best_ratio = CASE WHEN best_ratio IS NULL OR ? < best_ratio "
                         "THEN ? ELSE best_ratio END WHERE slug = ?", (ratio, ratio, slug))
            self._event(conn, slug, "bench", f"{ratio:.6g}")
        self._run(work, write=True)
        return self.record(slug)

    def next_hint(self, slug: str, available: int) -> int:
        """Counts one more hint shown (up to `available`); returns how many are shown now."""
        def work(conn):
            self._ensure(conn, slug)
            conn.execute("UPDATE kata SET hints_shown = MIN(hints_shown + 1, ?) WHERE slug = ?",
                         (available, slug))
            shown = conn.execute("SELECT hints_shown FROM kata WHERE slug = ?", (slug,)).fetchone()[0]
            self._event(conn, slug, "hint", str(shown))
            return shown
        return self._run(work, write=True)

    def reset_hints(self, slug: str) -> None:
        def work(conn):
            self._ensure(conn, slug)
            conn.execute("UPDATE kata SET hints_shown = 0 WHERE slug = ?", (slug,))
            self._event(conn, slug, "hint", "0")
        self._run(work, write=True)

    def record_reveal(self, slug: str, before_passing: bool) -> None:
        def work(conn):
            self._ensure(conn, slug)
            if before_passing:
                conn.execute("UPDATE kata SET revealed = COALESCE(revealed, ?) WHERE slug = ?",
                             (clock.now(), slug))
            self._event(conn, slug, "solution", "before passing" if before_passing else "after passing")
        self._run(work, write=True)

    def record_reset(self, slug: str, backup: str) -> None:
        def work(conn):
            self._ensure(conn, slug)
            conn.execute("UPDATE kata SET status = 'not started', passed = NULL, total = NULL, "
                         "file_hash = NULL WHERE slug = ?", (slug,))
            self._event(conn, slug, "reset", backup)
        self._run(work, write=True)


    def schedule_first_review(self, slug: str, due: str) -> bool:
        """Puts `slug` on the review schedule (first interval, due on `due`) unless it is on it
        already; True if it was added."""
        def work(conn):
            cursor = conn.execute("INSERT OR IGNORE INTO review (slug, step, due, updated) VALUES (?, 0, ?, ?)",
                                  (slug, due, clock.now()))
            return cursor.rowcount > 0
        return self._run(work, write=True)

    def record_interview(self, interview: Interview, step: int, due: str) -> None:
        """A finished interview and the kata's new place on the review schedule, in one transaction."""
        def work(conn):
            self._ensure(conn, interview.slug)
            names = [n for n in INTERVIEW_COLUMNS if n != "id"]
            conn.execute(f"INSERT INTO interview ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                         [getattr(interview, n) for n in names])
            conn.execute("INSERT OR REPLACE INTO review (slug, step, due, updated) VALUES (?, ?, ?, ?)",
                         (interview.slug, step, due, interview.ended))
            verdict = "passed" if interview.passed else "failed"
            self._event(conn, interview.slug, "interview",
                        f"{verdict} {interview.checks_passed}/{interview.checks_total}; next review {due}")
        self._run(work, write=True)


def move_aside(root: Path) -> Path | None:
    """Moves .kata/progress.sqlite (and SQLite's side files) to progress.sqlite.bad-<time>;
    returns the new path, or None when there was no store. Never deletes anything."""
    path = root / STORE_DIR / STORE_NAME
    if not path.exists() and not path.is_symlink():
        return None
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{STORE_NAME}.bad-{stamp}")
    n = 1
    while target.exists() or any(Path(f"{target}{s}").exists() for s in SIDE_FILES):
        target = path.with_name(f"{STORE_NAME}.bad-{stamp}-{n}")
        n += 1
    moves = [(path, target)] + [(Path(f"{path}{suffix}"), Path(f"{target}{suffix}")) for suffix in SIDE_FILES
                                 if Path(f"{path}{suffix}").exists()]
    for i, (source, destination) in enumerate(moves):
        try:
            source.rename(destination)
        except OSError as exc:
            # One line with what to do: the same moves, by hand (absolute paths: any folder will do).
            by_hand = " && ".join(f"mv {shlex.quote(str(a))} {shlex.quote(str(b))}" for a, b in moves[i:])
            raise CliError(f"cannot move {STORE_DIR}/{source.name} aside ({exc.strerror or exc}): move or delete "
                           f"it by hand (check the permissions of {STORE_DIR}/): {by_hand}") from None
    return target
