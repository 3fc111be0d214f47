#!/usr/bin/env python3
"""How fast is grading? Wall time of `pytest katas/<slug>` against the floor of a bare pytest run.

    python scripts/bench_grading.py                  # every kata, 5 runs each, interleaved
    python scripts/bench_grading.py nms softmax --runs 15

Floors, each a pytest run of ONE trivial test in a scratch folder, with this interpreter:
  - "numpy floor": the test module imports numpy (what every numpy kata has to pay);
  - "torch floor": the test module imports torch (what the PyTorch katas have to pay).
Each kata is graded twice: its untouched stub ("stub": every test says not started) and the
reference (`--impl=reference`: every check runs, in a worker process, and passes). In each round,
a kata's two runs follow a run of its floor: the ratio reported is the median over the rounds of
those paired ratios, with their spread (IQR), so that the machine's load drifting between minutes
does not move it. The target is grading within 1.5x of the kata's floor. Python's bytecode cache is
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
        for name, (cmd, cwd) in commands.items():
            wall(cmd, cwd)  # warm the file cache
        # Each kata's runs are paired with a run of its floor made just before them, in the same round:
        # the ratio of a pair does not drift with the machine's load from one minute to the next.
        times: dict[str, list[float]] = {name: [] for name in commands}
        ratios: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for slug in slugs:
                floor = floor_of(slug)
                base = wall(*commands[floor])
                times[floor].append(base)
                for kind in ("stub", "reference"):
                    name = f"{slug} {kind}"
                    times[name].append(wall(*commands[name]))
                    ratios[name].append(times[name][-1] / base)
    median = {name: statistics.median(values) for name, values in times.items() if values}
    print(f"{'run':<30}{'median':>10}{'vs its floor':>15}{'spread (IQR)':>16}")
    for name in ("numpy floor", "torch floor"):
        if name in median:
            print(f"{name:<30}{median[name] * 1000:>8.0f}ms")
    over = []
    for slug in slugs:
        for kind in ("stub", "reference"):
            name = f"{slug} {kind}"
            ratio = statistics.median(ratios[name])
            print(f"{name:<30}{median[name] * 1000:>8.0f}ms{ratio:>14.2f}x{iqr(ratios[name]):>15.2f}x")
        worst = max(statistics.median(ratios[f"{slug} {kind}"]) for kind in ("stub", "reference"))
        if worst > TARGET:
            over.append(f"{slug} {worst:.2f}x")
    print(f"\n{len(slugs) - len(over)} of {len(slugs)} katas grade within {TARGET}x of their floor (median of the "
          f"ratios of {args.runs} paired runs)" + (f"; over: {', '.join(over)}" if over else ""))


def floor_of(slug: str) -> str:
    return "torch floor" if uses_torch(slug) else "numpy floor"


def iqr(values: list[float]) -> float:
    if len(values) < 2:
        return 0.0
    q = statistics.quantiles(values, n=4)
    return q[2] - q[0]

if __name__ == "__main__":
    main()
