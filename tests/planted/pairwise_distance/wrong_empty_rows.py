"""WRONG: stacks the rows with np.array([...]), so N = 0 gives shape (0,) instead of (0, M)."""
import numpy as np

from planted.pairwise_distance._common import float_inputs

EXPECT = "shape (0, M)"


def pairwise_distances(X, Y):
    X, Y = float_inputs(X, Y)
    return np.array([np.sqrt(((x - Y) ** 2).sum(axis=1)) for x in X], dtype=X.dtype)
