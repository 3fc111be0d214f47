"""WRONG: returns the [M, N] matrix (Y's rows down, X's across)."""
import numpy as np

from planted.pairwise_distance._common import float_inputs

EXPECT = "not [M, N]"


def pairwise_distances(X, Y):
    X, Y = float_inputs(X, Y)
    return np.sqrt(((Y[:, None, :] - X[None, :, :]) ** 2).sum(-1))
