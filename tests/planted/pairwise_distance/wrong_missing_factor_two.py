"""WRONG: expands |x - y|^2 as |x|^2 - x.y + |y|^2 (no factor 2)."""
import numpy as np

from planted.pairwise_distance._common import float_inputs

EXPECT = "mind the factor 2"


def pairwise_distances(X, Y):
    X, Y = float_inputs(X, Y)
    return np.sqrt(np.maximum((X ** 2).sum(1)[:, None] - X @ Y.T + (Y ** 2).sum(1)[None, :], 0))
