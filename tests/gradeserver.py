"""Grading runs for the repo's own tests, forked from a server that imported pytest, numpy and (for the
PyTorch katas: a second server) torch once: a run of `pytest katas/<slug> --impl=...` then costs its
tests, not a fresh interpreter and a 3 s torch import each time (the suite grades ~500 planted files).

Each run is a fresh child of the server: `pytest.main(args)` with the environment and output of its
own, exactly as `python -m pytest args` would do in a subprocess (same root, same plugins, plain
output to a file). The server itself never runs a test, so every child starts from the same state.
Set KATATEST_SUBPROCESS=1 to run each grading in a plain subprocess instead.
"""
from __future__ import annotations

import gc
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def serve(torch: bool = True) -> None:
    """The server's loop: one JSON request a line on stdin, one JSON reply a line on stdout. With `torch`,
    torch is imported once too (for the PyTorch katas); a numpy kata is graded by a server without it, as
    on a learner's machine (and a fork of a process that holds torch costs ~8 ms, not ~1)."""
    import numpy  # noqa: F401 - imported once, inherited by every run
    import pytest

    if torch:
        try:
            import torch  # noqa: F401
            import torch._dynamo  # noqa: F401 - what an optimizer's first step() imports (save_load)
        except ImportError:
            pass
    import sensei.plugin  # noqa: F401

    gc.freeze()  # every run's end-of-session collections skip what the server imported

    replies = os.fdopen(os.dup(1), "w")
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # nothing but replies on the reply pipe
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _child(pytest, request)
        deadline = time.monotonic() + request["timeout"]
        code = None
        while time.monotonic() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                code = os.waitstatus_to_exitcode(status)
                break
            time.sleep(0.005)
        if code is None:
            os.killpg(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            code = "timeout"
        replies.write(json.dumps({"code": code}) + "\n")
        replies.flush()


def _child(pytest, request: dict) -> None:
    """One grading run, or a batch (`request["batch"]`): the runs one after the other in this child,
    each with its own environment, arguments and output file, exit codes written to
    `request["codes"]` as they come. A batch shares what its runs import (the kata's test module,
    its generated cases); each run is still a whole pytest session, and the learner's code still
    runs only in the workers each session forks."""
    code = 70
    try:
        os.setpgid(0, 0)
        os.chdir(request["cwd"])
        sys.stdin = open(os.devnull)
        if "batch" not in request:
            code = _one_run(pytest, request)
        else:
            codes = []
            for item in request["batch"]:
                codes.append(_one_run(pytest, item))
                Path(request["codes"]).write_text(json.dumps(codes))
            code = 0
    except BaseException:  # noqa: BLE001
        import traceback

        traceback.print_exc()
    finally:
        _flush()
        os._exit(code)


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # noqa: BLE001
            pass


def _one_run(pytest, request: dict) -> int:
    _flush()
    os.environ.clear()
    os.environ.update(request["env"])
    out = os.open(request["output"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(out, 1)
    os.dup2(out, 2)
    os.close(out)
    sys.stdout = open(1, "w", closefd=False)
    sys.stderr = open(2, "w", closefd=False)
    sys.argv = ["pytest", *request["args"]]
    try:
        return int(pytest.main(request["args"]))
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # noqa: BLE001
        import traceback

        traceback.print_exc()
        return 70
    finally:
        _flush()


class Server:
    def __init__(self, torch: bool = True):
        command = [sys.executable, "-c",
                   f"import sys; sys.path.insert(0, {str(ROOT / 'tests')!r}); sys.path.insert(0, {str(ROOT)!r}); "
                   f"import gradeserver; gradeserver.serve(torch={torch!r})"]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "COV_"))}
        self.proc = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, env=env)

    def run(self, args: list[str], env: dict, output: Path, timeout: float) -> int | str:
        return self.send({"args": args, "env": env, "cwd": str(ROOT), "output": str(output), "timeout": timeout})

    def send(self, request: dict) -> int | str:
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the grading server ended")
        return json.loads(line)["code"]


def _server_up(torch: bool = True) -> Server:
    server = _servers.get(torch)
    if server is None or server.proc.poll() is not None:
        server = _servers[torch] = Server(torch)
    return server


_servers: dict[bool, Server] = {}


def needs_torch(args: list[str]) -> bool:
    """Whether a run of `pytest *args` grades a PyTorch kata or a file that imports torch (or may: a run
    naming no kata); a numpy kata graded alone by a numpy file needs no torch."""
    slugs = {arg.split("/")[1] for arg in args if arg.startswith("katas/") and arg.count("/") >= 1 and arg.split("/")[1]}
    impls = [ROOT / arg.partition("=")[2] for arg in args if arg.startswith("--impl=")]
    return not slugs or any(uses_torch(slug) for slug in slugs) or any(
        path.is_file() and "torch" in path.read_text(errors="replace") for path in impls)


def uses_torch(slug: str) -> bool:
    path = ROOT / "katas" / slug / f"test_{slug}.py"
    return not path.is_file() or "import torch" in path.read_text()


def run(args: list[str], env: dict, timeout: float) -> tuple[int, str]:
    """(exit code, output) of `python -m pytest *args` at the repository root, in a forked child."""
    import tempfile

    if os.environ.get("KATATEST_SUBPROCESS") or not hasattr(os, "fork"):
        proc = subprocess.run([sys.executable, "-m", "pytest", *args], cwd=ROOT, capture_output=True,
                              text=True, env=env, timeout=timeout)
        return proc.returncode, proc.stdout + proc.stderr
    server = _server_up(needs_torch(args))
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "output.txt"
        code = server.run(args, env, output, timeout)
        text = output.read_text(errors="replace") if output.exists() else ""
    if code == "timeout":
        raise subprocess.TimeoutExpired(["pytest", *args], timeout, output=text)
    return code, text


def run_batch(runs: list[tuple[list[str], dict]], timeout: float) -> list[tuple[int | str, str]]:
    """(exit code, output) of each `python -m pytest *args` of `runs`, one after the other in one
    forked child (see `_child`); without fork, each in a subprocess. A run the batch did not reach
    (the child was killed at `timeout`, the sum for the whole batch) has the code "timeout"."""
    import tempfile

    if os.environ.get("KATATEST_SUBPROCESS") or not hasattr(os, "fork"):
        return [run(args, env, timeout) for args, env in runs]
    with tempfile.TemporaryDirectory() as tmp:
        items = [{"args": args, "env": env, "output": str(Path(tmp) / f"output{i}.txt")}
                 for i, (args, env) in enumerate(runs)]
        codes_file = Path(tmp) / "codes.json"
        server = _server_up(any(needs_torch(args) for args, _ in runs))
        server.send({"batch": items, "codes": str(codes_file), "cwd": str(ROOT), "timeout": timeout})
        codes = json.loads(codes_file.read_text()) if codes_file.exists() else []
        results = []
        for i, item in enumerate(items):
            out = Path(item["output"])
            text = out.read_text(errors="replace") if out.exists() else ""
            results.append((codes[i] if i < len(codes) else "timeout", text))
    return results
