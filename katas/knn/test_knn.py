"""Graded tests for the knn kata. Run: pytest katas/knn   (-x stops at the first failure)."""
from collections import Counter

import numpy as np
import pytest

from sensei import Exact, Problem, case, crash, generated, mistake
from sensei.data import a

DEFINITION = ("knn_predict(): for each test row, take the k training rows at the smallest Euclidean distance and "
              "predict the most frequent of their labels.")
SHAPES = ("knn_predict(): the distances form an [M, N] matrix, a row per test point and a column per training "
          "point. With |t|^2 - 2 t.x + |x|^2, the test rows' squared norms are a column [M, 1] and the training "
          "rows' a row [1, N].")
TIES = ("knn_predict(): equal distances: the LOWER training index comes first, and decides who is in when the "
        "k-th and (k+1)-th distances tie. np.argpartition and np.argsort's default (quicksort) are not stable: "
        "use np.argsort(d, axis=1, kind='stable').")
VOTE_TIES = ("knn_predict(): when labels tie in the vote, predict the SMALLEST of the tied labels, not the nearest "
             "neighbour's: Counter.most_common breaks ties by first appearance; np.unique(labels, "
             "return_counts=True) then np.argmax gives the smallest.")
NEGATIVE = ("knn_predict(): labels may be negative (-1/+1): np.bincount refuses them. Count with np.unique(labels, "
            "return_counts=True) instead (or shift the labels by their minimum and back).")
K_RANGE = ("knn_predict(): k must be between 1 and N: argsort()[:k] silently takes all N rows when k > N, and "
           "N - 1 rows when k = -1. Raise ValueError.")
LABEL_DTYPE = ("knn_predict(): the predictions are int64 labels whatever train_y's integer dtype. CS231n's "
               "y_pred = np.zeros(num_test) is float64: build the result with dtype=np.int64 (or .astype(np.int64)).")
MANY_TIES = ("knn_predict(): small integer points make many equal distances and many equal votes: equal distances, "
             "the lower training index first (a stable sort); equal votes, the smallest label.")


class Labels(Exact):
    """Exact(), told as predictions: a dtype problem gets the labels' hint, a value problem says which test
    row differs (Exact's 'missing/extra' index-set details mean nothing for labels) and shows the labels as
    lists, so that the grader's numeric relations ("yours = 9/4 x expected") stay out of it: labels are
    names, not quantities. Written here, not in sensei/."""

    def problem(self, got, expected):
        expected = np.asarray(expected)
        if isinstance(got, np.ndarray) and got.dtype != expected.dtype:
            return Problem(f"wrong dtype: expected {expected.dtype}, got {got.dtype}", hint=LABEL_DTYPE)
        problem = super().problem(got, expected)
        if problem is not None and problem.summary == "wrong values":
            rows = np.flatnonzero(got != expected)
            problem.details = [f"first difference at test row {rows[0]}: expected label {expected[rows[0]]}, "
                               f"got {got[rows[0]]}", f"{len(rows)} of {len(expected)} predictions differ"]
            problem.got, problem.expected = got.tolist(), expected.tolist()
        return problem


# -- known mistakes (what each one returns; never shown) ----------------------------------------
def distances(train_x, test_x, metric="euclidean"):
    """[M, N] squared Euclidean (or Manhattan) distances, from the differences (exact on small integers)."""
    diff = np.asarray(test_x, np.float64)[:, None, :] - np.asarray(train_x, np.float64)[None, :, :]
    return np.abs(diff).sum(axis=2) if metric == "manhattan" else (diff ** 2).sum(axis=2)


def swapped_norms(train_x, test_x):
    """|t|^2 - 2 t.x + |x|^2 with the norms broadcast the wrong way round (raises unless M == N)."""
    t, x = np.asarray(test_x, np.float64), np.asarray(train_x, np.float64)
    return -2 * t @ x.T + (t * t).sum(axis=1) + (x * x).sum(axis=1)[:, None]


def vote(rows, rule="smallest"):
    """The label of each row of neighbour labels [M, k]; equal counts: the smallest label, the first seen
    (Counter.most_common: the nearest neighbour's) or the largest."""
    out = []
    for row in rows:
        counts = Counter(row.tolist())  # keeps first-appearance order
        tied = [label for label, count in counts.items() if count == max(counts.values())]
        out.append({"smallest": min(tied), "first": tied[0], "largest": max(tied)}[rule])
    return np.array(out, dtype=np.int64)


def variant(train_x, train_y, test_x, k=1, *, metric="euclidean", select="stable", skip=0, extra=0,
            rule="smallest", norms=False):
    """kNN with one mistake's knob turned."""
    d = swapped_norms(train_x, test_x) if norms else distances(train_x, test_x, metric)
    if select == "argpartition":
        order = np.argpartition(d, k - 1, axis=1)
    else:
        order = np.argsort(d, axis=1, kind="stable" if select == "stable" else None)
    return vote(np.asarray(train_y).astype(np.int64)[order[:, skip:k + skip + extra]], rule)


def knob(name, fix, **knobs):
    return mistake("knn_predict", name, fix=f"knn_predict(): {fix}",
                   gives=lambda ref, train_x, train_y, test_x, k=1: variant(train_x, train_y, test_x, k, **knobs))


UNSTABLE = "an unstable sort or selection at equal distances (np.argsort's default quicksort, np.argpartition)"
STABLE_FIX = ("equal distances: the LOWER training index comes first, so a tie at the k-th place lets the lower "
              "indices in. np.argpartition and the default quicksort pick any of the tied rows: sort with "
              "np.argsort(d, axis=1, kind='stable').")
MISTAKES = [
    crash("knn_predict", "np.bincount on negative labels",
          fix="knn_predict(): labels may be negative (-1/+1) and np.bincount refuses them: count with "
              "np.unique(labels, return_counts=True), or shift the labels by their minimum and back.",
          raised="must have no negative elements"),
    crash("knn_predict", "arrays that do not broadcast in the [M, N] distances", fix=SHAPES + " With differences, "
          "test_x[:, None, :] - train_x[None, :, :] is [M, N, D].", raised="could not be broadcast together"),
    # One name for both: on a given input the two may pick the same tied rows.
    *(knob(UNSTABLE, STABLE_FIX, select=select) for select in ("quicksort", "argpartition")),
    knob("vote ties broken by the nearest neighbour (Counter.most_common: first seen)",
         "when labels tie in the vote, predict the SMALLEST of the tied labels, not the one seen first. "
         "np.unique(labels, return_counts=True) then np.argmax gives it.", rule="first"),
    knob("vote ties broken by the largest label",
         "when labels tie in the vote, predict the SMALLEST of the tied labels.", rule="largest"),
    mistake("knn_predict", "k ignored: the nearest neighbour's label",
            fix="knn_predict(): vote among the k nearest rows, not the nearest one only.",
            gives=lambda ref, train_x, train_y, test_x, k=1: variant(train_x, train_y, test_x, 1)),
    knob("k + 1 neighbours vote (off by one)", "exactly k rows vote: take order[:, :k].", extra=1),
    knob("the nearest neighbour skipped (as if each test point were in the training set)",
         "the test points are not in the training set: the nearest row (even at distance 0) votes. "
         "Take order[:, :k], not order[:, 1:k + 1].", skip=1),
    knob("Manhattan distance (sum of |differences|) instead of Euclidean",
         "the distance is Euclidean, sqrt(sum of squared differences), or its square (same ranking); the sum "
         "of absolute differences ranks rows differently.", metric="manhattan"),
    knob("the squared norms broadcast the wrong way round (|test|^2 across, |train|^2 down)",
         "in the [M, N] distances, |test|^2 goes down the rows as a column [M, 1] and |train|^2 across the "
         "columns as a row [1, N].", norms=True),
]


# -- inputs --------------------------------------------------------------------------------------
def clear_of_ties(train_x, test_rows, k, margin=1e-4):
    """The test rows whose k-th and (k+1)-th squared distances differ by more than margin x scale, so that
    round-off (float32, the expansion) cannot change who is in."""
    if k >= len(train_x):
        return test_rows
    d = np.sort(distances(train_x, test_rows), axis=1)
    scale = 1.0 + float((np.asarray(train_x, np.float64) ** 2).sum(axis=1).max())
    return test_rows[d[:, k] - d[:, k - 1] > margin * scale]


def blobs(rng, n, dtype=np.float64, classes=None):
    """n training points around a few class centres, 1 to 7 test points, k from 1 to 9 (<= n)."""
    dim = int(rng.integers(1, 6))
    classes = np.arange(int(rng.integers(2, 5))) if classes is None else np.asarray(classes)
    centres = rng.normal(0.0, 2.0, (len(classes), dim))
    which = rng.integers(0, len(classes), n)
    train_x = (centres[which] + rng.normal(0.0, 1.0, (n, dim))).astype(dtype)
    k = int(rng.integers(1, min(n, 9) + 1))
    m = int(rng.integers(1, 8))
    test_x = np.zeros((0, dim), dtype)
    while len(test_x) < m:
        rows = (centres[rng.integers(0, len(classes), m)] + rng.normal(0.0, 1.0, (m, dim))).astype(dtype)
        test_x = np.concatenate([test_x, clear_of_ties(train_x, rows, k)])[:m]
    return {"train_x": train_x, "train_y": classes[which].astype(np.int64), "test_x": test_x, "k": k}


def lattice(rng, n):
    """Small integer points (many equal distances) with labels -2..2 (many equal votes)."""
    dim = int(rng.integers(1, 4))
    return {"train_x": rng.integers(-2, 3, (n, dim)).astype(np.float64), "train_y": rng.integers(-2, 3, n),
            "test_x": rng.integers(-2, 3, (6, dim)).astype(np.float64), "k": int(rng.integers(1, min(n, 12) + 1))}


def tie_at_kth(rng, n):
    """One test point at the origin. j - 1 training rows sit on it (label 0), n rows at distance 1 (the first
    j of them by index labelled 1, the rest 0), others farther; k = 2j - 1. The lowest-index j of the tied rows
    give label 1 a one-vote majority; letting in any other tied row makes it 0."""
    j = max(1, n // 6)
    ring = np.array([[1, 0], [0, 1], [-1, 0], [0, -1]], dtype=np.float64)
    far = rng.integers(-5, 6, (n // 2, 2)).astype(np.float64)
    far = far[np.abs(far).sum(axis=1) >= 2]
    points = np.concatenate([np.zeros((j - 1, 2)), ring[rng.integers(0, 4, n)], far])
    group = np.repeat([0, 1, 2], [j - 1, n, len(far)])
    perm = rng.permutation(len(points))
    points, group = points[perm], group[perm]
    labels = np.where(group == 2, rng.integers(0, 3, len(points)), 0)
    labels[np.flatnonzero(group == 1)[:j]] = 1
    return {"train_x": points, "train_y": labels, "test_x": np.zeros((1, 2)), "k": 2 * j - 1}


EXAMPLE = {"train_x": np.array([[1, 0], [0, 1], [-1, 0], [2, 0]]), "train_y": np.array([2, 1, 2, 0]),
           "test_x": np.array([[0, 0]])}
LINE = {"train_x": a([0], [1], [2], [10], [11]), "train_y": np.array([5, 5, 7, 7, 7]),
        "test_x": a([0.4], [10.2], [3])}
SQUARE = {"train_x": a([0, 0], [4, 0], [0, 4], [4, 4]), "train_y": np.array([0, 1, 2, 3])}

CASES = [
    case("k = 1, M != N: each test row takes its nearest training row's label", **SQUARE,
         test_x=a([1, 0.5], [3.5, 3], [0.2, 3.9]), k=1),
    case("k = 3: the majority of the three nearest, not the nearest alone", **LINE, k=3,
         hint="knn_predict(): the test point [3] is nearest to [2] (label 7), but its three nearest are [2], [1], "
              "[0] with labels 7, 5, 5: the vote says 5."),
    case("Euclidean, not Manhattan", train_x=a([3, 3], [0, 5], [-4, 1], [1, -5]), train_y=np.array([1, 2, 3, 4]),
         test_x=a([0, 0], [1, 1]), k=1,
         hint="knn_predict(): [3, 3] is at Euclidean distance 4.24 from [0, 0] and [0, 5] at 5 (Manhattan says 6 "
              "and 5): the distance is sqrt(sum of squared differences), or its square."),
    case("a test point equal to a training point has it as nearest", **SQUARE,
         test_x=a([4, 0], [0, 4], [1, 1]), k=1,
         hint="knn_predict(): a test point on a training point is at distance 0 from it: that row is its nearest "
              "neighbour and votes. The test points are not in the training set: skip nothing."),
    case("M == N, but test_x is not train_x", train_x=a([0, 0], [5, 0], [0, 6]), train_y=np.array([3, 1, 2]),
         test_x=a([4, 1], [1, 5], [1, 0.5]), k=1, hint=SHAPES),
    case("labels -1 and +1", train_x=a([0, 0], [1, 0], [0, 1], [5, 5], [6, 5], [5, 6]),
         train_y=np.array([-1, -1, 1, 1, 1, -1]), test_x=a([0.2, 0.2], [5.5, 5.2], [3, 3]), k=3, hint=NEGATIVE),
    *generated("random blobs N={size}", blobs, sizes=[5, 30, 120], seeds=range(3), hint=DEFINITION),
    *generated("random blobs N={size}, labels -7, -1, 3", lambda rng, n: blobs(rng, n, classes=[-7, -1, 3]),
               sizes=[25], seeds=range(2), hint=NEGATIVE),
    # edge cases: ties of distances and of votes, k = N, empty and tiny inputs
    case("the worked example, k = 1: a three-way distance tie", **EXAMPLE, k=1, layer="edge", hint=TIES),
    case("the worked example, k = 2: a vote tie between labels 2 and 1", **EXAMPLE, k=2, layer="edge",
         hint=VOTE_TIES),
    case("the worked example, k = 3", **EXAMPLE, k=3, layer="edge", hint=DEFINITION),
    case("the worked example, k = N = 4: every training row votes", **EXAMPLE, k=4, layer="edge",
         hint="knn_predict(): k = N is valid: every training row votes."),
    case("a vote tie where the nearest neighbour has the larger label",
         train_x=a([0], [1], [2], [3]), train_y=np.array([9, 4, 9, 4]), test_x=a([0.1], [-1], [2.1]), k=2,
         layer="edge", hint=VOTE_TIES),
    case("a three-way vote tie with a negative label", train_x=a([0, 0], [2, 0], [0, 3], [9, 9]),
         train_y=np.array([5, -2, 3, -2]), test_x=a([0.1, 0.1], [0, 0]), k=3, layer="edge", hint=VOTE_TIES),
    case("a vote tie between -1 and +1 gives -1", train_x=a([0], [1], [3], [4]), train_y=np.array([1, -1, 1, -1]),
         test_x=a([0.4], [3.4]), k=2, layer="edge", hint=VOTE_TIES),
    case("a distance tie at the k-th place: the lower index is in", train_x=a([1], [3], [-1], [-3], [2]),
         train_y=np.array([7, 7, 3, 3, 5]), test_x=a([0]), k=4, layer="edge", hint=TIES),
    *generated("a tie among {size} equal distances at the k-th place", tie_at_kth, sizes=[150], seeds=range(2),
               layer="edge", hint=TIES),
    *generated("small integer points: many distance and vote ties, N={size}", lattice, sizes=[12, 60, 250],
               seeds=range(3), layer="edge", hint=MANY_TIES),
    case("labels far from 0", train_x=a([0], [1], [2], [10]), train_y=np.array([10**6, -10**6, 10**6, 3]),
         test_x=a([0.2], [9], [1.2]), k=3, layer="edge", hint=NEGATIVE),
    case("M = 0 gives an empty int64 array", **SQUARE, test_x=np.zeros((0, 2)), k=2, layer="edge",
         hint="knn_predict(): no test rows: return np.zeros(0, dtype=np.int64) (an empty list becomes float64)."),
    case("N = 1, k = 1: every test row gets the one label", train_x=a([1, 2, 3]), train_y=np.array([-4]),
         test_x=a([0, 0, 0], [1, 2, 3], [9, 9, 9]), k=1, layer="edge", hint=DEFINITION),
    # polish: dtypes, the default k, invalid input
    case("int32 labels give int64 predictions", **LINE | {"train_y": np.array([5, 5, 7, 7, 7], np.int32)}, k=3,
         layer="polish"),
    case("uint8 labels give int64 predictions", **LINE | {"train_y": np.array([5, 5, 7, 7, 7], np.uint8)}, k=1,
         layer="polish"),
    case("integer points", train_x=np.array([[0, 0], [3, 4], [6, 8]]), train_y=np.array([0, 1, 2]),
         test_x=np.array([[2, 3], [5, 7]]), k=1, layer="polish", hint=DEFINITION),
    *generated("random float32 blobs N={size}", lambda rng, n: blobs(rng, n, np.float32), sizes=[40],
               seeds=range(2), layer="polish", hint=DEFINITION),
    case("k defaults to 1", **SQUARE, test_x=a([3, 1], [1, 3]), layer="polish",
         hint="knn_predict(): k is optional and defaults to 1 (def knn_predict(train_x, train_y, test_x, k=1))."),
    case("k = 0 is invalid", **EXAMPLE, k=0, raises=ValueError, hint=K_RANGE),
    case("k = -1 is invalid", **EXAMPLE, k=-1, raises=ValueError, hint=K_RANGE),
    case("k = 5 > N = 4 is invalid", **EXAMPLE, k=5, raises=ValueError, hint=K_RANGE),
    case("N = 0 (no training rows) is invalid: k = 1 > N", train_x=np.zeros((0, 2)), train_y=np.zeros(0, np.int64),
         test_x=a([1, 1]), k=1, raises=ValueError, hint=K_RANGE),
    case("train_x not 2-D is invalid", train_x=np.array([1.0, 0.0, 2.0]), train_y=np.array([0, 1, 0]),
         test_x=a([0.0]), k=1, raises=ValueError,
         hint="knn_predict(): train_x must be 2-D [N, D]: raise ValueError for a 1-D array."),
    case("test_x not 2-D is invalid (one point as a vector)", **SQUARE, test_x=np.array([1.0, 1.0]), k=1,
         raises=ValueError,
         hint="knn_predict(): test_x must be 2-D [M, D]: one test point is test_x = [[x, y]], not [x, y]. "
              "Raise ValueError."),
    case("different D is invalid", **SQUARE, test_x=a([1, 1, 1]), k=1, raises=ValueError,
         hint="knn_predict(): train_x and test_x must have the same number of columns D: raise ValueError."),
    case("fewer labels than training rows is invalid", train_x=SQUARE["train_x"], train_y=np.array([0, 1, 2]),
         test_x=a([1, 1]), k=1, raises=ValueError,
         hint="knn_predict(): train_y needs one label per training row (len(train_y) == N): raise ValueError."),
    case("more labels than training rows is invalid", train_x=SQUARE["train_x"], train_y=np.array([0, 1, 2, 3, 4]),
         test_x=a([1, 1]), k=1, raises=ValueError,
         hint="knn_predict(): train_y needs one label per training row (len(train_y) == N): raise ValueError."),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_knn_predict(kata, case):
    kata.check("knn_predict", case, Labels())


def bench_points(rng, n):
    """n training points and 500 test points in D = 16, 10 classes, k = 5."""
    return {"train_x": rng.standard_normal((n, 16)), "train_y": rng.integers(0, 10, n),
            "test_x": rng.standard_normal((500, 16)), "k": 5}


@pytest.mark.parametrize("n", [1000, 4000])
def test_benchmark_knn_predict(kata_bench, n):
    # At N = 4000 a Python loop over the test rows (or the pairs) is far slower than one matrix product.
    kata_bench("knn_predict", generated("", bench_points, sizes=[n], seeds=[0])[0], label=f"N={n} M=500 D=16 k=5")
