"""RIGHT: plain Python loops over pairs with math.dist (correct, just slow: see the benchmark)."""
import math

import numpy as np

from planted.pairwise_distance._common import float_inputs


def pairwise_distances(X, Y):
    X, Y = float_inputs(X, Y)
    out = np.zeros((len(X), len(Y)), dtype=X.dtype)
    for i in range(len(X)):
        for j in range(len(Y)):
            out[i, j] = math.dist(X[i].tolist(), Y[j].tolist())
    return out
