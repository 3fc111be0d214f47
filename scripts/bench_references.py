#!/usr/bin/env python3
"""Each reference solution against its library counterpart, at the katas' benchmark sizes.

    python scripts/bench_references.py            # every scripts/libbench/<slug>.py
    python scripts/bench_references.py conv2d     # one kata

A file scripts/libbench/<slug>.py defines `benchmarks() -> list[dict]`, each dict with "name",
"reference" and "library" (no-argument callables on inputs built once), and "library_name".
Everything runs on one thread (BLAS and torch: the environment is set before numpy is imported;
BLAS threads spinning on a busy machine made times jump by milliseconds and flagged different
benchmarks from run to run). Times are medians of repeated runs, both sides measured in the same
run, interleaved.
The goal: every reference within 2x of the library op (a benchmark may set its own "goal" where the
library op does less work, e.g. hard NMS against Soft-NMS).
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from pathlib import Path

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS"):
    os.environ[_name] = "1"  # before numpy is imported (below, and by the libbench files)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from sensei.timing import paired_times  # noqa: E402

GOAL = 2.0


def load(path: Path):
    spec = importlib.util.spec_from_file_location(f"libbench_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fmt(seconds: float) -> str:
    return f"{seconds * 1e3:9.3f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("slugs", nargs="*")
    args = parser.parse_args()
    import torch

    torch.set_num_threads(1)
    sys.path.insert(0, str(ROOT / "solutions"))
    files = sorted((ROOT / "scripts" / "libbench").glob("*.py"))
    files = [f for f in files if not f.name.startswith("_") and (not args.slugs or f.stem in args.slugs)]
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread; ratio = reference / library")
    print(f"{'benchmark':<52}{'reference':>13}{'library':>13}{'ratio':>8}{'spread':>8}  library op")
    over = []
    for path in files:
        for bench in load(path).benchmarks():
            ref, ref_iqr, lib, lib_iqr = paired_times(bench["reference"], bench["library"])
            ratio = ref / lib
            spread = ref_iqr / ref + lib_iqr / lib  # relative uncertainty of the ratio
            goal = bench.get("goal", GOAL)  # a benchmark whose library op does less work says how much
            flag = "" if ratio <= goal else f"  > {goal:g}x"
            if ratio > goal:
                over.append(bench["name"])
            print(f"{bench['name']:<52}{fmt(ref):>13}{fmt(lib):>13}{ratio:>7.2f}x{100 * spread / 2:>6.0f}%  "
                  f"{bench['library_name']}{flag}")
    print(f"\n{len(over)} benchmark(s) over their goal ({GOAL:g}x unless said)" + (": " + ", ".join(over) if over else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
