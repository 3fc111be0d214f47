"""Graded tests for the pairwise_distance kata.

Run: pytest katas/pairwise_distance   (-x stops at the first failure).
"""
import numpy as np
import pytest

from sensei import Close, case, generated, mistake
from sensei.data import a

# Tolerance. The usual vectorised answer expands |x - y|^2 = |x|^2 - 2 x.y + |y|^2, which loses
# digits to cancellation: its error on a distance is up to about 2.5 * sqrt(eps) * (largest row
# norm) (measured, D <= 64, points up to 1e4 from the origin). Yours and the reference's errors add,
# so values must agree within 10 * sqrt(eps) * (largest row norm): about 1.5e-7 x scale in float64,
# 3.5e-3 x scale in float32. Every correct formula passes; a wrong one is off by far more.
SQRT_EPS64 = float(np.sqrt(np.finfo(np.float64).eps))
SQRT_EPS32 = float(np.sqrt(np.finfo(np.float32).eps))

FORMULA = "pairwise_distances(): out[i, j] = sqrt(sum over d of (X[i, d] - Y[j, d])^2)."
NORMS = ("pairwise_distances(): the [N, M] result needs the squared norms of X as a column [N, 1] and those of Y "
         "as a row [1, M].")
CLAMP = ("pairwise_distances(): where two points nearly coincide, |x|^2 - 2 x.y + |y|^2 can round to a slightly "
         "NEGATIVE number and sqrt gives NaN: clamp the squared distances at 0 before the square root.")


# -- known mistakes (what each one returns; never shown) ----------------------------------------
def expansion(X, Y, *, factor=2.0, norms="right", clamp=True):
    """|x|^2 - factor x.y + |y|^2, square-rooted, in the output's float dtype; norms="swapped" broadcasts
    |x|^2 across the columns and |y|^2 down the rows (an error unless N == M)."""
    dtype = np.result_type(X, Y)
    dtype = dtype if dtype.kind == "f" else np.dtype(np.float64)
    X, Y = np.asarray(X, dtype), np.asarray(Y, dtype)
    xx, yy = (X ** 2).sum(1), (Y ** 2).sum(1)
    if norms == "swapped":
        sq = -2 * X @ Y.T + xx + yy[:, None]
    else:
        sq = xx[:, None] - factor * X @ Y.T + yy[None, :]
    return np.sqrt(np.maximum(sq, 0) if clamp else sq)


def nested_lists(ref, X, Y):
    """The rows stacked with np.array([...]): N = 0 gives shape (0,)."""
    out = ref.pairwise_distances(X, Y)
    return out if len(X) else np.zeros(0, out.dtype)


MISTAKES = [
    mistake("pairwise_distances", "squared distances returned (no square root)",
            fix="pairwise_distances(): take the square root at the end: the result is the distance, not its square.",
            gives=lambda ref, X, Y: ref.pairwise_distances(X, Y) ** 2),
    mistake("pairwise_distances", "|x|^2 - x.y + |y|^2: the factor 2 on x.y is missing",
            fix="pairwise_distances(): |x - y|^2 = |x|^2 - 2 x.y + |y|^2: mind the factor 2.",
            gives=lambda ref, X, Y: expansion(X, Y, factor=1.0)),
    mistake("pairwise_distances", "the squared norms broadcast the wrong way round (|x|^2 across, |y|^2 down)",
            fix="pairwise_distances(): |x|^2 goes down the rows as a column [N, 1] and |y|^2 across the columns as "
                "a row [1, M].",
            gives=lambda ref, X, Y: expansion(X, Y, norms="swapped")),
    mistake("pairwise_distances", "the [M, N] matrix returned (Y's rows down, X's across)",
            fix="pairwise_distances(): row i, column j is the distance from X[i] to Y[j]: the result is [N, M], "
                "not [M, N].",
            gives=lambda ref, X, Y: ref.pairwise_distances(X, Y).T),
    mistake("pairwise_distances", "squared distances not clamped at 0 (round-off made one negative: NaN)",
            fix=CLAMP, gives=lambda ref, X, Y: expansion(X, Y, clamp=False)),
    mistake("pairwise_distances", "the result built from nested lists: N = 0 gives shape (0,), not (0, M)",
            fix="pairwise_distances(): with N = 0, return an empty array of shape (0, M), not np.array of an "
                "empty list.", gives=nested_lists),
]



def near_duplicates(dtype=np.float64):
    """Ten points about 1000 from the origin, and the same points moved by about 1e-6."""
    rng = np.random.default_rng(2)
    X = np.round(rng.uniform(-1, 1, (10, 3)), 3) + 1000
    Y = np.round(X + np.round(rng.uniform(-1, 1, (10, 3)), 3) * 1e-6, 9)
    return {"X": X.astype(dtype), "Y": Y.astype(dtype)}


def random_points(rng, n, d=None, dtype=np.float64, offset=0.0, scale=1.0):
    d = d or int(rng.integers(1, 9))
    m = n + int(rng.integers(1, 5))  # N != M: the norms-broadcast mistake shows up
    X = rng.standard_normal((n, d)) * scale + offset
    Y = rng.standard_normal((m, d)) * scale + offset
    return {"X": X.astype(dtype), "Y": Y.astype(dtype)}


def with_repeats(rng, n):
    args = random_points(rng, n)
    X, Y = args["X"], args["Y"]
    Y[: n // 2] = X[: n // 2]  # some exact duplicates
    return {"X": X, "Y": Y}


CASES = [
    case("N != M: the result is [N, M]", X=a([0, 0], [3, 4], [1, 1]), Y=a([0, 0], [1, 0]), hint=NORMS),
    case("N == M but X is not Y", X=a([0, 0], [3, 4]), Y=a([1, 0], [0, 2]), hint=NORMS),
    case("a single pair: 3-4-5 triangle", X=a([0, 0]), Y=a([3, 4]), hint=FORMULA),
    case("negative and mixed-scale coordinates", X=a([-100, 0.001, 5], [0, 0, 0]),
         Y=a([100, -0.001, 5], [1e-3, 2e-3, -4e-3]), hint=FORMULA),
    *generated("random N={size}", random_points, sizes=[1, 7, 40], seeds=range(3), hint=FORMULA),
    *generated("random D=64 N={size}", lambda rng, n: random_points(rng, n, d=64, scale=3.0), sizes=[20],
               seeds=range(2), hint=FORMULA),
    # edge cases: coincident points, cancellation far from the origin, empty sets, one feature
    case("X is Y: zeros on the diagonal, no NaN", X=a([1, 2, 3], [4, 5, 6], [-1, 0, 2]),
         Y=a([1, 2, 3], [4, 5, 6], [-1, 0, 2]), hint=CLAMP, layer="edge"),
    case("nearly identical points far from the origin: no NaN", **near_duplicates(), hint=CLAMP, layer="edge"),
    case("N = 0 gives shape (0, M)", X=np.zeros((0, 3)), Y=a([1, 2, 3], [4, 5, 6]), layer="edge",
         hint="pairwise_distances(): no rows in X: return an empty array of shape (0, M), not a crash or a 1-D array."),
    case("M = 0 gives shape (N, 0)", X=a([1, 2, 3]), Y=np.zeros((0, 3)), layer="edge",
         hint="pairwise_distances(): no rows in Y: return an empty array of shape (N, 0)."),
    case("N = M = 0 gives shape (0, 0)", X=np.zeros((0, 2)), Y=np.zeros((0, 2)), layer="edge"),
    case("D = 1: distances are absolute differences", X=a([0], [2.5], [-1]), Y=a([1], [-3]), layer="edge",
         hint="pairwise_distances(): with one feature the distance is |x - y|. Sum over the LAST axis (the "
              "features), keep [N, M]."),
    *generated("random with duplicate points N={size}", with_repeats, sizes=[12], seeds=range(2), hint=CLAMP,
               layer="edge"),
    *generated("random far from the origin (cancellation) N={size}",
               lambda rng, n: random_points(rng, n, offset=1e4), sizes=[30], seeds=range(2), hint=CLAMP,
               layer="edge"),
    # polish: dtypes
    case("float32 stays float32", X=a([0, 0], [1, 1], [2, 0], dtype=np.float32), Y=a([1, 0], [0, 3], dtype=np.float32),
         layer="polish"),
    case("nearly identical points far from the origin, float32", **near_duplicates(np.float32), hint=CLAMP,
         layer="polish"),
    case("integer input gives float64", X=np.array([[0, 0], [3, 4]]), Y=np.array([[0, 0], [6, 8], [1, 0]]),
         layer="polish",
         hint="pairwise_distances(): an output array made with dtype=X.dtype is integer here and truncates the "
              "distances."),
    *generated("random float32 N={size}", lambda rng, n: random_points(rng, n, dtype=np.float32),
               sizes=[25], seeds=range(2), hint=FORMULA, layer="polish"),
]


def fair_tolerance(X: np.ndarray, Y: np.ndarray) -> Close:
    """Close() whose absolute tolerance grows with the points' distance from the origin (see above)."""
    rows = [np.asarray(A, np.float64) for A in (X, Y) if np.size(A)]
    scale = max((float(np.sqrt((A * A).sum(axis=1)).max()) for A in rows), default=0.0)
    return Close(rtol=1e-7, atol=1e-9 + 10 * SQRT_EPS64 * scale,
                 rtol32=1e-4, atol32=1e-5 + 10 * SQRT_EPS32 * scale)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_pairwise_distances(kata, case):
    kata.check("pairwise_distances", case, fair_tolerance(case.args["X"], case.args["Y"]))


@pytest.mark.parametrize("n", [100, 1000])
def test_benchmark_pairwise_distances(kata_bench, n):
    # At N = M = 1000, D = 32 a Python loop over rows is far slower than the vectorised answer.
    bench = generated("", lambda rng, n: {"X": rng.standard_normal((n, 32)), "Y": rng.standard_normal((n, 32))},
                      sizes=[n], seeds=[0])[0]
    kata_bench("pairwise_distances", bench, label=f"N=M={n} D=32")
