"""WRONG: returns squared distances (forgot the square root)."""
import numpy as np

from planted.pairwise_distance._common import float_inputs

EXPECT = "the square root at the end"


def pairwise_distances(X, Y):
    X, Y = float_inputs(X, Y)
    return ((X[:, None, :] - Y[None, :, :]) ** 2).sum(-1)
