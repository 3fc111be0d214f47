"""`kata bench SLUG --plot` (sensei/plot.py): a log-log PNG of time against size, yours vs the
reference vs the library op, with the fitted growth exponents in the legend. End to end on a
scratch copy of the repository (its .kata/ gets the plot), and the drawing on made-up timings."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from katatest import scratch_repo

REPO = Path(__file__).resolve().parent.parent
SLUG = "reshape_2d"
PNG = b"\x89PNG\r\n\x1a\n"

pytestmark = pytest.mark.skipif(not (REPO / "katas" / SLUG / "kata.toml").is_file(), reason="reshape_2d is needed")

# The library op at the kata's benchmark sizes (10x10 and 300x300), as scripts/libbench/ files are.
LIBBENCH = '''
from reshape_2d import construct_2d_array


def benchmarks():
    out = []
    for side in (10, 300):
        data = list(range(side * side))
        out.append({"name": f"construct_2d_array {side}x{side}",
                    "reference": lambda d=data, s=side: construct_2d_array(d, s, s),
                    "library": lambda d=data, s=side: [d[i:i + s] for i in range(0, s * s, s)],
                    "library_name": "list slices"})
    return out
'''


@pytest.fixture
def scratch(tmp_path) -> Path:
    root = scratch_repo(tmp_path / "repo", [SLUG])
    (root / "scripts" / "libbench").mkdir(parents=True)
    (root / "scripts" / "libbench" / f"{SLUG}.py").write_text(LIBBENCH)
    return root


def kata(root: Path, *args: str, pythonpath: str = "") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_ADDOPTS", "NO_COLOR", "FORCE_COLOR")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (pythonpath, str(root)) if p)
    done = subprocess.run([sys.executable, "-m", "sensei.cli", *args], cwd=root, env=env, capture_output=True,
                          text=True, timeout=300)
    assert "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
    return done


def test_bench_plot_writes_a_png(scratch):
    pytest.importorskip("matplotlib")
    done = kata(scratch, "bench", SLUG, "--plot", "--quick", "--impl=reference")
    assert done.returncode == 0, done.stdout + done.stderr
    found = re.search(rf"^Plot: (\.kata/plots/{SLUG}-\d{{8}}-\d{{6}}(?:-\d+)?\.png)$", done.stdout, re.M)
    assert found, done.stdout
    png = scratch / found.group(1)
    data = png.read_bytes()
    assert len(data) > 1000 and data.startswith(PNG)
    assert "list slices" in done.stdout  # the library op was timed too, for the plot
    # A second plot never overwrites the first.
    again = kata(scratch, "bench", SLUG, "--plot", "--quick", "--impl=reference", "--no-library")
    second = scratch / re.search(r"^Plot: (\S+)$", again.stdout, re.M).group(1)
    assert second != png and second.read_bytes().startswith(PNG) and png.read_bytes() == data


def test_bench_plot_without_matplotlib_says_how_to_install_it(scratch, tmp_path):
    fake = tmp_path / "fake"
    (fake / "matplotlib").mkdir(parents=True)
    (fake / "matplotlib" / "__init__.py").write_text("raise ImportError(\"No module named 'matplotlib'\")\n")
    done = kata(scratch, "bench", SLUG, "--plot", "--quick", pythonpath=str(fake))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert lines == ['kata: --plot needs matplotlib, which is not installed: python -m pip install matplotlib '
                     '(or: python -m pip install -e ".[plot]")']
    assert "Timing" not in done.stdout  # said before any timing
    assert not (scratch / ".kata" / "plots").exists()


def test_the_legend_gives_the_growth_exponents(tmp_path):
    pytest.importorskip("matplotlib")
    from sensei.cli_grade import BenchResult, BenchRow
    from sensei.plot import draw, library_series, plot_path, write_plot

    result = BenchResult("nms", rows=[BenchRow("nms N=100", 1e-4, 1e-3), BenchRow("nms N=1000", 1e-3, 1e-1),
                                      BenchRow("nms N=10000", 1e-2, 10.0), BenchRow("batched_nms N=50", 1.0, 1.0)])
    lib_rows = [("nms N=100 float64", "torchvision.ops.nms", 1e-3, 1e-5),
                ("nms N=1000 float64", "torchvision.ops.nms", 1e-1, 1e-4),
                ("box_iou N=100", "other", 1.0, 1.0), ("box_iou N=1000", "other", 2.0, 2.0)]
    path = plot_path(tmp_path, "nms")
    legends = draw("nms", result.series(), library_series(lib_rows), path)
    assert legends == [["yours ~ N^1.00", "reference ~ N^2.00", "torchvision.ops.nms ~ N^1.00"]]
    assert path.read_bytes().startswith(PNG)
    assert plot_path(tmp_path, "nms") != path  # the name is taken: the next one
    nothing = BenchResult("metrics", rows=[BenchRow("roc_auc N=10**6", 1.0, 1.0)])
    assert write_plot(tmp_path, "metrics", nothing, []) == (None, "nothing to plot: each benchmark of metrics "
                                                                 "times one size only (a plot needs one function "
                                                                 "timed at several sizes)")
