"""The `kata` command, end to end: every command runs in a subprocess on a scratch copy of the
repository (a few small katas with their stubs as shipped, committed to a fresh git repository).
The copy never takes the learner's files from katas/: solving a kata here changes no result."""
from __future__ import annotations

import os
import queue
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from katatest import scratch_repo

REPO = Path(__file__).resolve().parent.parent
SMALL = ["reshape_2d", "iou", "nms", "softmax"]  # fast to grade
HAVE_GIT = shutil.which("git") is not None

pytestmark = pytest.mark.skipif(not all((REPO / "katas" / s / "kata.toml").is_file() for s in ("reshape_2d", "nms")),
                                reason="the katas reshape_2d and nms are needed")


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "PYTEST_ADDOPTS")}
    env.update(COLUMNS="100", PYTHONUNBUFFERED="1", GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")
    env.update(extra)
    return env


@pytest.fixture(scope="session")
def template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("template") / "repo"
    scratch_repo(root, [slug for slug in SMALL if (REPO / "katas" / slug / "kata.toml").is_file()
                        and (REPO / "solutions" / f"{slug}.py").is_file()],
                 files=("conftest.py", "pyproject.toml", ".gitignore"))
    if HAVE_GIT:
        for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "katas"]):
            subprocess.run(["git", "-c", "commit.gpgsign=false", *command], cwd=root, env=_env(), check=True,
                           stdout=subprocess.DEVNULL)
    return root


@pytest.fixture
def repo(template, tmp_path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(template, root, symlinks=True)
    return root


def kata(root: Path, *args: str, env: dict | None = None, stdin=subprocess.DEVNULL, timeout: float = 120):
    done = subprocess.run([sys.executable, "-m", "sensei.cli", *args], cwd=root, env=env or _env(),
                          stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=timeout)
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    return done


def solve(root: Path, slug: str) -> None:
    shutil.copy2(root / "solutions" / f"{slug}.py", root / "katas" / slug / f"{slug}.py")


def katas_in(root: Path) -> list[str]:
    return sorted(p.parent.name for p in (root / "katas").glob("*/kata.toml"))


def nms_wrong(root: Path) -> None:
    """The reference with one classic mistake: a box at exactly the threshold is suppressed."""
    text = (root / "solutions" / "nms.py").read_text()
    assert "<= iou_threshold" in text
    (root / "katas" / "nms" / "nms.py").write_text(text.replace("<= iou_threshold", "< iou_threshold"))


# -- help, list, next, show ---------------------------------------------------------------------
def test_help_and_console_script(repo):
    done = kata(repo, "--help")
    assert done.returncode == 0
    for command in ("list", "next", "show", "test", "hint", "bench", "solution", "reset", "watch", "progress"):
        assert command in done.stdout
    assert kata(repo).returncode == 0  # no command: the help
    script = Path(sys.executable).parent / ("kata.exe" if os.name == "nt" else "kata")
    if not script.exists():
        pytest.skip("the kata console script is not installed (pip install -e .)")
    done = subprocess.run([str(script), "list"], cwd=repo, env=_env(), stdout=subprocess.PIPE, text=True)
    assert done.returncode == 0 and "reshape_2d" in done.stdout


def test_list_discovers_katas_in_learning_order(repo):
    done = kata(repo, "list")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    slugs = katas_in(repo)
    rows = [line for line in lines if any(f" {s} " in line for s in slugs)]
    assert len(rows) == len(slugs)
    assert "reshape_2d" in rows[0] and "easy" in rows[0] and "warm-up" in rows[0]
    assert all("not started" in row for row in rows)
    assert "nms" in done.stdout and "medium" in done.stdout and "detection" in done.stdout
    assert "\x1b[" not in done.stdout  # piped: plain
    # A new folder is found by itself; a broken kata.toml is a warning, not a crash.
    new = repo / "katas" / "zz_new"
    new.mkdir()
    (new / "kata.toml").write_text('title = "New"\ndifficulty = "H"\ntopic = "extra"\norder = 99\nhints = []\n')
    broken = repo / "katas" / "zz_broken"
    broken.mkdir()
    (broken / "kata.toml").write_text("title = [unclosed\n")
    done = kata(repo, "list")
    assert done.returncode == 0
    assert "zz_new" in done.stdout.splitlines()[len(slugs) + 1] and "hard" in done.stdout
    assert "zz_broken" in done.stderr and "cannot be read" in done.stderr


def test_list_does_not_import_numpy(repo):
    probe = ("import sys; import sensei; eager = 'numpy' in sys.modules; from sensei.cli import main; "
             "code = main(['list']); print('IMPORTED', eager, 'numpy' in sys.modules, 'torch' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], cwd=repo, env=_env(), stdout=subprocess.PIPE, text=True)
    eager, numpy, torch = done.stdout.split("IMPORTED")[1].split()
    assert torch == "False"
    if eager == "True":
        pytest.skip("sensei/__init__.py imports numpy eagerly: its names should be imported lazily (PEP 562)")
    assert numpy == "False"


def test_unknown_slug_says_did_you_mean(repo):
    for command in ("show", "test", "hint", "bench", "solution", "reset", "watch"):
        done = kata(repo, command, "nsm")
        assert done.returncode == 2, command
        assert 'unknown kata "nsm". Did you mean: nms?' in done.stderr, (command, done.stderr)
    done = kata(repo, "show", "zzzzzz")
    assert done.returncode == 2 and "kata list" in done.stderr
    assert kata(repo, "show", "katas/nms/nms.py").returncode == 0  # a path is accepted too


def test_outside_the_repository(tmp_path):
    done = kata(tmp_path, "list")
    assert done.returncode == 2
    assert "not inside an ml-katas repository" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_show_renders_the_statement(repo):
    done = kata(repo, "show", "nms")
    assert done.returncode == 0
    assert "nms: non-maximum suppression" in done.stdout
    assert "What to write" in done.stdout and "def nms(" in done.stdout
    assert "Classic traps: hidden" in done.stdout and "<details>" not in done.stdout
    assert "argsort()[::-1]" not in done.stdout  # the traps are folded
    assert "kata test nms" in done.stdout
    full = kata(repo, "show", "nms", "--all")
    assert "argsort()[::-1]" in full.stdout


def test_next_follows_the_learning_order(repo):
    done = kata(repo, "next")
    assert done.returncode == 0
    assert done.stdout.startswith("Next: reshape_2d")
    assert "What to write" in done.stdout  # and shows it
    solve(repo, "reshape_2d")
    assert kata(repo, "test", "reshape_2d").returncode == 0
    done = kata(repo, "next")
    second = [s for s in ("iou", "nms") if s in katas_in(repo)][0]
    assert done.stdout.startswith(f"Next: {second}")


# -- test -------------------------------------------------------------------------------------
def test_test_not_started_failing_passed_and_recorded(repo):
    done = kata(repo, "test", "nms")
    assert done.returncode == 1
    assert "not started: implement nms(), batched_nms() in katas/nms/nms.py" in done.stdout

    nms_wrong(repo)
    done = kata(repo, "test", "nms")
    assert done.returncode == 1
    assert "checks passed" in done.stdout and "First failure:" in done.stdout
    assert 'case "IoU equal to the threshold is kept"' in done.stdout
    assert "hint: " in done.stdout and "STRICTLY greater" in done.stdout
    listed = kata(repo, "list").stdout
    assert "failing" in [line for line in listed.splitlines() if " nms " in line][0]

    solve(repo, "nms")
    done = kata(repo, "test", "nms")
    assert done.returncode == 0, done.stdout
    assert "PASS" in done.stdout and "checks passed" in done.stdout and "kata bench nms" in done.stdout
    row = [line for line in kata(repo, "list").stdout.splitlines() if " nms " in line][0]
    assert "passed" in row
    (repo / "katas" / "nms" / "nms.py").write_text((repo / "katas" / "nms" / "nms.py").read_text() + "\n# more\n")
    row = [line for line in kata(repo, "list").stdout.splitlines() if " nms " in line][0]
    assert "edited since" in row


def test_test_all_and_impl(repo):
    solve(repo, "reshape_2d")
    done = kata(repo, "test")
    assert done.returncode == 1
    slugs = katas_in(repo)
    for slug in slugs:
        assert [line for line in done.stdout.splitlines() if f" {slug}: " in line], slug
    assert f"1 of {len(slugs)} katas pass." in done.stdout
    # --impl=reference grades the reference: it passes, and it is not the learner's progress.
    done = kata(repo, "test", "nms", "--impl=reference")
    assert done.returncode == 0
    row = [line for line in kata(repo, "list").stdout.splitlines() if " nms " in line][0]
    assert "not started" in row


NMS_HALF_DONE = """
import numpy as np


def nms(boxes, scores, iou_threshold):
    \"\"\"Started, and wrong everywhere: float indices.\"\"\"
    return np.argsort(-np.asarray(scores), kind="stable").astype(np.float64)


def batched_nms(boxes, scores, labels, iou_threshold):
    \"\"\"Not started yet.\"\"\"
    raise NotImplementedError
"""


def nms_row(root: Path) -> str:
    return [line for line in kata(root, "list").stdout.splitlines() if " nms " in line][0]


def test_failures_are_not_hidden_by_an_unstarted_function(repo):
    (repo / "katas" / "nms" / "nms.py").write_text(NMS_HALF_DONE)
    done = kata(repo, "test", "nms")
    assert done.returncode == 1
    head = done.stdout.splitlines()[0]
    assert head.startswith("FAIL") and "0 of " in head and " failing, " in head and " not started)" in head, head
    assert "not started: implement batched_nms() in katas/nms/nms.py" in done.stdout
    assert "First failure:" in done.stdout and "nms() failed on case" in done.stdout
    assert "failing 0/" in nms_row(repo)  # recorded as failing, not as not started
    # `kata test` (every kata, one line each) shows both too.
    lines = kata(repo, "test").stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if " nms: " in line)
    assert lines[at].startswith("FAIL")
    assert "nms() failed on case" in lines[at + 1]
    assert lines[at + 2].strip() == "not started: implement batched_nms() in katas/nms/nms.py"


def test_the_result_is_recorded_before_the_reader_goes_away(repo):
    solve(repo, "nms")
    # `kata test nms | head -1` without the race: the reader is gone before anything is printed.
    process = subprocess.Popen([sys.executable, "-m", "sensei.cli", "test", "nms"], cwd=repo, env=_env(),
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()
    err = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0, err  # the verdict's status, not a broken pipe's
    assert "Traceback" not in err and "BrokenPipe" not in err, err
    assert "passed" in nms_row(repo)
    # Through a shell pipe, as typed.
    if shutil.which("head"):
        nms_wrong(repo)
        command = f"'{sys.executable}' -m sensei.cli test nms | head -1"
        done = subprocess.run(["sh", "-c", command], cwd=repo, env=_env(), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, timeout=120)
        assert done.stdout.startswith("FAIL  nms: ") and len(done.stdout.splitlines()) == 1, done.stdout
        assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr
        assert "failing" in nms_row(repo)


def test_a_run_that_graded_nothing_is_not_recorded(repo):
    solve(repo, "nms")
    assert kata(repo, "test", "nms").returncode == 0
    (repo / "katas" / "nms" / "test_nms.py").write_text("def test_broken(:\n    pass\n")
    done = kata(repo, "test", "nms")
    assert done.returncode == 1 and "could not be collected" in done.stdout, done.stdout
    from sensei.progress import Store
    store = Store(repo)
    tests = [e for e in store.events("nms") if e[2] == "test"]
    store.close()
    assert len(tests) == 1  # only the first run, the passing one
    assert "passed" in nms_row(repo)


SLEEPER = """
import time
from pathlib import Path


def nms(boxes, scores, iou_threshold):
    Path(__file__).with_name("started").write_text("")
    time.sleep(10 ** 6)


def batched_nms(boxes, scores, labels, iou_threshold):
    time.sleep(10 ** 6)
"""


def processes_in(folder: Path) -> dict[int, str]:
    """pid -> command line of the processes whose working directory is `folder` (Linux /proc)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if Path(os.readlink(entry / "cwd")) == folder:
                found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self/cwd").exists(), reason="reads /proc (Linux)")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_stopping_kata_test_stops_its_pytest(repo, sig):
    (repo / "katas" / "nms" / "nms.py").write_text(SLEEPER)
    started = repo / "katas" / "nms" / "started"
    process = subprocess.Popen([sys.executable, "-m", "sensei.cli", "test", "nms", "--timeout", "600"],
                               cwd=repo, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not started.exists():
            assert process.poll() is None and time.monotonic() < deadline, process.communicate()
            time.sleep(0.05)
        running = {pid: cmd for pid, cmd in processes_in(repo).items() if pid != process.pid}
        assert any("pytest" in cmd for cmd in running.values()), running  # the learner's code sleeps in it
        process.send_signal(sig)
        assert process.wait(timeout=30) == 128 + sig
        deadline = time.monotonic() + 10
        while processes_in(repo) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert processes_in(repo) == {}  # pytest, and anything it started, ended with kata
    finally:
        for pid in [process.pid, *processes_in(repo)]:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        process.communicate()
    assert "not started" in nms_row(repo)  # an interrupted run records nothing


# -- hint, solution ---------------------------------------------------------------------------
def test_hints_one_more_each_call(repo):
    from sensei.cli_catalog import load_kata
    hints = load_kata(repo / "katas" / "nms").hints
    assert len(hints) >= 2
    first = kata(repo, "hint", "nms")
    assert first.returncode == 0
    assert f"hint 1 of {len(hints)}: {hints[0]}" in first.stdout and "hint 2" not in first.stdout
    second = kata(repo, "hint", "nms")
    assert hints[0] in second.stdout and f"hint 2 of {len(hints)}: {hints[1]}" in second.stdout
    for _ in range(len(hints)):
        last = kata(repo, "hint", "nms")
    assert "That was the last hint" in last.stdout and hints[-1] in last.stdout
    assert f"hint {len(hints) + 1}" not in last.stdout
    row = [line for line in kata(repo, "list").stdout.splitlines() if " nms " in line][0]
    assert f"hints {len(hints)}/{len(hints)}" in row
    assert kata(repo, "hint", "nms", "--reset").returncode == 0
    assert "hint 2" not in kata(repo, "hint", "nms").stdout


def test_solution_is_a_spoiler_until_passed(repo):
    reference = (repo / "solutions" / "nms.py").read_text()
    marker = [line for line in reference.splitlines() if line.startswith("def nms(")][0]
    done = kata(repo, "solution", "nms")  # stdin is not a terminal: no prompt, no spoiler
    assert done.returncode == 1
    assert "spoiler" in done.stdout and "--yes" in done.stdout and marker not in done.stdout
    assert "solution seen" not in kata(repo, "list").stdout
    done = kata(repo, "solution", "nms", "--yes")
    assert done.returncode == 0 and marker in done.stdout
    row = [line for line in kata(repo, "list").stdout.splitlines() if " nms " in line][0]
    assert "solution seen" in row
    assert "solutions seen before passing: nms" in kata(repo, "progress").stdout
    # After passing: shown at once, and not counted as seen before passing.
    solve(repo, "reshape_2d")
    kata(repo, "test", "reshape_2d")
    done = kata(repo, "solution", "reshape_2d")
    assert done.returncode == 0 and "def construct_2d_array(" in done.stdout
    assert "reshape_2d" not in kata(repo, "progress").stdout.split("before passing:")[1]


# -- bench --------------------------------------------------------------------------------------
LIBBENCH = """
def benchmarks():
    data = list(range(10000))
    return [{"name": "10000 items", "reference": lambda: [x for x in data],
             "library": lambda: list(data), "library_name": "list()"}]
"""


def test_bench_times_yours_against_the_reference(repo):
    done = kata(repo, "bench", "reshape_2d", "--quick")
    assert done.returncode == 1 and "not started" in done.stdout
    solve(repo, "reshape_2d")
    libbench = repo / "scripts" / "libbench"
    libbench.mkdir(parents=True)
    (libbench / "reshape_2d.py").write_text(LIBBENCH)
    done = kata(repo, "bench", "reshape_2d", "--quick")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "yours" in done.stdout and "reference" in done.stdout
    rows = [line for line in done.stdout.splitlines() if line.startswith("construct_2d_array ") and "+-" in line]
    assert len(rows) >= 2 and all(line.rstrip().endswith("x") for line in rows)  # medians, spreads, ratio
    assert "construct_2d_array at the largest size (size = 90000): yours" in done.stdout  # the verdict leads
    assert "growth with size" in done.stdout and "yours ~ size^" in done.stdout
    assert "Overall:" in done.stdout and "Your best so far:" in done.stdout
    assert "library op" in done.stdout
    assert [line for line in done.stdout.splitlines() if line.startswith("10000 items") and line.endswith("list()")]
    row = [line for line in kata(repo, "list").stdout.splitlines() if " reshape_2d " in line][0]
    assert "passed" in row and row.split()[-1].endswith("x")  # graded on the way, best ratio recorded


def test_growth_exponent_from_the_labels():
    from sensei.cli_grade import BenchRow, fit_exponent, group_series
    assert abs(fit_exponent([100, 1000, 10000], [1e-3, 1e-1, 10.0]) - 2) < 1e-9
    assert fit_exponent([100, 100], [1.0, 2.0]) is None
    rows = [BenchRow("nms N=100", 1e-3, 2e-3), BenchRow("nms N=1000", 1e-2, 2e-1),
            BenchRow("construct_2d_array 10x10", 1e-6, 1e-6), BenchRow("construct_2d_array 100x100", 1e-4, 1e-4),
            BenchRow("pairwise_distances N=M=100 D=32", 1.0, 1.0), BenchRow("solo 5x5", 1.0, 1.0)]
    found = {series.name: series for series in group_series(rows)}
    assert set(found) == {"nms", "construct_2d_array"}  # a single size is no series
    assert found["nms"].param == "N" and abs(found["nms"].exponent("yours") - 1) < 1e-9
    assert abs(found["nms"].exponent("reference") - 2) < 1e-9
    assert found["construct_2d_array"].param == "size" and found["construct_2d_array"].sizes == [100, 10000]


# -- reset -------------------------------------------------------------------------------------
def shipped(slug: str) -> bytes:
    return (REPO / "sensei" / "stubs" / f"{slug}.py").read_bytes()


def backed_up_to(root: Path, done) -> Path:
    return root / done.stdout.split("backed up to ")[1].split()[0]


def test_reset_backs_up_then_restores_the_stub(repo):
    mine = repo / "katas" / "nms" / "nms.py"
    assert mine.read_bytes() == shipped("nms")
    mine.write_text("# my attempt, version 1\n")
    done = kata(repo, "reset", "nms")
    assert done.returncode == 0, done.stderr
    backup = backed_up_to(repo, done)
    assert backup.read_text() == "# my attempt, version 1\n"
    assert backup.parent == repo / ".kata" / "backups" / "nms"
    assert mine.read_bytes() == shipped("nms")
    # Twice in the same second: two backups, none overwritten.
    mine.write_text("# version 2\n")
    second = backed_up_to(repo, kata(repo, "reset", "nms"))
    assert second != backup and second.read_text() == "# version 2\n" and backup.read_text().endswith("1\n")
    assert "already the untouched stub" in kata(repo, "reset", "nms").stdout
    assert sorted(p.name for p in backup.parent.iterdir()) == sorted([backup.name, second.name])  # no leftovers
    assert [p.name for p in mine.parent.iterdir() if p.name.startswith(".")] == []
    # The status goes back to not started.
    solve(repo, "nms")
    kata(repo, "test", "nms")
    kata(repo, "reset", "nms")
    row = [line for line in kata(repo, "list").stdout.splitlines() if " nms " in line][0]
    assert "not started" in row


@pytest.mark.skipif(not HAVE_GIT, reason="git is needed")
def test_reset_after_a_commit_restores_the_stub_as_shipped(repo):
    solve(repo, "nms")
    subprocess.run(["git", "-c", "commit.gpgsign=false", "commit", "-q", "-am", "my solutions"], cwd=repo,
                   env=_env(), check=True, stdout=subprocess.DEVNULL)
    done = kata(repo, "reset", "nms")
    assert done.returncode == 0, done.stderr
    assert "already the untouched stub" not in done.stdout
    assert (repo / "katas" / "nms" / "nms.py").read_bytes() == shipped("nms")
    assert backed_up_to(repo, done).read_bytes() == (repo / "solutions" / "nms.py").read_bytes()


def test_reset_needs_no_git_and_a_missing_shipped_copy_changes_nothing(repo):
    mine = repo / "katas" / "nms" / "nms.py"
    mine.write_text("# my work\n")
    shutil.rmtree(repo / ".git", ignore_errors=True)
    done = kata(repo, "reset", "nms", env=_env(PATH=str(repo / "no-such-dir")))  # no git on the PATH
    assert done.returncode == 0, done.stderr
    assert mine.read_bytes() == shipped("nms") and backed_up_to(repo, done).read_text() == "# my work\n"
    # Without the shipped copy: one line, and nothing changed (no backup either).
    shutil.rmtree(repo / ".kata" / "backups")
    mine.write_text("# my work\n")
    (repo / "sensei" / "stubs" / "nms.py").unlink()
    done = kata(repo, "reset", "nms")
    assert done.returncode == 2 and "sensei/stubs/nms.py" in done.stderr and "Nothing was changed" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert mine.read_text() == "# my work\n"
    assert not (repo / ".kata" / "backups").exists()


@pytest.mark.skipif(os.name != "posix", reason="RLIMIT_FSIZE")
def test_a_failed_backup_leaves_no_file_that_looks_like_a_backup(repo):
    """A full disk, simulated by a file-size limit: the backup cannot be written whole."""
    import resource
    mine = repo / "katas" / "nms" / "nms.py"
    work = "".join(f"# line {i} of a long attempt\n" for i in range(3000)).encode()  # ~90 KB
    mine.write_bytes(work)
    limit = 16 * 1024

    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = subprocess.run([sys.executable, "-m", "sensei.cli", "reset", "nms"], cwd=repo,
                          env=_env(PYTHONDONTWRITEBYTECODE="1"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, timeout=60, preexec_fn=small_files)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "could not back up katas/nms/nms.py" in done.stderr and "nothing was changed" in done.stderr
    assert "Traceback" not in done.stderr
    assert mine.read_bytes() == work
    folder = repo / ".kata" / "backups" / "nms"
    assert not folder.exists() or list(folder.iterdir()) == []  # not even a hidden partial file


# -- watch -------------------------------------------------------------------------------------
def _reader(stream) -> queue.Queue:
    lines: queue.Queue = queue.Queue()

    def pump():
        for line in stream:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def _wait_for(lines: queue.Queue, text: str, seen: list, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.1)
        except queue.Empty:
            continue
        if line is None:
            break
        seen.append(line)
        if text in line:
            return
    raise AssertionError(f"{text!r} not seen in:\n{''.join(seen)}")


@pytest.mark.skipif(os.name == "nt", reason="signals")
def test_watch_regrades_on_save(repo):
    process = subprocess.Popen([sys.executable, "-m", "sensei.cli", "watch", "reshape_2d", "--interval=0.05"],
                               cwd=repo, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        lines, seen = _reader(process.stdout), []
        _wait_for(lines, "Watching katas/reshape_2d/reshape_2d.py", seen)
        assert any("not started" in line for line in seen)
        solve(repo, "reshape_2d")
        os.utime(repo / "katas" / "reshape_2d" / "reshape_2d.py")  # a save, even within one mtime tick
        _wait_for(lines, "checks passed", seen)
        _wait_for(lines, "Watching", seen)
        process.send_signal(signal.SIGINT)  # Ctrl-C
        assert process.wait(timeout=10) == 0
        _wait_for(lines, "Stopped watching", seen)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    row = [line for line in kata(repo, "list").stdout.splitlines() if " reshape_2d " in line][0]
    assert "passed" in row  # recorded


# -- progress and its store ------------------------------------------------------------------
def test_progress_bar_and_counts(repo):
    solve(repo, "reshape_2d")
    kata(repo, "test", "reshape_2d")
    done = kata(repo, "progress")
    assert done.returncode == 0
    total = len(katas_in(repo))
    assert f"1 of {total} katas passed" in done.stdout and "[" in done.stdout and "#" in done.stdout
    assert "easy" in done.stdout and "medium" in done.stdout
    easy_line = [line for line in done.stdout.splitlines() if line.strip().startswith("easy")][0]
    assert " 1 of " in easy_line


def test_corrupt_or_foreign_store_has_a_way_out(repo):
    store = repo / ".kata" / "progress.sqlite"
    store.parent.mkdir()
    store.write_bytes(b"this is not a database" * 100)
    for command in (["list"], ["progress"], ["hint", "nms"]):
        done = kata(repo, *command)
        assert done.returncode == 2, command
        assert len(done.stderr.strip().splitlines()) == 1
        assert "kata progress --reset-store" in done.stderr and "damaged" in done.stderr
    done = kata(repo, "test", "nms")  # grading still works; only the recording is skipped
    assert "not started" in done.stdout and "progress not recorded" in done.stderr
    done = kata(repo, "progress", "--reset-store")
    assert done.returncode == 0
    moved = repo / done.stdout.split("aside to ")[1].split()[0]
    assert moved.read_bytes() == b"this is not a database" * 100  # kept, never deleted
    assert kata(repo, "list").returncode == 0
    # Another program's SQLite file.
    kata(repo, "progress", "--reset-store")
    with sqlite3.connect(store) as conn:
        conn.execute("CREATE TABLE notes (text)")
    done = kata(repo, "list")
    assert done.returncode == 2 and "not an ml-katas progress store" in done.stderr
    # .kata is a file.
    shutil.rmtree(repo / ".kata")
    (repo / ".kata").write_text("")
    done = kata(repo, "list")
    assert done.returncode == 2 and ".kata" in done.stderr


def test_a_store_that_cannot_be_moved_aside_says_what_to_do(repo):
    assert kata(repo, "hint", "nms").returncode == 0  # a store to move
    store = repo / ".kata" / "progress.sqlite"
    before = store.read_bytes()
    # A folder that refuses renames (read-only, on another owner's disk...): simulated, since root may
    # rename anything.
    probe = ("import errno, os, sys\n"
             "def refuse(*args, **kwargs):\n"
             "    raise PermissionError(errno.EACCES, 'Permission denied')\n"
             "os.rename = refuse\n"
             "from sensei.cli import main\n"
             "sys.exit(main(['progress', '--reset-store']))\n")
    done = subprocess.run([sys.executable, "-c", probe], cwd=repo, env=_env(), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=60)
    assert done.returncode == 2 and done.stdout == "", done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("kata: cannot move .kata/progress.sqlite aside (Permission denied): ")
    assert f"by hand (check the permissions of .kata/): mv {store} {store}.bad-" in lines[0], lines[0]
    assert store.read_bytes() == before
    if os.name == "posix" and os.geteuid() != 0:  # the real thing, where permissions bind
        (repo / ".kata").chmod(0o555)
        try:
            done = kata(repo, "progress", "--reset-store")
        finally:
            (repo / ".kata").chmod(0o755)
        assert done.returncode == 2 and "cannot move .kata/progress.sqlite aside" in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1


WRITER = """
import sys
import time
from pathlib import Path
from sensei.progress import Store
store = Store(Path(sys.argv[1]))
for i in range(int(sys.argv[2])):
    store.record_test("nms", "failing", i, 50, None)
    store.next_hint("iou", 3)
    if i == 0:
        print("writing", flush=True)
    time.sleep(float(sys.argv[3]))
print("done")
"""


def test_store_survives_concurrent_runs_and_a_kill(repo):
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(repo), "40", "0.005"], env=_env(),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    solve(repo, "reshape_2d")
    done = kata(repo, "test", "reshape_2d")  # a manual run meanwhile
    assert done.returncode == 0 and "not recorded" not in done.stderr, done.stderr
    for writer in writers:
        out, err = writer.communicate(timeout=60)
        assert writer.returncode == 0 and out.split() == ["writing", "done"], err
    from sensei.progress import Store
    store = Store(repo)
    events = store.events()
    store.close()
    assert sum(1 for e in events if e[1] == "nms" and e[2] == "test") == 120
    assert any(e[1] == "reshape_2d" for e in events)
    # Killed mid-write: the store stays readable, the unfinished write is simply absent.
    killed = subprocess.Popen([sys.executable, "-c", WRITER, str(repo), "100000", "0"], env=_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert killed.stdout.readline().strip() == "writing"
    time.sleep(0.3)  # many transactions: the kill lands in one of them
    killed.kill()
    killed.wait()
    done = kata(repo, "list")
    assert done.returncode == 0 and "passed" in [line for line in done.stdout.splitlines() if " reshape_2d " in line][0]
    assert kata(repo, "progress").returncode == 0


# -- colour -------------------------------------------------------------------------------------
def _in_terminal(root: Path, *args: str, env: dict, answer: bytes = b"") -> str:
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "sensei.cli", *args], cwd=root, env=env,
                               stdin=slave, stdout=slave, stderr=slave)
    os.close(slave)
    if answer:
        time.sleep(0.5)
        os.write(master, answer)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(master)
    return b"".join(chunks).decode(errors="replace")


@pytest.mark.skipif(os.name == "nt" or sys.platform == "darwin", reason="pty behaviour")
def test_colour_on_a_terminal_only(repo):
    coloured = _in_terminal(repo, "list", env=_env())
    assert "\x1b[" in coloured and "reshape_2d" in coloured
    plain = _in_terminal(repo, "list", env=_env(NO_COLOR="1"))
    assert "\x1b[" not in plain and "reshape_2d" in plain
    # On a terminal, the solution asks first; "n" shows nothing.
    asked = _in_terminal(repo, "solution", "nms", env=_env(NO_COLOR="1"), answer=b"n\n")
    assert "Show it anyway? [y/N]" in asked and "Not shown" in asked and "def nms(" not in asked
