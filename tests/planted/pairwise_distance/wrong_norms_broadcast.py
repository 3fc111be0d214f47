"""WRONG: the textbook one-liner sqrt(-2 X Y^T + sum(X^2, 1) + sum(Y^2, 1)[:, None]): the norms are
broadcast the wrong way round (an error when N != M, wrong values when N == M unless X is Y)."""
import numpy as np

from planted.pairwise_distance._common import float_inputs

EXPECT = "as a column [N, 1]"


def pairwise_distances(X, Y):
    X, Y = float_inputs(X, Y)
    return np.sqrt(np.maximum(-2 * X @ Y.T + np.sum(X ** 2, axis=1) + np.sum(Y ** 2, axis=1)[:, None], 0))
