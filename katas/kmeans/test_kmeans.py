"""Graded tests for the kmeans kata. Run: pytest katas/kmeans   (-x stops at the first failure).

kmeans() is deterministic and compared with the reference: centroids, labels and n_iter. Generated
inputs keep every point's nearest and second-nearest centroid well apart along the whole run, and tol
well away from every shift, so that round-off (float32, another distance formula) never decides;
ties are graded on small integers only, where every correct formula is exact.

kmeans_plusplus_init() is random and the generator calls are yours, so it is graded by properties
and by the distribution of its draws over 700 seeds (a chi-square test), never by particular draws.
"""
from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest

from sensei import Case, Close, Exact, Problem, Spec, case, generated, mistake
from sensei.data import a
from sensei.show import describe

KMEANS, PLUSPLUS = "kmeans", "kmeans_plusplus_init"

LLOYD = ("kmeans(): each iteration assigns every point to its nearest centroid (Euclidean), then moves every "
         "centroid to the mean of its points; stop once shift = sum over k of ||new_k - old_k||^2 <= tol.")
TIES = ("kmeans(): a point at equal distance from two centroids goes to the LOWEST centroid index. np.argmin "
        "returns the first minimum; a loop must replace its best centroid only when strictly closer (<, not <=).")
EMPTY = ("kmeans(): a centroid with no point keeps its current position. x[labels == k].mean(axis=0) of an empty "
         "cluster is NaN (and the NaN spreads); dividing the sums by max(count, 1) moves it to 0; do not reset "
         "it to init or re-seed it either.")
SHIFT = ("kmeans(): shift is the sum over the centroids of their SQUARED moves, sum_k ||new_k - old_k||^2 (not "
         "its square root, not the largest move), and the run stops when shift <= tol: equality stops.")
N_ITER = ("kmeans(): n_iter counts the iterations run, from 1: the iteration that finds shift <= tol counts, and a "
          "run cut by max_iter returns max_iter.")
RELABEL = ("kmeans(): the labels must belong to the RETURNED centroids. After a stop by tol > 0 or by max_iter, "
           "the last iteration's labels were computed before its centroids moved: assign the points again.")
BEYOND = ("kmeans(): K > N is valid: at least K - N clusters are empty and keep their centroids (no NaN, no "
          "index error).")
DTYPE = ("kmeans(): the centroids have x's float dtype (float32 stays float32; integer x gives float64) whatever "
         "init's dtype; labels are int64.")


# -- the result, compared part by part ---------------------------------------------------------
class Plain:
    """A value shown as it is (repr), and never taken for a quantity by the grader's relations
    ("yours = 4/3 x expected" says nothing about an iteration count or a cluster index)."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text


class Result(Spec):
    """(centroids, labels, n_iter): the centroids Close, the labels Exact (int64) and told point by point,
    n_iter an integer equal to the expected one. The first part that differs leads; a different n_iter is
    always told, since it says where the run stopped. Written here, not in sensei/."""

    def __init__(self):
        self.centroids = Close(shape_hint="kmeans(): the centroids are [K, D], one row per row of init.")
        self.labels = Exact()

    def problem(self, got, expected):
        if not isinstance(got, (tuple, list)) or len(got) != 3:
            return Problem(f"expected a tuple (centroids, labels, n_iter), got {describe(got)}",
                           hint="kmeans() returns three values, in this order: (centroids, labels, n_iter).")
        (c, labels, n), (ec, elabels, en) = got, expected
        if not isinstance(n, (int, np.integer)) or isinstance(n, (bool, np.bool_)):
            return Problem(f"n_iter: expected an int, got {describe(n)}", got=n, expected=en,
                           hint="kmeans(): n_iter is a whole number of iterations: return a Python int.")
        runs = [] if n == en else [f"n_iter: expected {en}, got {n} (your run stopped at another iteration)"]
        p = self.centroids.problem(c, ec)
        if p:
            p.summary = f"centroids: {p.summary}"
            p.details += runs
            p.got, p.expected = c, ec
            return p
        p = self.labels.problem(labels, elabels)
        if p:
            p.summary = f"labels: {p.summary}"
            if "wrong dtype" in p.summary:
                p.hint = "kmeans(): labels are int64 (np.argmin gives int64; do not build them with np.zeros(N))."
            elif p.summary == "labels: wrong values":
                wrong = np.flatnonzero(labels != elabels)
                p.details = [f"first difference at point {wrong[0]}: expected centroid {elabels[wrong[0]]}, "
                             f"got {labels[wrong[0]]}", f"{len(wrong)} of {len(elabels)} labels differ", *runs]
            p.got, p.expected = Plain(str(labels.tolist()) if isinstance(labels, np.ndarray) else repr(labels)), \
                Plain(str(elabels.tolist()))
            return p
        if runs:
            return Problem(f"n_iter: expected {en}, got {n}", got=Plain(repr(int(n))), expected=Plain(repr(en)))
        return None


# -- known mistakes (what each one returns; never shown) ----------------------------------------
def out_dtype(x) -> np.dtype:
    x = np.asarray(x)
    return x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)


def assign(x, c, ties="low"):
    """Nearest centroid of each row (from the differences; NaN centroids win, as np.argmin has it)."""
    d = ((x[:, None, :] - c[None, :, :]) ** 2).sum(axis=2)  # [N, K]
    if ties == "high":
        return (len(c) - 1 - np.argmin(d[:, ::-1], axis=1)).astype(np.int64)
    return np.argmin(d, axis=1).astype(np.int64)


def lloyd(x, init, max_iter=100, tol=0.0, *, ties="low", empty="keep", shift="squared", strict=False,
          rule="shift", relabel=True, offset=0):
    """Lloyd's algorithm with one mistake's knob turned."""
    dtype = out_dtype(x)
    x = np.asarray(x).astype(dtype)
    start = np.asarray(init).astype(dtype)
    c, before = start.copy(), None
    for n_iter in range(1, max_iter + 1):
        labels = assign(x, c, ties)
        new = c.copy()
        for j in range(len(c)):
            members = x[labels == j]
            if len(members):
                new[j] = members.mean(axis=0)
            elif empty == "nan":
                new[j] = np.nan
            elif empty == "zero":
                new[j] = 0.0
            elif empty == "init":
                new[j] = start[j]
        moves = ((new - c) ** 2).sum(axis=1)
        amount = {"squared": moves.sum(), "norm": np.sqrt(moves.sum()), "norms": np.sqrt(moves).sum(),
                  "max": np.sqrt(moves).max()}[shift]
        if rule == "labels":
            stop = before is not None and np.array_equal(labels, before)
        elif rule == "allclose":
            stop = np.allclose(new, c)
        else:
            stop = amount < tol if strict else amount <= tol
        c, before = new, labels
        if stop:
            break
    if relabel:
        labels = assign(x, c, ties)
    return c, labels, n_iter + offset


def knob(name, fix, **knobs):
    return mistake(KMEANS, name, fix=f"kmeans(): {fix}",
                   gives=lambda ref, x, init, max_iter=100, tol=0.0: lloyd(x, init, max_iter, tol, **knobs))


TOL_IGNORED = "tol ignored: the run stops only when the labels repeat, or when np.allclose(new, old)"
SQUARED_FIX = ("compare tol with shift = sum_k ||new_k - old_k||^2, the sum of the SQUARED moves (scikit-learn's "
               "center_shift_tot), not with a distance.")
MISTAKES = [
    knob("an empty cluster's mean is NaN (x[labels == k].mean() of no point)",
         "a centroid with no point keeps its current position: test the count before taking the mean "
         "(x[labels == k].mean(axis=0) of an empty cluster is NaN, and the NaN spreads).", empty="nan"),
    knob("an empty cluster's centroid reset to its init row",
         "a centroid with no point keeps its CURRENT position (where the last iteration left it), not its row "
         "of init.", empty="init"),
    knob("an empty cluster's centroid moved to 0 (sums divided by max(count, 1))",
         "a centroid with no point keeps its current position: dividing its zero sum by max(count, 1) moves it "
         "to the origin. Keep the old row where the count is 0 (np.where(counts[:, None] > 0, means, old)).",
         empty="zero"),
    knob("equal distances assigned to the HIGHEST centroid index (<= in a loop, or argmin of the reversed row)",
         "a point at equal distance from two centroids goes to the LOWEST index: np.argmin(d, axis=1) returns "
         "the first minimum; in a loop, replace the best only when strictly closer (<).", ties="high"),
    knob("tol compared with the norm of the shift, sqrt(sum_k ||new_k - old_k||^2)", SQUARED_FIX, shift="norm"),
    knob("tol compared with the summed move lengths, sum_k ||new_k - old_k||", SQUARED_FIX, shift="norms"),
    knob("tol compared with the largest move, max_k ||new_k - old_k||", SQUARED_FIX, shift="max"),
    knob("the run stops only when shift < tol (strictly): with tol = 0 it never stops early",
         "stop when shift <= tol: equality stops, so tol = 0 stops at the first iteration that moves no "
         "centroid.", strict=True),
    # One name for both: on most inputs the two stop at the same iteration.
    *(knob(TOL_IGNORED, "stop when shift = sum_k ||new_k - old_k||^2 <= tol: with tol > 0 that is usually before "
           "the labels stop changing, and np.allclose has tolerances of its own.", rule=rule)
      for rule in ("labels", "allclose")),
    knob("the labels of the last iteration returned: they belong to the centroids before their last move",
         "return the labels of the RETURNED centroids: after a stop by tol or by max_iter, assign the points "
         "once more to the final centroids.", relabel=False),
    knob("n_iter one too low (the 0-based loop index returned)",
         "n_iter counts the iterations run, from 1: `for it in range(max_iter)` then returning it is one short.",
         offset=-1),
    knob("n_iter one too high",
         "n_iter counts the iterations run, from 1: the final re-assignment of the labels is not an iteration.",
         offset=1),
]


# -- inputs: generated runs are safe from round-off ---------------------------------------------
def run_margins(x, init, max_iter, tol):
    """Lloyd in float64 from the differences: (the smallest gap between a point's two nearest centroids,
    relative to the data's scale, over every assignment; the shifts; whether a cluster ever emptied; n_iter)."""
    x, c = np.asarray(x, np.float64), np.asarray(init, np.float64)
    scale = 1.0 + float(max((x * x).sum(axis=1).max(), (c * c).sum(axis=1).max()))
    gap, shifts, emptied = np.inf, [], False

    def nearest(c):
        nonlocal gap
        d = ((x[:, None, :] - c[None]) ** 2).sum(axis=2)
        if c.shape[0] > 1:
            two = np.sort(d, axis=1)[:, :2]
            gap = min(gap, float((two[:, 1] - two[:, 0]).min()) / scale)
        return np.argmin(d, axis=1)

    for n_iter in range(1, max_iter + 1):
        labels = nearest(c)
        counts = np.bincount(labels, minlength=len(c))
        emptied |= bool((counts == 0).any())
        sums = np.stack([np.bincount(labels, weights=x[:, j], minlength=len(c)) for j in range(x.shape[1])], axis=1)
        new = np.where(counts[:, None] > 0, sums / np.maximum(counts, 1)[:, None], c)
        shifts.append(float(((new - c) ** 2).sum()))
        c = new
        if shifts[-1] <= tol:
            break
    nearest(c)
    return gap, shifts, emptied, n_iter


def tol_is_clear(tol, shifts, margin=1e-3):
    """No shift within a relative margin of tol (tol = 0: stops only on an exact 0)."""
    return tol == 0 or all(abs(s - tol) > margin * tol for s in shifts)


def blobs(rng, n, *, dtype=np.float64, mode="zero", empty_ok=False, k_range=(2, 6)):
    """n points around a few centres in 1-4 dimensions, init = K distinct rows of x (K <= n). mode: "zero"
    (tol = 0), "tol" (tol between two consecutive shifts of the run), "max_iter" (cut before the end)."""
    margin = 1e-4 if dtype == np.float32 else 1e-9
    for _ in range(200):
        d = int(rng.integers(1, 5))
        k = min(int(rng.integers(*k_range)), n)
        centres = rng.normal(0.0, 3.0, (k, d))
        x = (centres[rng.integers(0, k, n)] + rng.normal(0.0, 1.0, (n, d))).astype(dtype)
        init = x[rng.choice(n, k, replace=False)].copy()
        gap, shifts, emptied, n_iter = run_margins(x, init, 100, 0.0)
        if gap <= margin or (emptied and not empty_ok) or n_iter == 100:
            continue
        max_iter, tol = 100, 0.0
        if mode == "tol":
            if n_iter < 3:
                continue
            j = int(rng.integers(0, n_iter - 2))  # stop after iteration j + 2, before the end
            tol = float(np.sqrt(shifts[j] * shifts[j + 1]))
        elif mode == "max_iter":
            if n_iter < 2:
                continue
            max_iter = int(rng.integers(1, n_iter))
        if mode != "zero":  # (with tol = 0 and max_iter = 100 the run above was this one)
            gap, shifts, emptied, _ = run_margins(x, init, max_iter, tol)
        if gap > margin and tol_is_clear(tol, shifts) and (empty_ok or not emptied):
            return {"x": x, "init": init, "max_iter": max_iter, "tol": tol}
    raise ValueError(f"no safe input of size {n}")


def far_centroid(rng, n):
    """Blobs plus one centroid far from every point: its cluster is empty from the first iteration."""
    args = blobs(rng, n, k_range=(2, 4))
    x, init = args["x"], args["init"]
    far = x.mean(axis=0) + rng.choice([-1.0, 1.0], x.shape[1]) * (np.abs(x).max() * 4 + 20)
    spot = int(rng.integers(0, len(init) + 1))
    return {**args, "init": np.insert(init, spot, far, axis=0)}


def beyond_n(rng, n):
    """K = N + 1 to N + 3 random centroids for n random points (empty clusters, no ties)."""
    for _ in range(200):
        d = int(rng.integers(1, 4))
        x = rng.normal(0.0, 2.0, (n, d))
        init = rng.normal(0.0, 2.0, (n + int(rng.integers(1, 4)), d))
        gap, shifts, _, n_iter = run_margins(x, init, 100, 0.0)
        if gap > 1e-9 and n_iter < 100:
            return {"x": x, "init": init, "max_iter": 100, "tol": 0.0}
    raise ValueError("no safe input")


def exact_run_is_clear(x, init, max_iter=100):
    """Lloyd with tol = 0 in exact integer arithmetic (each centroid a sum over a count) on small integers:
    True when every equal-distance tie involves only centroids whose coordinates are short binary fractions
    (every formula then computes those distances exactly, in float32 too), all other distances are well
    apart, and a shift of 0 comes only with repeated labels (two sets of points with one mean could round
    differently)."""
    x = np.asarray(x).astype(np.int64)
    sums, counts = np.asarray(init).astype(np.int64), np.ones(len(init), np.int64)  # centroid = sums / counts
    before = None

    def nearest(sums, counts):
        num = ((counts[None, :, None] * x[:, None, :] - sums[None]) ** 2).sum(axis=2)  # [N, K] x counts^2
        d = num / counts[None, :] ** 2
        best = np.argmin(d, axis=1)
        rows = np.arange(len(x))
        close = np.abs(d - d[rows, best][:, None]) <= 1e-6
        exact = num * counts[best][:, None] ** 2 == num[rows, best][:, None] * counts[None, :] ** 2
        if (close & ~exact).any():
            return None  # distinct but nearly equal distances: round-off could decide
        tied = exact.sum(axis=1) > 1
        for j in np.unique(np.nonzero(exact[tied])[1]):
            q = counts[j] // np.gcd.reduce(np.append(sums[j], counts[j]))  # the coordinates' common denominator
            if q & (q - 1) or q > 256:  # not a power of two up to 256
                return None
        return np.argmax(exact, axis=1)  # the lowest of the tied indices

    for _ in range(max_iter):
        labels = nearest(sums, counts)
        if labels is None:
            return False
        size = np.bincount(labels, minlength=len(sums))
        new_sums, new_counts = sums.copy(), counts.copy()
        for j in np.flatnonzero(size):
            new_sums[j], new_counts[j] = x[labels == j].sum(axis=0), size[j]
        same = (new_sums * counts[:, None] == sums * new_counts[:, None]).all()
        if same and before is not None and not np.array_equal(labels, before):
            return False
        sums, counts, before = new_sums, new_counts, labels
        if same:
            break
    return nearest(sums, counts) is not None


def lattice(rng, n, max_value=3):
    """n points with small integer coordinates (many equal distances), K = 2 to 5 integer centroids, some
    of them repeated or far away (empty clusters); only runs whose ties are exact (see above)."""
    for _ in range(300):
        d = int(rng.integers(1, 3))
        x = rng.integers(-max_value, max_value + 1, (n, d))
        k = int(rng.integers(2, 6))
        init = rng.integers(-max_value - 2, max_value + 3, (k, d))
        if rng.random() < 0.3:
            init[-1] = init[0]  # a repeated centroid: the higher copy never wins a tie
        x, init = x.astype(np.float64), init.astype(np.float64)
        if exact_run_is_clear(x, init):
            return {"x": x, "init": init, "max_iter": 100, "tol": 0.0}
    raise ValueError("no clear lattice run")


def run_with_empty_cluster(rng, n):
    """Like lattice(), but only runs in which a cluster is empty at some iteration."""
    for _ in range(50):
        args = lattice(rng, n)
        if run_margins(args["x"], args["init"], 100, 0.0)[2]:
            return args
    raise ValueError("no run with an empty cluster")


# -- the cases --------------------------------------------------------------------------------
EXAMPLE = {"x": a([0], [2], [4], [10], [12]), "init": a([0], [4], [30])}
LINE = {"x": a([0], [1], [10], [11]), "init": a([0], [1])}
PLANE = {"x": a([0, 0], [1, 0], [0, 1], [8, 8], [9, 8], [8, 9.5], [4, 5]), "init": a([0, 1], [9, 8])}
MOVES_THEN_EMPTIES = {"x": a([1], [2], [3], [8], [9]), "init": a([0], [5], [12])}

CASES = [
    case("two clusters on a line: 3 iterations", **LINE, max_iter=100, tol=0.0, hint=LLOYD),
    case("2-D, tol = 0: until nothing moves", **PLANE, max_iter=100, tol=0.0, hint=LLOYD),
    case("tol = 20 stops after iteration 2 (shifts 40.1, then 10.3)", **LINE, max_iter=100, tol=20.0, hint=SHIFT),
    case("tol = 50 stops after iteration 1; the labels are recomputed", **LINE, max_iter=100, tol=50.0,
         hint=RELABEL),
    case("max_iter = 1: one iteration, the labels recomputed", **PLANE, max_iter=1, tol=0.0, hint=RELABEL),
    case("max_iter = 2 cuts the run", **LINE, max_iter=2, tol=0.0, hint=N_ITER),
    *generated("random blobs, tol = 0, N={size}", blobs, sizes=[6, 40, 200], seeds=range(3), hint=LLOYD),
    *generated("random blobs, tol between two shifts, N={size}", lambda rng, n: blobs(rng, n, mode="tol"),
               sizes=[30, 150], seeds=range(3), hint=SHIFT),
    *generated("random blobs, cut by max_iter, N={size}", lambda rng, n: blobs(rng, n, mode="max_iter"),
               sizes=[30, 150], seeds=range(2), hint=RELABEL),
    # edge cases: ties, empty clusters, K > N, degenerate sizes, tol equal to the shift
    case("a point halfway between two centroids goes to the lower index", x=a([1], [5]), init=a([0], [2]),
         max_iter=100, tol=0.0, layer="edge", hint=TIES),
    case("a far centroid gets no point and stays where it is", x=a([0, 0], [1, 1], [5, 5], [6, 5]),
         init=a([0, 0], [100, -100], [6, 6]), max_iter=100, tol=0.0, layer="edge", hint=EMPTY),
    case("a cluster that empties after moving keeps its moved centroid", **MOVES_THEN_EMPTIES, max_iter=100,
         tol=0.0, layer="edge", hint=EMPTY),
    case("two equal centroids: the higher copy gets no point", x=a([-1], [1], [4], [6]), init=a([0], [0], [5]),
         max_iter=100, tol=0.0, layer="edge", hint=f"{TIES} {EMPTY}"),
    case("the worked example: a tie and an empty cluster", **EXAMPLE, max_iter=100, tol=0.0, layer="edge",
         hint=f"{TIES} {EMPTY}"),
    case("the worked example, tol = 7: stops after iteration 2", **EXAMPLE, max_iter=100, tol=7.0, layer="edge",
         hint=SHIFT),
    case("the worked example, tol = 30: stops after iteration 1, labels recomputed", **EXAMPLE, max_iter=100,
         tol=30.0, layer="edge", hint=RELABEL),
    case("tol equal to the shift stops (shift 1 <= tol 1)", x=a([0], [2], [10], [12]), init=a([1], [10]),
         max_iter=100, tol=1.0, layer="edge", hint=SHIFT),
    case("K > N: two points, four centroids", x=a([0, 0], [4, 0]), init=a([1, 0], [3, 0], [9, 9], [-9, 9]),
         max_iter=100, tol=0.0, layer="edge", hint=BEYOND),
    case("N = 1, K = 1", x=a([3, -2]), init=a([0, 0]), max_iter=100, tol=0.0, layer="edge", hint=LLOYD),
    case("K = 1: the centroid of all points", x=a([0, 0], [2, 0], [4, 6]), init=a([50, 50]), max_iter=100,
         tol=0.0, layer="edge", hint=LLOYD),
    case("init already at the means: n_iter = 1", x=a([0], [2], [10], [12]), init=a([1], [11]), max_iter=100,
         tol=0.0, layer="edge", hint=N_ITER),
    case("all points equal", x=a([3, 3], [3, 3], [3, 3]), init=a([0, 0], [1, 1]), max_iter=100, tol=0.0,
         layer="edge", hint=EMPTY),
    *generated("a centroid far from every point, N={size}", far_centroid, sizes=[20], seeds=range(2),
               layer="edge", hint=EMPTY),
    *generated("K > N, N={size}", beyond_n, sizes=[1, 3, 5], seeds=range(2), layer="edge", hint=BEYOND),
    *generated("small integer points: many ties, N={size}", lattice, sizes=[8, 30, 100], seeds=range(3),
               layer="edge", hint=TIES),
    *generated("small integer points with an empty cluster, N={size}", run_with_empty_cluster, sizes=[12, 40],
               seeds=range(2), layer="edge", hint=EMPTY),
    # polish: dtypes, the defaults
    case("max_iter and tol have defaults (100 and 0.0)", **PLANE, layer="polish",
         hint="kmeans(): max_iter and tol are optional: def kmeans(x, init, max_iter=100, tol=0.0)."),
    case("integer x and init give float64 centroids", x=np.array([[0, 0], [1, 0], [10, 10], [11, 11]]),
         init=np.array([[0, 1], [10, 11]]), max_iter=100, tol=0.0, layer="polish", hint=DTYPE),
    case("float32 x with float64 init gives float32 centroids", x=PLANE["x"].astype(np.float32),
         init=PLANE["init"], max_iter=100, tol=0.0, layer="polish", hint=DTYPE),
    case("float x with integer init", x=PLANE["x"], init=np.array([[0, 1], [9, 8]]), max_iter=100, tol=0.0,
         layer="polish", hint=DTYPE),
    *generated("random float32 blobs, N={size}", lambda rng, n: blobs(rng, n, dtype=np.float32),
               sizes=[50], seeds=range(2), layer="polish", hint=DTYPE),
    *generated("random float32 blobs, tol between two shifts, N={size}",
               lambda rng, n: blobs(rng, n, dtype=np.float32, mode="tol"), sizes=[50], seeds=range(1),
               layer="polish", hint=SHIFT),
    # invalid input
    case("x not 2-D is invalid", x=np.array([0.0, 1.0, 2.0]), init=a([0]), max_iter=10, tol=0.0,
         raises=ValueError, hint="kmeans(): x must be 2-D [N, D]: raise ValueError for a 1-D array."),
    case("init not 2-D is invalid", x=a([0], [1]), init=np.array([0.0, 1.0]), max_iter=10, tol=0.0,
         raises=ValueError, hint="kmeans(): init must be 2-D [K, D]: raise ValueError for a 1-D array."),
    case("x and init with different D is invalid", x=a([0, 0], [1, 1]), init=a([0, 0, 0]), max_iter=10,
         tol=0.0, raises=ValueError,
         hint="kmeans(): x and init must have the same number of columns D: raise ValueError."),
    case("N = 0 is invalid", x=np.zeros((0, 2)), init=a([0, 0]), max_iter=10, tol=0.0, raises=ValueError,
         hint="kmeans(): no point to cluster (N = 0): raise ValueError."),
    case("K = 0 is invalid", x=a([0, 0], [1, 1]), init=np.zeros((0, 2)), max_iter=10, tol=0.0,
         raises=ValueError, hint="kmeans(): no centroid (K = 0): raise ValueError."),
    case("max_iter = 0 is invalid", **LINE, max_iter=0, tol=0.0, raises=ValueError,
         hint="kmeans(): max_iter must be at least 1 (n_iter is between 1 and max_iter): raise ValueError."),
    case("tol < 0 is invalid", **LINE, max_iter=10, tol=-1.0, raises=ValueError,
         hint="kmeans(): tol must be >= 0: raise ValueError."),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_kmeans(kata, case):
    kata.check(KMEANS, case, Result())


# == kmeans_plusplus_init ======================================================================
PP_FORMULA = ("kmeans_plusplus_init(): the first index is uniform over the N rows (rng.integers(N)); each next "
              "index i is drawn with probability D(i)^2 / sum_j D(j)^2, D(i) being the distance from row i to the "
              "NEAREST centroid chosen so far (rng.choice(N, p=...)).")
PP_NEAREST = ("kmeans_plusplus_init(): a point at distance 0 from a chosen centroid (the point itself or a "
              "duplicate of it) has weight D^2 = 0 and is never drawn again. D is the distance to the NEAREST "
              "centroid chosen so far (a running minimum over all of them), not to the last one.")
PP_SHAPES = ("kmeans_plusplus_init(): return (centroids, indices): indices an int64 array of k row numbers, "
             "centroids = x[indices], [k, D].")
PP_RNG = ("kmeans_plusplus_init(): every random draw must come from the rng you are given (rng.integers, "
          "rng.choice, rng.random): not np.random.*, not a new np.random.default_rng(), not the random module.")

# Six points on a line with a duplicate pair (rows 3 and 4); k = 3. Under k-means++ every ordered triple of
# indices has an exact probability; the draws of 700 seeds are tested against it (enough to tell each
# rule of PP_MISTAKES from the others: by simulation, 600 seeds name each one every time, 500 do not).
PP_X = a([0], [1], [3], [7], [7], [15])
PP_K = 3
PP_SEEDS = 700
P_VALUE = 1e-6  # a correct solution fails with probability 1e-6 (and, the seeds being fixed, always the same way)


def plusplus_distribution(x, k, rule="d2"):
    """The exact probability of every ordered tuple of indices, by rule: "d2" (k-means++), "farthest" (argmax,
    lowest index on ties), "d" (weights D), "last" (D^2 to the last chosen centroid only), "first" (D^2 to the
    first one only, chosen points excluded), "uniform" (rows not chosen yet, equally likely), "first_short"
    (k-means++ with the first index uniform over rows 0..N-2)."""
    x = np.asarray(x, np.float64)
    n, out = len(x), {}

    def extend(chosen, p):
        if len(chosen) == k:
            out[tuple(chosen)] = out.get(tuple(chosen), 0.0) + p
            return
        if not chosen:
            firsts = range(n - 1) if rule == "first_short" else range(n)
            for i in firsts:
                extend([i], p / len(firsts))
            return
        d2 = ((x[:, None, :] - x[chosen][None]) ** 2).sum(axis=2)  # [N, chosen]
        w = {"last": d2[:, -1], "first": d2[:, 0]}.get(rule, d2.min(axis=1)).copy()
        if rule == "first":
            w[chosen] = 0.0
        if rule == "uniform":
            w = np.ones(n)
            w[chosen] = 0.0
        if rule == "d":
            w = np.sqrt(w)
        if rule == "farthest":
            extend(chosen + [int(np.argmax(w))], p)
            return
        for i in np.flatnonzero(w > 0):
            extend(chosen + [int(i)], p * w[i] / w.sum())

    extend([], 1.0)
    return out


def chi2_sf(stat: float, df: int) -> float:
    """P(X >= stat) for X ~ chi-square(df): the regularised upper incomplete gamma function Q(df/2, stat/2)
    (series below a + 1, continued fraction above; Numerical Recipes 6.2)."""
    a_, x = df / 2.0, stat / 2.0
    if x <= 0:
        return 1.0
    log_front = -x + a_ * math.log(x) - math.lgamma(a_)
    if x < a_ + 1:
        term = total = 1.0 / a_
        ap = a_
        while abs(term) > abs(total) * 1e-16:
            ap += 1
            term *= x / ap
            total += term
        return max(0.0, 1.0 - total * math.exp(log_front))
    tiny = 1e-300
    b = x + 1 - a_
    c, d = 1 / tiny, 1 / b
    h = d
    for i in range(1, 100000):
        an = -i * (i - a_)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        h *= d * c
        if abs(d * c - 1) < 1e-16:
            break
    return math.exp(log_front) * h


def fit_p_value(counts: Counter, probs: dict) -> float:
    """Pearson's chi-square p-value of the observed tuples against exact probabilities; cells expected fewer
    than 5 times are pooled; an observed tuple of probability 0 gives 0."""
    total = sum(counts.values())
    if any(t not in probs for t in counts):
        return 0.0
    big = [t for t, p in probs.items() if p * total >= 5]
    small = [t for t in probs if t not in big]
    observed = [counts.get(t, 0) for t in big]
    expected = [probs[t] * total for t in big]
    if small:
        observed.append(sum(counts.get(t, 0) for t in small))
        expected.append(sum(probs[t] for t in small) * total)
    if len(expected) < 2:
        return 1.0
    stat = sum((o - e) ** 2 / e for o, e in zip(observed, expected) if e > 0)
    return chi2_sf(stat, len(expected) - 1)


# Known mistakes of the draws, told by their distribution (a generic feature, written here: sensei's
# mistakes compare one output, not a distribution).
PP_MISTAKES = [
    ("the farthest point chosen every time (argmax of D^2) instead of a draw",
     "k-means++ DRAWS each next index at random with probability D(i)^2 / sum_j D(j)^2 (rng.choice(N, p=...)); "
     "always taking the farthest point is another, deterministic seeding that picks outliers.", "farthest"),
    ("the next index drawn with probability D(i) / sum_j D(j): weights D instead of D^2",
     "the weights are the SQUARED distances: p = D^2 / sum(D^2).", "d"),
    ("D measured to the LAST chosen centroid only, not to the nearest of all chosen",
     "D(i) is the distance to the NEAREST centroid chosen so far: keep a running minimum "
     "(d2 = np.minimum(d2, distances to the new centroid)).", "last"),
    ("D measured to the FIRST chosen centroid only (never updated)",
     "after each draw, update D(i) to the distance to the NEAREST centroid chosen so far "
     "(d2 = np.minimum(d2, distances to the new centroid)).", "first"),
    ("rows drawn uniformly among those not chosen yet (no D^2 weighting)",
     "each next index is drawn with probability D(i)^2 / sum_j D(j)^2, not uniformly.", "uniform"),
    ("the first index never the last row (rng.integers(N - 1): the upper bound is exclusive)",
     "the first index is uniform over ALL N rows: rng.integers(N) (or rng.integers(0, N)); the upper bound "
     "is exclusive.", "first_short"),
]


def plusplus_runs(module, x, k, seeds):
    """Runs in the worker: the learner's kmeans_plusplus_init once per seed, with a fresh
    np.random.default_rng(seed) each. Returns the first output as it came, the indices of all seeds [S, k]
    (None when an output is malformed), and the first malformed output with its seed and what is wrong."""
    found = {"first": None, "indices": None, "bad": None}
    rows = []
    for s in seeds:
        got = module.kmeans_plusplus_init(x, k, np.random.default_rng(s))
        if found["first"] is None:
            found["first"] = got
        problem = malformed(got, x, k)
        if problem:
            found["bad"] = {"seed": s, "problem": problem, "got": got}
            return found
        rows.append(np.asarray(got[1]).astype(np.int64))
    found["indices"] = np.stack(rows) if rows else np.zeros((0, k), np.int64)
    return found


def malformed(got, x, k) -> str:
    """What is wrong with an output's structure ('' when nothing): a pair, k valid row indices, and centroids
    equal to x[indices]. Dtypes are checked apart (polish), repeated points too."""
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        return f"expected a tuple (centroids, indices), got {describe(got)}"
    centroids, indices = got
    if not isinstance(indices, np.ndarray) or indices.shape != (k,) or indices.dtype.kind not in "iu":
        return f"indices should be an integer array of shape ({k},), got {describe(indices)}"
    if indices.min() < 0 or indices.max() >= len(x):
        return f"indices {indices.tolist()} are not row numbers of x (0 to {len(x) - 1})"
    if not isinstance(centroids, np.ndarray) or centroids.shape != (k, x.shape[1]):
        return f"centroids should be an array of shape {(k, x.shape[1])}, got {describe(centroids)}"
    if not np.array_equal(centroids, x[indices]):
        return f"centroids are not x[indices] (indices {indices.tolist()})"
    return ""


def draws(kata, c: Case, seeds, distinct: bool = False, dtypes: bool = False) -> np.ndarray:
    """The indices [S, k] of the learner's draws, one per seed, all in one worker call; a malformed output
    fails with its seed and the reason; with `distinct`, so does a draw that repeats a point; with `dtypes`,
    the first output's dtypes are checked (last: a dtype problem is polish)."""
    x, k = c.args["x"], c.args["k"]
    found = kata.run(PLUSPLUS, c, plusplus_runs, x, k, list(seeds))
    bad = found["bad"]
    if bad is not None:
        shown = c.with_args(c.args, name=f"{c.name}, with rng = np.random.default_rng({bad['seed']})")
        kata.fail(PLUSPLUS, shown, bad["problem"], got=bad["got"], hint=PP_SHAPES)
    indices = found["indices"]
    if distinct and len(indices):
        points = np.asarray(x)[indices]  # [S, k, D]: every seed's chosen points at once
        same = (points[:, :, None, :] == points[:, None, :, :]).all(axis=-1) & ~np.eye(k, dtype=bool)
        repeated = np.flatnonzero(same.any(axis=(1, 2)))
        if repeated.size:
            s, row = list(seeds)[repeated[0]], indices[repeated[0]]
            j = int(np.flatnonzero(np.tril(same[repeated[0]]).any(axis=1))[0])  # the first draw equal to an earlier one
            shown = c.with_args(c.args, name=f"{c.name}, with rng = np.random.default_rng({s})")
            kata.fail(PLUSPLUS, shown, f"indices {row.tolist()}: draw {j + 1} (row {row[j]}) repeats a point "
                      "already chosen", hint=PP_NEAREST)
    if dtypes:
        check_dtypes(kata, c, found["first"])
    return indices


def check_dtypes(kata, c, got):
    centroids, indices = got
    x = c.args["x"]
    if indices.dtype != np.int64:
        kata.fail(PLUSPLUS, c, f"indices have dtype {indices.dtype}, expected int64", layer="polish",
                  hint="kmeans_plusplus_init(): indices are int64: np.array(chosen, dtype=np.int64).")
    allowed = {x.dtype} | ({np.dtype(np.float64)} if x.dtype.kind != "f" else set())
    if centroids.dtype not in allowed:
        kata.fail(PLUSPLUS, c, f"centroids have dtype {centroids.dtype}, expected {x.dtype}", layer="polish",
                  hint="kmeans_plusplus_init(): centroids = x[indices] keep x's dtype (float32 stays float32).")


def pp(name, x, k, layer="", hint=""):
    return case(name, x=x, k=k, layer=layer, hint=hint)


@pytest.mark.kata_early(PLUSPLUS, plusplus_runs, PP_X, PP_K, list(range(PP_SEEDS)))  # started with the kata
def test_kmeans_plusplus_init_draws_follow_d_squared(kata):
    c = pp(f"{PP_SEEDS} seeds on six points of a line (rows 3 and 4 equal), k = {PP_K}", PP_X, PP_K)
    indices = draws(kata, c, range(PP_SEEDS))
    counts = Counter(map(tuple, indices.tolist()))
    probs = plusplus_distribution(PP_X, PP_K)
    p_value = fit_p_value(counts, probs)
    if p_value > P_VALUE:
        return
    if len(counts) == 1:
        kata.fail(PLUSPLUS, c, f"all {PP_SEEDS} seeds gave the same indices {next(iter(counts))}", hint=PP_RNG)
    fits = [(fit_p_value(counts, plusplus_distribution(PP_X, PP_K, rule)), name, fix)
            for name, fix, rule in PP_MISTAKES]
    best, name, fix = max(fits, key=lambda fit: fit[0])  # the mistake the draws fit best, if they fit one
    if best > P_VALUE:
        kata.fail(PLUSPLUS, c, f"looks like: {name}", details=distribution_details(counts, probs, p_value),
                  hint=f"kmeans_plusplus_init(): {fix}")
    kata.fail(PLUSPLUS, c, "the draws do not follow k-means++", details=distribution_details(counts, probs, p_value),
              hint=PP_FORMULA)


def distribution_details(counts: Counter, probs: dict, p_value: float) -> list[str]:
    total = sum(counts.values())
    lines = [f"chi-square test against the exact k-means++ probabilities: p = {p_value:.3g} (a correct solution "
             f"passes unless p < {P_VALUE:g})"]
    impossible = {t: n for t, n in counts.items() if t not in probs}
    if impossible:
        t, n = max(impossible.items(), key=lambda item: item[1])
        lines.append(f"{sum(impossible.values())} draws are impossible under k-means++, e.g. indices {list(t)} "
                     f"({n} times): a row at distance 0 from a chosen centroid was drawn")
    firsts = Counter(t[0] for t in counts.elements())
    lines.append("first index, times drawn: " + ", ".join(f"row {i}: {firsts.get(i, 0)}" for i in range(len(PP_X)))
                 + f" (expected about {total / len(PP_X):.0f} each)")
    worst = sorted(probs, key=lambda t: -abs(counts.get(t, 0) - probs[t] * total))
    for t in worst[:3]:
        lines.append(f"indices {list(t)}: expected {probs[t] * total:.1f} times, got {counts.get(t, 0)}")
    return lines


PROPERTY_CASES = [  # (case, seeds, whether the dtypes are checked)
    (pp("six points on a line, k = 3", PP_X, 3, hint=PP_NEAREST), 15, True),
    (pp("2-D points, k = 2", a([0, 0], [1, 0], [5, 5], [6, 4], [-3, 7]), 2, hint=PP_FORMULA), 15, False),
    (pp("k = N: every row once", a([0, 0], [1, 0], [5, 5], [6, 4], [-3, 7]), 5, layer="edge",
        hint="kmeans_plusplus_init(): with k = N distinct rows, every row is chosen exactly once."), 10, False),
    (pp("k = 1: one uniform row", a([0, 0], [1, 0], [5, 5]), 1, layer="edge", hint=PP_FORMULA), 10, False),
    (pp("repeated rows, k = the number of distinct rows", a([2, 2], [2, 2], [0, 1], [2, 2], [0, 1], [9, 9]), 3,
        layer="edge", hint=PP_NEAREST), 20, False),
    (pp("float32 x: float32 centroids", PP_X.astype(np.float32), 3, layer="polish"), 5, True),
    (pp("integer x", np.array([[0, 0], [1, 0], [5, 5], [6, 4]]), 2, layer="polish"), 5, True),
]


@pytest.mark.parametrize("c, n_seeds, dtypes", PROPERTY_CASES, ids=[str(c) for c, *_ in PROPERTY_CASES])
def test_kmeans_plusplus_init_draws_distinct_rows(kata, c, n_seeds, dtypes):
    draws(kata, c, range(n_seeds), distinct=True, dtypes=dtypes)


def test_kmeans_plusplus_init_same_seed_same_draws(kata):
    c = pp("two generators made from the same seed", PP_X, PP_K)
    first = draws(kata, c, [7, 8, 9])
    second = draws(kata, c, [7, 8, 9])
    if not np.array_equal(first, second):
        s = next(s for s in range(3) if not np.array_equal(first[s], second[s]))
        kata.fail(PLUSPLUS, c, "two generators made from the same seed gave different indices",
                  details=[f"np.random.default_rng({7 + s}): {first[s].tolist()}, then {second[s].tolist()}"],
                  hint=PP_RNG)


PP_INVALID = [
    case("k = 0 is invalid", x=PP_X, k=0, rng=np.random.default_rng(0), raises=ValueError,
         hint="kmeans_plusplus_init(): k must be between 1 and N: raise ValueError."),
    case("k > N is invalid", x=PP_X, k=7, rng=np.random.default_rng(0), raises=ValueError,
         hint="kmeans_plusplus_init(): k must be between 1 and N: raise ValueError."),
    case("fewer distinct rows than k is invalid", x=a([1, 1], [1, 1], [2, 0]), k=3, rng=np.random.default_rng(0),
         raises=ValueError,
         hint="kmeans_plusplus_init(): only 2 distinct rows here: at the third draw every D(i) is 0 and "
              "sum D^2 = 0. Raise ValueError (do not divide by 0, do not pick a duplicate)."),
]


@pytest.mark.parametrize("case", PP_INVALID, ids=str)
def test_kmeans_plusplus_init_invalid(kata, case):
    kata.check(PLUSPLUS, case)


# -- benchmark --------------------------------------------------------------------------------
def bench_blobs(rng, n, d=16, k=8):
    centres = rng.normal(0.0, 4.0, (k, d))
    x = centres[rng.integers(0, k, n)] + rng.normal(0.0, 1.0, (n, d))
    return {"x": x, "init": x[rng.choice(n, k, replace=False)].copy(), "max_iter": 20, "tol": 0.0}


@pytest.mark.parametrize("n", [1000, 10000])
def test_benchmark_kmeans(kata_bench, n):
    # A Python loop over the points (or a [N, K, D] difference) is far slower than one matrix product.
    kata_bench(KMEANS, generated("", bench_blobs, sizes=[n], seeds=[0])[0], label=f"N={n} D=16 K=8 max_iter=20")
