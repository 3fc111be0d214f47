#!/usr/bin/env python3
"""How fast is grading? Wall time of `pytest katas/<slug>` against the floor of a bare pytest run.

    python scripts/bench_grading.py              # softmax, 15 runs each, interleaved
    python scripts/bench_grading.py nms --runs 25

Floors, each a pytest run of ONE trivial test in a scratch folder, with this interpreter:
  - "bare":        the test imports nothing;
  - "bare+numpy":  the test module imports numpy (what every numpy kata has to pay).
The kata is graded twice: its stub as shipped ("stub", `--impl=sensei/stubs`: every test says
not started) and the reference (`--impl=reference`: every check runs and passes). Medians of
interleaved runs; the target is grading within 1.5x of the bare+numpy floor. Not a test: these
machines are noisy.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def wall(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          env={**os.environ, "NO_COLOR": "1"})
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("slug", nargs="?", default="softmax")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "bare").mkdir()
        (tmp / "bare" / "test_bare.py").write_text("def test_nothing():\n    pass\n")
        (tmp / "numpy").mkdir()
        (tmp / "numpy" / "test_numpy.py").write_text("import numpy\n\n\ndef test_nothing():\n    pass\n")
        commands = {
            "bare": (pytest + ["test_bare.py"], tmp / "bare"),
            "bare+numpy": (pytest + ["test_numpy.py"], tmp / "numpy"),
            f"{args.slug} stub": (pytest + [f"katas/{args.slug}", "--impl=sensei/stubs"], ROOT),  # as shipped
            f"{args.slug} reference": (pytest + [f"katas/{args.slug}", "--impl=reference"], ROOT),
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for name, (cmd, cwd) in commands.items():
            wall(cmd, cwd)  # warm the file cache
        for _ in range(args.runs):
            for name, (cmd, cwd) in commands.items():
                times[name].append(wall(cmd, cwd))
    median = {name: statistics.median(values) for name, values in times.items()}
    floor = median["bare+numpy"]
    print(f"{'run':<28}{'median':>10}{'vs bare+numpy':>16}{'vs bare':>10}")
    for name, value in median.items():
        print(f"{name:<28}{value * 1000:>8.0f}ms{value / floor:>15.2f}x{value / median['bare']:>9.2f}x")
    worst = max(median[f"{args.slug} stub"], median[f"{args.slug} reference"]) / floor
    print(f"\ngrading {args.slug}: {worst:.2f}x the bare+numpy floor (target <= 1.5x)")


if __name__ == "__main__":
    main()
