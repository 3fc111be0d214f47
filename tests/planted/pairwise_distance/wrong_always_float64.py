"""WRONG: casts everything to float64, so float32 input gives float64 output."""
import numpy as np

EXPECT = "float32 in, float32 out"


def pairwise_distances(X, Y):
    X, Y = np.asarray(X, np.float64), np.asarray(Y, np.float64)
    return np.sqrt(np.maximum((X ** 2).sum(1)[:, None] - 2 * X @ Y.T + (Y ** 2).sum(1)[None, :], 0))
