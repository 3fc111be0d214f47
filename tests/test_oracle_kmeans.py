"""The kmeans reference against independent oracles.

- scikit-learn's KMeans(init=..., n_init=1, algorithm="lloyd", max_iter=...) on continuous data, where its
  rules agree with the contract: it stops when the labels repeat or when center_shift_tot (the sum of the
  squared moves) <= its tolerance, counts n_iter_ from 1, and assigns again after a stop that was not a
  repeat of the labels. Its tol is relative: it multiplies it by the mean per-feature variance of x, so we
  pass tol / that variance. It is no oracle for empty clusters (it moves them to far points) nor for ties
  (its distances round differently): such runs are left out.
- A brute-force Lloyd loop written from the definition, in exact rational arithmetic, for small integer
  data full of ties and empty clusters.
- k-means++: the reference's draws over many seeds against the exact probabilities of every ordered tuple
  of indices, enumerated from the definition (scipy's chi-square test).
"""
from __future__ import annotations

import importlib.util
import itertools
from collections import Counter
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from katatest import ROOT, reference

cluster = pytest.importorskip("sklearn.cluster", reason="scikit-learn is the oracle")
stats = pytest.importorskip("scipy.stats", reason="scipy's chi-square test")
ref = reference("kmeans")


pytestmark = pytest.mark.usefixtures("blas_one_thread")


# -- the definition, exactly -------------------------------------------------------------------
def by_definition(x, init, max_iter=100, tol=0.0):
    """Lloyd from the definition in Fractions: (centroids, labels, n_iter, ties), ties = the centroids'
    denominators in every equal-distance tie met (the contract grades ties on exactly representable
    centroids only)."""
    xs = [[Fraction(int(v)) for v in row] for row in np.asarray(x)]
    c = [[Fraction(int(v)) for v in row] for row in np.asarray(init)]
    tie_denominators = set()

    def nearest(c):
        labels = []
        for p in xs:
            d = [sum((a - b) ** 2 for a, b in zip(p, q)) for q in c]
            best = min(d)
            tied = [j for j, v in enumerate(d) if v == best]
            if len(tied) > 1:
                tie_denominators.update(v.denominator for j in tied for v in c[j])
            labels.append(tied[0])  # the lowest index
        return labels

    for n_iter in range(1, max_iter + 1):
        labels = nearest(c)
        new = []
        for j, q in enumerate(c):
            members = [p for p, lab in zip(xs, labels) if lab == j]
            new.append([sum(col) / len(members) for col in zip(*members)] if members else list(q))
        shift = sum((a - b) ** 2 for q, r in zip(new, c) for a, b in zip(q, r))
        c = new
        if shift <= Fraction(tol):
            break
    labels = nearest(c)
    return np.array([[float(v) for v in q] for q in c]), labels, n_iter, tie_denominators


def exact_ties(denominators):
    return all(d & (d - 1) == 0 for d in denominators)  # powers of two: exact in floating point


@pytest.mark.parametrize("seed, n", list(itertools.product(range(40), [1, 4, 12, 40])))
def test_small_integers_match_the_definition(seed, n):
    rng = np.random.default_rng(seed)
    d = int(rng.integers(1, 3))
    x = rng.integers(-3, 4, (n, d))
    init = rng.integers(-5, 6, (int(rng.integers(1, 6)), d))
    if rng.random() < 0.3:
        init[-1] = init[0]
    tol = float(rng.choice([0.0, 0.0, 0.5, 2.0]))
    want, labels, n_iter, ties = by_definition(x, init, 100, tol)
    if not exact_ties(ties):
        pytest.skip("a tie between centroids that are not exact in floating point: outside the contract")
    got = ref.kmeans(x, init, 100, tol)
    assert got[0].dtype == np.float64 and got[1].dtype == np.int64
    np.testing.assert_allclose(got[0], want, rtol=1e-12, atol=1e-12)
    assert got[1].tolist() == labels
    assert got[2] == n_iter


def test_most_small_integer_runs_are_graded():
    skipped = 0
    for seed in range(40):
        rng = np.random.default_rng(seed)
        d = int(rng.integers(1, 3))
        x = rng.integers(-3, 4, (40, d))
        init = rng.integers(-5, 6, (int(rng.integers(1, 6)), d))
        skipped += not exact_ties(by_definition(x, init)[3])
    assert skipped <= 20


@pytest.mark.parametrize("tol, want", [(0.0, ([2, 11, 30], [0, 0, 0, 1, 1], 3)),
                                       (7.0, ([2, 11, 30], [0, 0, 0, 1, 1], 2)),
                                       (30.0, ([1, 26 / 3, 30], [0, 0, 0, 1, 1], 1))])
def test_the_worked_example(tol, want):
    x, init = np.array([[0], [2], [4], [10], [12]]), np.array([[0], [4], [30]])
    c, labels, n_iter = ref.kmeans(x, init, tol=tol)
    np.testing.assert_allclose(c[:, 0], want[0], rtol=1e-15)
    assert labels.tolist() == want[1] and n_iter == want[2]
    assert by_definition(x, init, 100, tol)[1:3] == (want[1], want[2])


# -- scikit-learn -----------------------------------------------------------------------------
def clear_run(x, init, max_iter, tol, margin=1e-7):
    """(no empty cluster, every point's two nearest centroids apart by a margin, tol away from every
    shift) along the whole run: scikit-learn's KMeans is then an oracle."""
    x, c = np.asarray(x, np.float64), np.asarray(init, np.float64)
    scale = 1.0 + float((x * x).sum(axis=1).max())
    for _ in range(max_iter + 1):
        d = np.sort(((x[:, None] - c[None]) ** 2).sum(-1), axis=1)
        if len(c) > 1 and (d[:, 1] - d[:, 0]).min() < margin * scale:
            return False
        labels = ((x[:, None] - c[None]) ** 2).sum(-1).argmin(1)
        if len(np.unique(labels)) < len(c):
            return False
        new = np.stack([x[labels == j].mean(0) for j in range(len(c))])
        shift = ((new - c) ** 2).sum()
        if tol and abs(shift - tol) < 1e-6 * tol:
            return False
        c = new
        if shift <= tol:
            return True
    return True


def by_sklearn(x, init, max_iter, tol):
    variance = float(np.mean(np.var(x, axis=0)))
    model = cluster.KMeans(n_clusters=len(init), init=init, n_init=1, algorithm="lloyd", max_iter=max_iter,
                           tol=tol / variance if tol else 0.0)
    model.fit(x)
    return model.cluster_centers_, model.labels_, model.n_iter_


def blobs(rng, n):
    d, k = int(rng.integers(1, 6)), int(rng.integers(2, 7))
    centres = rng.normal(0.0, 3.0, (k, d))
    x = centres[rng.integers(0, k, n)] + rng.normal(0.0, 1.0, (n, d))
    init = x[rng.choice(n, k, replace=False)] if rng.random() < 0.5 else rng.normal(0.0, 3.0, (k, d))
    return x, init


@pytest.mark.parametrize("seed, n", list(itertools.product(range(12), [10, 60, 300])))
def test_continuous_data_matches_sklearn(seed, n):
    rng = np.random.default_rng(seed)
    for _ in range(50):
        x, init = blobs(rng, n)
        n_full = ref.kmeans(x, init)[2]
        first_shift = float(((ref.kmeans(x, init, 1)[0] - init) ** 2).sum())
        # tol = 0, a cut by max_iter, and a tol below the first shift
        runs = [(100, 0.0), (int(rng.integers(1, n_full + 1)), 0.0),
                (100, first_shift * float(rng.uniform(0.01, 0.5)))]
        if all(clear_run(x, init, m, t) for m, t in runs):
            break
    else:
        pytest.skip("no clear run found")
    for max_iter, tol in runs:
        c, labels, n_iter = ref.kmeans(x, init, max_iter, tol)
        sc, slabels, sn = by_sklearn(x, init, max_iter, tol)
        np.testing.assert_allclose(c, sc, rtol=1e-10, atol=1e-10)
        assert labels.tolist() == slabels.tolist()
        assert n_iter == sn, (max_iter, tol)


@pytest.mark.parametrize("seed", range(6))
def test_float32_matches_sklearn(seed):
    rng = np.random.default_rng(100 + seed)
    for _ in range(50):
        x, init = blobs(rng, 200)
        x, init = x.astype(np.float32), init.astype(np.float32)
        if clear_run(x, init, 100, 0.0, margin=1e-3):
            break
    c, labels, n_iter = ref.kmeans(x, init)
    sc, slabels, sn = by_sklearn(x, init, 100, 0.0)
    assert c.dtype == np.float32
    np.testing.assert_allclose(c, sc, rtol=1e-4, atol=1e-4)
    assert labels.tolist() == slabels.tolist() and n_iter == sn


def test_init_is_left_alone_and_dtypes():
    x = np.random.default_rng(0).normal(size=(30, 2))
    init = x[:3].copy()
    ref.kmeans(x, init)
    assert np.array_equal(init, x[:3])
    assert ref.kmeans(x.astype(np.float32), init)[0].dtype == np.float32
    assert ref.kmeans(np.round(x * 10).astype(int), np.array([[0, 0], [5, 5]]))[0].dtype == np.float64


@pytest.mark.parametrize("args", [
    (np.zeros(3), np.zeros((1, 1)), 10, 0.0), (np.zeros((3, 1)), np.zeros(1), 10, 0.0),
    (np.zeros((3, 2)), np.zeros((1, 3)), 10, 0.0), (np.zeros((0, 2)), np.zeros((1, 2)), 10, 0.0),
    (np.zeros((3, 2)), np.zeros((0, 2)), 10, 0.0), (np.zeros((3, 2)), np.zeros((1, 2)), 0, 0.0),
    (np.zeros((3, 2)), np.zeros((1, 2)), 10, -1.0),
], ids=["x 1-D", "init 1-D", "different D", "N=0", "K=0", "max_iter=0", "tol<0"])
def test_kmeans_invalid_inputs_raise(args):
    with pytest.raises(ValueError):
        ref.kmeans(*args)


# -- k-means++ --------------------------------------------------------------------------------
def exact_plusplus(x, k):
    """Every ordered tuple of k indices with its probability, enumerated from the definition."""
    x = [tuple(float(v) for v in row) for row in np.asarray(x)]
    n, out = len(x), {}

    def d2(i, chosen):
        return min(sum((a - b) ** 2 for a, b in zip(x[i], x[j])) for j in chosen)

    def walk(chosen, p):
        if len(chosen) == k:
            out[tuple(chosen)] = p
            return
        weights = [d2(i, chosen) for i in range(n)]
        total = sum(weights)
        for i, w in enumerate(weights):
            if w > 0:
                walk(chosen + [i], p * w / total)

    for first in range(n):
        walk([first], 1.0 / n)
    return out


DATASETS = [
    (np.array([[0.0], [1.0], [3.0], [7.0], [7.0], [15.0]]), 3),
    (np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 2.0], [3.0, 3.0], [3.0, 3.0], [6.0, 0.0]]), 4),
    (np.array([[0, 0], [4, 0], [0, 3], [1, 1], [9, 9]]), 2),
    (np.array([[0.0], [10.0], [11.0]], dtype=np.float32), 3),
]


@pytest.mark.parametrize("x, k", DATASETS, ids=["line k=3", "plane with a duplicate k=4", "integers k=2",
                                               "float32 k=N"])
def test_plusplus_draws_follow_the_exact_probabilities(x, k):
    probs = exact_plusplus(x, k)
    seeds = 3000
    counts = Counter()
    for s in range(seeds):
        centroids, idx = ref.kmeans_plusplus_init(x, k, np.random.default_rng(s))
        assert idx.dtype == np.int64 and idx.shape == (k,)
        assert np.array_equal(centroids, x[idx]) and centroids.dtype == x.dtype
        counts[tuple(idx.tolist())] += 1
    assert set(counts) <= set(probs), "a tuple of probability 0 was drawn"
    cells = sorted(probs, key=probs.get, reverse=True)
    big = [t for t in cells if probs[t] * seeds >= 5]
    rest = [t for t in cells if t not in big]
    observed = [counts[t] for t in big] + ([sum(counts[t] for t in rest)] if rest else [])
    expected = [probs[t] * seeds for t in big] + ([sum(probs[t] for t in rest) * seeds] if rest else [])
    expected = np.array(expected) * sum(observed) / sum(expected)
    assert stats.chisquare(observed, expected).pvalue > 1e-4


def test_plusplus_is_reproducible_and_uses_rng_only():
    x = DATASETS[1][0]
    a = ref.kmeans_plusplus_init(x, 4, np.random.default_rng(5))[1]
    np.random.seed(0)
    b = ref.kmeans_plusplus_init(x, 4, np.random.default_rng(5))[1]
    assert a.tolist() == b.tolist()


@pytest.mark.parametrize("x, k", [(np.zeros((3, 1)), 0), (np.zeros((3, 1)), 4),
                                  (np.array([[1.0, 1.0], [1.0, 1.0], [2.0, 0.0]]), 3)],
                         ids=["k=0", "k>N", "fewer distinct rows"])
def test_plusplus_invalid_inputs_raise(x, k):
    with pytest.raises(ValueError):
        ref.kmeans_plusplus_init(x, k, np.random.default_rng(0))


# -- the grader's own statistics (katas/kmeans/test_kmeans.py) ---------------------------------
def graded_tests():
    spec = importlib.util.spec_from_file_location("kmeans_graded", Path(ROOT) / "katas/kmeans/test_kmeans.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_graders_chi_square_and_distribution_are_right():
    graded = graded_tests()
    for stat, df in [(0.5, 1), (3.0, 2), (50.0, 48), (110.0, 48), (400.0, 60), (10.0, 60), (1000.0, 50)]:
        assert graded.chi2_sf(stat, df) == pytest.approx(stats.chi2.sf(stat, df), rel=1e-9)
    for x, k in DATASETS[:3]:
        mine, theirs = graded.plusplus_distribution(x, k), exact_plusplus(x, k)
        assert set(mine) == set(theirs) and all(mine[t] == pytest.approx(theirs[t], rel=1e-12) for t in mine)
