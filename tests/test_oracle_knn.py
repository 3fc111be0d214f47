"""The knn reference against independent oracles.

- scikit-learn's KNeighborsClassifier (brute force, Euclidean), where its tie rules agree with the
  contract: its vote ties go to the smallest label (classes_ sorted, argmax takes the first), as ours;
  but it picks the k nearest with np.argpartition (or a heap), so equal distances at the k-th place
  may let in any of the tied rows. It is used on continuous random data (no distance ties) and on
  small integer data restricted to test rows whose k-th and (k+1)-th distances differ.
- A brute-force loop written from the definition (sort by (distance, index), count, smallest of the
  most frequent) everywhere, distance ties at the k-th place included.
"""
import itertools
from collections import Counter

import numpy as np
import pytest

from katatest import reference

neighbors = pytest.importorskip("sklearn.neighbors", reason="scikit-learn is the oracle")
ref = reference("knn")


pytestmark = pytest.mark.usefixtures("blas_one_thread")


def by_definition(train_x, train_y, test_x, k):
    out = []
    train_x = np.asarray(train_x, np.float64)
    for t in np.asarray(test_x, np.float64):
        dist = ((train_x - t) ** 2).sum(axis=1).tolist()  # squared distances, from the differences
        nearest = sorted(range(len(dist)), key=lambda i: (dist[i], i))[:k]
        counts = Counter(int(train_y[i]) for i in nearest)
        best = max(counts.values())
        out.append(min(label for label, c in counts.items() if c == best))
    return out


def by_sklearn(train_x, train_y, test_x, k):
    model = neighbors.KNeighborsClassifier(n_neighbors=k, algorithm="brute", metric="euclidean")
    return model.fit(train_x, train_y).predict(test_x).tolist()


def continuous(rng, n):
    d = int(rng.integers(1, 8))
    classes = rng.choice(np.arange(-5, 6), size=int(rng.integers(2, 6)), replace=False)
    centres = rng.normal(0, 2.0, (len(classes), d))
    which = rng.integers(0, len(classes), n)
    train_x = centres[which] + rng.normal(0, 1.0, (n, d))
    test_x = centres[rng.integers(0, len(classes), 20)] + rng.normal(0, 1.0, (20, d))
    return train_x, classes[which], test_x, int(rng.integers(1, min(n, 15) + 1))


def integer(rng, n):
    d = int(rng.integers(1, 4))
    return (rng.integers(-2, 3, (n, d)), rng.integers(-3, 3, n), rng.integers(-2, 3, (20, d)),
            int(rng.integers(1, n + 1)))


def unambiguous(train_x, test_x, k):
    """Test rows whose k nearest training rows are one set whatever the tie rule."""
    if k == len(train_x):
        return np.ones(len(test_x), dtype=bool)
    d = np.sort(((np.asarray(test_x)[:, None, :] - np.asarray(train_x)[None]) ** 2).sum(-1), axis=1)
    return d[:, k] != d[:, k - 1]


@pytest.mark.parametrize("seed, n", list(itertools.product(range(10), [1, 8, 60, 300])))
def test_continuous_data_matches_sklearn_and_the_definition(seed, n):
    train_x, train_y, test_x, k = continuous(np.random.default_rng(seed), n)
    got = ref.knn_predict(train_x, train_y, test_x, k)
    assert got.dtype == np.int64 and got.shape == (len(test_x),)
    assert got.tolist() == by_sklearn(train_x, train_y, test_x, k)
    assert got.tolist() == by_definition(train_x, train_y, test_x, k)


@pytest.mark.parametrize("seed, n", list(itertools.product(range(15), [1, 5, 30, 150])))
def test_integer_data_with_ties_matches_the_definition(seed, n):
    train_x, train_y, test_x, k = integer(np.random.default_rng(seed), n)
    got = ref.knn_predict(train_x, train_y, test_x, k)
    assert got.dtype == np.int64
    assert got.tolist() == by_definition(train_x, train_y, test_x, k)
    rows = unambiguous(train_x, test_x, k)  # sklearn agrees there, vote ties included
    if rows.any():
        assert got[rows].tolist() == by_sklearn(train_x, train_y, test_x[rows], k)


def test_distance_ties_at_the_kth_place_follow_the_definition():
    """Many rows at one distance straddling the k-th place: only the lower indices get in."""
    rng = np.random.default_rng(0)
    train_x = np.array([[1, 0], [0, 1], [-1, 0], [0, -1]])[rng.integers(0, 4, 200)]
    train_y = rng.integers(-2, 3, 200)
    for k in (1, 2, 7, 50, 101, 199, 200):
        got = ref.knn_predict(train_x, train_y, np.zeros((1, 2)), k)
        assert got.tolist() == by_definition(train_x, train_y, np.zeros((1, 2)), k)
        assert got.tolist() == by_sklearn(train_x[:k], train_y[:k], np.zeros((1, 2)), k)  # the first k rows vote


@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.uint8, np.int64])
def test_label_dtypes_give_int64(dtype):
    train_x, train_y, test_x, k = continuous(np.random.default_rng(3), 40)
    labels = (train_y - train_y.min()).astype(dtype)
    got = ref.knn_predict(train_x, labels, test_x, k)
    assert got.dtype == np.int64
    assert got.tolist() == by_sklearn(train_x, labels, test_x, k)


def test_the_worked_example():
    train_x, train_y, test_x = np.array([[1, 0], [0, 1], [-1, 0], [2, 0]]), np.array([2, 1, 2, 0]), np.zeros((1, 2))
    assert [ref.knn_predict(train_x, train_y, test_x, k).tolist() for k in (1, 2, 3, 4)] == [[2], [1], [2], [2]]
    assert ref.knn_predict(train_x, train_y, np.zeros((0, 2)), 2).dtype == np.int64


@pytest.mark.parametrize("args", [
    (np.zeros((4, 2)), np.zeros(4, int), np.zeros((1, 2)), 0),
    (np.zeros((4, 2)), np.zeros(4, int), np.zeros((1, 2)), -1),
    (np.zeros((4, 2)), np.zeros(4, int), np.zeros((1, 2)), 5),
    (np.zeros(4), np.zeros(4, int), np.zeros((1, 1)), 1),
    (np.zeros((4, 2)), np.zeros(4, int), np.zeros(2), 1),
    (np.zeros((4, 2)), np.zeros(4, int), np.zeros((1, 3)), 1),
    (np.zeros((4, 2)), np.zeros(3, int), np.zeros((1, 2)), 1),
    (np.zeros((4, 2)), np.zeros(5, int), np.zeros((1, 2)), 1),
], ids=["k=0", "k=-1", "k>N", "train_x 1-D", "test_x 1-D", "different D", "fewer labels", "more labels"])
def test_invalid_inputs_raise_value_error(args):
    with pytest.raises(ValueError):
        ref.knn_predict(*args)
