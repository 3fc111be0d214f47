"""WRONG: centres the points on X's mean to avoid cancellation (a good idea), but in place: the caller's
X and Y change."""
import numpy as np

EXPECT = "modified its input `X` in place"


def pairwise_distances(X, Y):
    if X.dtype.kind != "f" or len(X) == 0:
        X, Y = np.asarray(X, np.float64), np.asarray(Y, np.float64)
    else:
        mean = X.mean(axis=0)
        X -= mean
        Y -= mean
    return np.sqrt(np.maximum((X ** 2).sum(1)[:, None] - 2 * X @ Y.T + (Y ** 2).sum(1)[None, :], 0))
