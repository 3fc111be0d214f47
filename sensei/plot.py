"""`kata bench SLUG --plot`: time against input size, log-log, yours vs the reference vs the library
op, with the fitted growth exponents in the legend, written to `.kata/plots/<slug>-<time>.png`.

matplotlib is imported only here, only for --plot (the `plot` extra: pip install -e ".[plot]").
"""
from __future__ import annotations

import math
from pathlib import Path

from .cli_catalog import CliError
from .cli_grade import _NUMBER, BenchRow, Series, fit_exponent, group_series

INSTALL = 'python -m pip install matplotlib (or: python -m pip install -e ".[plot]")'
# Words of a label that name no operation: a library benchmark's name may add them.
NOISE = {"float16", "float32", "float64", "int32", "int64", "grad"}


def require_matplotlib() -> None:
    """One line, before any timing, when matplotlib is missing."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise CliError(f"--plot needs matplotlib, which is not installed: {INSTALL}") from None


def _stamp() -> str:
    from .clock import stamp  # the command's one clock (KATA_NOW)

    return stamp()


def _base(series: Series) -> str:
    return _NUMBER.sub("#", series.rows[0].label)


def title(series: Series) -> str:
    """The first label with the numbers that vary along the series replaced: 'softmax ·x100'."""
    numbers = [_NUMBER.findall(row.label) for row in series.rows]  # as many in each: one base
    varying = {i for i in range(len(numbers[0])) if len({n[i] for n in numbers}) > 1}
    count = iter(range(10 ** 6))
    return _NUMBER.sub(lambda m: "·" if next(count) in varying else m.group(0), series.rows[0].label)


def _key(series: Series) -> frozenset:
    words = _base(series).replace("+", " ").split()
    return frozenset(w for w in words if "#" not in w and w.lower() not in NOISE)


def library_series(lib_rows: list[tuple[str, str, float, float]]) -> list[tuple[Series, str]]:
    """The library op's timings (scripts/libbench) as series: (series, library name); a row's
    `yours` holds the library's time, `reference` the reference's."""
    names = {}
    rows = []
    for name, library_name, ref_t, lib_t in lib_rows:
        rows.append(BenchRow(name, lib_t or None, ref_t or None))
        names[name] = library_name
    return [(s, names[s.rows[0].label]) for s in group_series(rows)]


def match_library(series: Series, libraries: list[tuple[Series, str]]) -> tuple[Series, str] | None:
    """The library series timing the same operation over the same sizes, if any."""
    for lib, library_name in libraries:
        if lib.param == series.param and _key(lib) == _key(series):
            return lib, library_name
    return None


def _label(who: str, param: str, sizes: list, times: list) -> str:
    k = fit_exponent(sizes, times)
    shown = f"({param})" if "*" in param else param
    return f"{who} ~ {shown}^{k:.2f}" if k is not None else who


def draw(slug: str, series: list[Series], libraries: list[tuple[Series, str]], path: Path,
         yours: str = "yours") -> list[list[str]]:
    """Draws one log-log panel per series into the PNG `path` (created, never overwritten);
    returns each panel's legend."""
    from matplotlib.figure import Figure

    cols = 1 if len(series) == 1 else 2
    rows = math.ceil(len(series) / cols)
    figure = Figure(figsize=(6.4 * cols, 4.4 * rows), layout="constrained")
    figure.suptitle(f"kata bench {slug}: time per call against size (log-log)")
    legends = []
    for i, one in enumerate(series):
        axes = figure.add_subplot(rows, cols, i + 1)
        lines = [(yours, [r.yours for r in one.rows], "o-", one.sizes),
                 ("reference", [r.reference for r in one.rows], "s--", one.sizes)]
        matched = match_library(one, libraries)
        if matched is not None:
            lib, library_name = matched
            lines.append((library_name, [r.yours for r in lib.rows], "^:", lib.sizes))
        legend = []
        for who, times, style, sizes in lines:
            points = [(s, t) for s, t in zip(sizes, times) if t]
            if not points:
                continue
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            label = _label(who, one.param, xs, ys)
            axes.plot(xs, ys, style, label=label)
            legend.append(label)
        axes.set_xscale("log")
        axes.set_yscale("log")
        axes.set_title(title(one), fontsize=10)
        axes.set_xlabel(one.param if one.param != "size" else "size (product of the numbers that vary)")
        axes.set_ylabel("seconds per call")
        axes.grid(True, which="both", alpha=0.3)
        if legend:
            axes.legend(fontsize=9)
        legends.append(legend)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as fh:
        figure.savefig(fh, format="png", dpi=100)
    return legends


def plot_path(root: Path, slug: str) -> Path:
    """.kata/plots/<slug>-<time>.png, a name not taken yet (-1, -2, ... in the same second)."""
    folder = root / ".kata" / "plots"
    stamp = _stamp()
    n = 0
    while True:
        path = folder / (f"{slug}-{stamp}.png" if n == 0 else f"{slug}-{stamp}-{n}.png")
        if not path.exists():
            return path
        n += 1


def write_plot(root: Path, slug: str, result, lib_rows: list, yours: str = "yours") -> tuple[Path | None, str]:
    """The PNG for a `kata bench` run: (its path, "") or (None, why there is nothing to plot)."""
    series = result.series()
    if not series:
        return None, (f"nothing to plot: each benchmark of {slug} times one size only "
                      f"(a plot needs one function timed at several sizes)")
    path = plot_path(root, slug)
    try:
        draw(slug, series, library_series(lib_rows), path, yours=yours)
    except FileExistsError:  # taken meanwhile by another run: the next free name
        path = plot_path(root, slug)
        draw(slug, series, library_series(lib_rows), path, yours=yours)
    return path, ""
