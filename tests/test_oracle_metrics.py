"""The metrics reference against independent oracles.

- scikit-learn: confusion_matrix(labels=range(C)); precision_recall_fscore_support with average=None (each
  class's scores, against the reference's "binary" on that class's one-vs-rest indicators), "macro",
  "micro" and "binary", zero_division 0 and 1 (labels=None: the present classes, as the contract);
  roc_auc_score.
- A brute force written from the definitions: the confusion matrix by a counting loop, the AUC over every
  (positive, negative) pair in exact rational arithmetic (ties 1/2).
- The AUC's independence from the order of equal scores: shuffling the samples never changes it.
"""
import warnings
from fractions import Fraction

import numpy as np
import pytest

from katatest import reference

metrics = pytest.importorskip("sklearn.metrics", reason="scikit-learn is the oracle")
ref = reference("metrics")


pytestmark = pytest.mark.usefixtures("blas_one_thread")


def labels(rng, n, pool):
    y_true = rng.choice(pool, n)
    y_pred = np.where(rng.random(n) < 0.5, y_true, rng.choice(pool, n))
    return y_true, y_pred


POOLS = {"0..4": np.arange(5), "gaps and negatives": np.array([-7, -1, 2, 3, 11]), "two": np.array([4, 9]),
         "0/1": np.array([0, 1])}


# -- confusion_matrix ------------------------------------------------------------------------
def by_loop(y_true, y_pred, c):
    cm = [[0] * c for _ in range(c)]
    for t, p in zip(y_true.tolist(), y_pred.tolist()):
        cm[t][p] += 1
    return np.array(cm, dtype=np.int64).reshape(c, c)


@pytest.mark.parametrize("n", [0, 1, 7, 100, 5000])
@pytest.mark.parametrize("c", [1, 2, 5, 12])
def test_confusion_matrix_against_sklearn_and_a_loop(n, c):
    rng = np.random.default_rng(n * 31 + c)
    y_true, y_pred = labels(rng, n, np.arange(max(1, c - 1)))  # the last class never occurs (C >= 2)
    got = ref.confusion_matrix(y_true, y_pred, c)
    assert got.dtype == np.int64 and got.shape == (c, c)
    np.testing.assert_array_equal(got, by_loop(y_true, y_pred, c))
    if n:  # scikit-learn rejects empty input
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "a single label was found": labels= is given
            want = metrics.confusion_matrix(y_true, y_pred, labels=np.arange(c))
        np.testing.assert_array_equal(got, want)


# -- precision_recall_f1 ---------------------------------------------------------------------
def sk_prf(y_true, y_pred, average, zero_division):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scikit-learn warns where zero_division applies
        return metrics.precision_recall_fscore_support(y_true, y_pred, average=average,
                                                       zero_division=zero_division)[:3]


@pytest.mark.parametrize("pool", POOLS)
@pytest.mark.parametrize("n", [1, 2, 5, 40, 1000])
@pytest.mark.parametrize("zero_division", [0.0, 1.0])
@pytest.mark.parametrize("average", ["macro", "micro"])
def test_macro_and_micro_against_sklearn(average, zero_division, n, pool):
    for seed in range(3):
        y_true, y_pred = labels(np.random.default_rng(seed), n, POOLS[pool])
        got = ref.precision_recall_f1(y_true, y_pred, average, zero_division)
        assert all(type(v) is float for v in got)
        np.testing.assert_allclose(got, sk_prf(y_true, y_pred, average, zero_division), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("n", [1, 2, 5, 40, 1000])
@pytest.mark.parametrize("zero_division", [0.0, 1.0])
def test_binary_against_sklearn(zero_division, n):
    for seed in range(5):
        rng = np.random.default_rng(seed)
        y_true, y_pred = labels(rng, n, POOLS["0/1"])
        if seed == 0:
            y_true = np.zeros(n, dtype=np.int64)  # no true 1
        if seed == 1:
            y_pred = np.zeros(n, dtype=np.int64)  # no predicted 1
        got = ref.precision_recall_f1(y_true, y_pred, "binary", zero_division)
        np.testing.assert_allclose(got, sk_prf(y_true, y_pred, "binary", zero_division), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("pool", ["0..4", "gaps and negatives"])
@pytest.mark.parametrize("zero_division", [0.0, 1.0])
def test_per_class_scores_against_sklearn_average_none(zero_division, pool):
    """average=None gives each present class's scores; each equals the reference's 'binary' on that class's
    one-vs-rest indicators, and their mean is the reference's 'macro'."""
    for seed, n in enumerate([3, 10, 200]):
        y_true, y_pred = labels(np.random.default_rng(seed), n, POOLS[pool])
        classes = np.union1d(y_true, y_pred)
        per_class = np.array(sk_prf(y_true, y_pred, None, zero_division))  # [3, K]
        mine = np.array([ref.precision_recall_f1((y_true == c).astype(int), (y_pred == c).astype(int),
                                                 "binary", zero_division) for c in classes]).T
        np.testing.assert_allclose(mine, per_class, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(ref.precision_recall_f1(y_true, y_pred, "macro", zero_division),
                                   per_class.mean(axis=1), rtol=1e-12, atol=1e-15)


def test_the_contract_examples():
    y_true, y_pred = np.array([0, 0, 1, 1, 2]), np.array([0, 1, 1, 1, 1])
    for average, zd in [("macro", 0.0), ("macro", 1.0), ("micro", 0.0)]:
        np.testing.assert_allclose(ref.precision_recall_f1(y_true, y_pred, average, zd),
                                   sk_prf(y_true, y_pred, average, zd), rtol=1e-12)
    np.testing.assert_allclose(ref.precision_recall_f1(y_true, y_pred, "macro"), (0.5, 0.5, 4 / 9), rtol=1e-12)
    np.testing.assert_allclose(ref.precision_recall_f1(np.array([0, 1, 1, 0, 1]), np.array([1, 1, 0, 0, 0])),
                               (0.5, 1 / 3, 0.4), rtol=1e-12)


# -- roc_auc ---------------------------------------------------------------------------------
def by_pairs(y_true, scores):
    """The definition over every (positive, negative) pair, as an exact fraction: float comparisons are
    exact, and the pair counts are integers."""
    y, s = np.asarray(y_true) == 1, np.asarray(scores, np.float64)
    pos, neg = s[y][:, None], s[~y][None, :]
    above, tied = int(np.count_nonzero(pos > neg)), int(np.count_nonzero(pos == neg))
    return Fraction(2 * above + tied, 2 * pos.size * neg.size)


def random_auc(rng, n, decimals=None):
    y = rng.permutation(np.r_[0, 1, rng.integers(0, 2, n - 2)])
    s = rng.normal(y * rng.uniform(0, 2), 1.0)
    return y, (np.round(s, decimals) if decimals is not None else s)


@pytest.mark.parametrize("decimals", [None, 2, 1, 0])
@pytest.mark.parametrize("n", [2, 3, 10, 60, 300, 3000])
def test_roc_auc_against_sklearn_and_the_pairs(n, decimals):
    for seed in range(4):
        y, s = random_auc(np.random.default_rng(seed), n, decimals)
        got = ref.roc_auc(y, s)
        assert type(got) is float
        assert got == pytest.approx(float(by_pairs(y, s)), rel=1e-15, abs=1e-15)
        assert got == pytest.approx(metrics.roc_auc_score(y, s), rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("n", [20, 2000, 100_000])
def test_roc_auc_ignores_the_order_of_equal_scores(n):
    """Heavy ties (a handful of distinct scores): any permutation of the samples gives the same AUC, equal to
    scikit-learn's."""
    rng = np.random.default_rng(n)
    y = rng.permutation(np.r_[0, 1, rng.integers(0, 2, n - 2)])
    s = rng.integers(0, 5, n) + y * rng.integers(0, 2, n)
    want = metrics.roc_auc_score(y, s)
    for _ in range(3):
        perm = rng.permutation(n)
        assert ref.roc_auc(y[perm], s[perm]) == pytest.approx(want, rel=1e-12)


def test_roc_auc_label_dtypes_and_examples():
    assert ref.roc_auc(np.array([0, 0, 1, 1]), np.array([0.1, 0.4, 0.35, 0.8])) == 0.75
    assert ref.roc_auc(np.array([0, 1, 0, 1]), np.array([0.5, 0.5, 0.2, 0.9])) == 0.875
    y, s = random_auc(np.random.default_rng(0), 50, decimals=1)
    want = metrics.roc_auc_score(y, s)
    for labels_ in (y.astype(bool), y.astype(np.float32), y.astype(np.uint8)):
        assert ref.roc_auc(labels_, s) == pytest.approx(want, rel=1e-12)
    assert ref.roc_auc(y, s.astype(np.float32)) == pytest.approx(metrics.roc_auc_score(y, s.astype(np.float32)))


def test_roc_auc_one_class_raises_where_sklearn_gives_nan():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert np.isnan(metrics.roc_auc_score([1, 1, 1], [0.1, 0.2, 0.3]))
    for y in ([1, 1, 1], [0, 0, 0], []):
        with pytest.raises(ValueError):
            ref.roc_auc(np.array(y, dtype=np.int64), np.linspace(0, 1, len(y)))
