"""Shared by the planted knn files: the input checks, the distances and the vote, each done right."""
import numpy as np


def checked(train_x, train_y, test_x, k, check_k_above_n=True):
    train_x, train_y, test_x = np.asarray(train_x), np.asarray(train_y), np.asarray(test_x)
    if train_x.ndim != 2 or test_x.ndim != 2 or train_x.shape[1] != test_x.shape[1]:
        raise ValueError("train_x and test_x must be [N, D] and [M, D]")
    if train_y.shape != (len(train_x),):
        raise ValueError("one label per training row")
    if k < 1 or (check_k_above_n and k > len(train_x)):
        raise ValueError("k must be in 1..N")
    return train_x.astype(np.float64), train_y, test_x.astype(np.float64)


def squared_distances(train_x, test_x):
    """[M, N]: |t|^2 - 2 t.x + |x|^2."""
    return (test_x ** 2).sum(1)[:, None] - 2 * test_x @ train_x.T + (train_x ** 2).sum(1)[None, :]


def vote(labels):
    """[M, k] labels -> [M] int64: the most frequent, the smallest among equal counts."""
    out = np.zeros(len(labels), dtype=np.int64)
    for i, row in enumerate(labels):
        values, counts = np.unique(row, return_counts=True)
        out[i] = values[np.argmax(counts)]
    return out
