#!/usr/bin/env python3
"""How fast is grading? Wall time of `pytest katas/<slug>` against the floor of a bare pytest run.

    python scripts/bench_grading.py                  # every kata, 5 runs each, interleaved
    python scripts/bench_grading.py nms softmax --runs 15

Floors, each a pytest run of ONE trivial test in a scratch folder, with this interpreter:
  - "numpy floor": the test module imports numpy (what every numpy kata has to pay);
  - "torch floor": the test module imports torch (what the PyTorch katas have to pay).
Each kata is graded twice: its untouched stub ("stub": every test says not started) and the
reference (`--impl=reference`: every check runs, in a worker process, and passes). Medians of
interleaved runs; the target is grading within 1.5x of the kata's floor. Python's bytecode cache is
on, as on a learner's machine. Not a test: these machines are noisy.
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
TARGET = 1.5
# As on a learner's machine: Python caches the bytecode of our modules and of the kata's test file
# (PYTHONDONTWRITEBYTECODE, set on some CI machines, would compile them again in every run).
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, "NO_COLOR": "1"}


def wall(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}")
    return elapsed


def uses_torch(slug: str) -> bool:
    text = (ROOT / "katas" / slug / f"test_{slug}.py").read_text()
    return "import torch" in text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("slugs", nargs="*")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    slugs = args.slugs or sorted(p.name for p in (ROOT / "katas").iterdir() if (p / f"test_{p.name}.py").exists())
    pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        commands = {}
        for floor, module in (("numpy floor", "numpy"), ("torch floor", "torch")):
            (tmp / module).mkdir()
            (tmp / module / f"test_{module}.py").write_text(f"import {module}\n\n\ndef test_nothing():\n    pass\n")
            commands[floor] = (pytest + [f"test_{module}.py"], tmp / module)
        for slug in slugs:
            commands[f"{slug} stub"] = (pytest + [f"katas/{slug}", "--impl=sensei/stubs"], ROOT)
            commands[f"{slug} reference"] = (pytest + [f"katas/{slug}", "--impl=reference"], ROOT)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for name, (cmd, cwd) in commands.items():
            wall(cmd, cwd)  # warm the file cache
        for _ in range(args.runs):
            for name, (cmd, cwd) in commands.items():
                times[name].append(wall(cmd, cwd))
    median = {name: statistics.median(values) for name, values in times.items()}
    print(f"{'run':<30}{'median':>10}{'vs its floor':>15}")
    for name in ("numpy floor", "torch floor"):
        print(f"{name:<30}{median[name] * 1000:>8.0f}ms")
    over = []
    for slug in slugs:
        floor = median["torch floor" if uses_torch(slug) else "numpy floor"]
        for kind in ("stub", "reference"):
            value = median[f"{slug} {kind}"]
            print(f"{slug + ' ' + kind:<30}{value * 1000:>8.0f}ms{value / floor:>14.2f}x")
        worst = max(median[f"{slug} stub"], median[f"{slug} reference"]) / floor
        if worst > TARGET:
            over.append(f"{slug} {worst:.2f}x")
    print(f"\n{len(slugs) - len(over)} of {len(slugs)} katas grade within {TARGET}x of their floor"
          + (f"; over: {', '.join(over)}" if over else ""))


if __name__ == "__main__":
    main()
