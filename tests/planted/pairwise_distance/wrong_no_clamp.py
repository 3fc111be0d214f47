"""WRONG: the expansion without clamping: a squared distance that round-off made negative gives NaN."""
import numpy as np

from planted.pairwise_distance._common import float_inputs

EXPECT = "clamp the squared distances at 0"


def pairwise_distances(X, Y):
    X, Y = float_inputs(X, Y)
    with np.errstate(invalid="ignore"):
        return np.sqrt((X ** 2).sum(1)[:, None] - 2 * X @ Y.T + (Y ** 2).sum(1)[None, :])
