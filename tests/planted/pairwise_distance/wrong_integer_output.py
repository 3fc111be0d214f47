"""WRONG: fills an output made with dtype=X.dtype, so integer input gives truncated integer distances."""
import numpy as np

EXPECT = "integer inputs give float64"


def pairwise_distances(X, Y):
    out = np.empty((len(X), len(Y)), dtype=X.dtype)
    for i in range(len(X)):
        out[i] = np.sqrt(((X[i] - Y) ** 2).sum(axis=1))
    return out
