"""WRONG: takes p as the probability of DROPPING a unit (torch's convention), scaling by 1/(1 - p)."""
import numpy as np  # noqa: F401

from planted.dropout._drop import backward, forward

EXPECT = "p was taken as the drop probability"


def dropout_forward(x, dropout_param):
    return forward(x, dropout_param, keep=lambda p: 1 - p, scale=lambda p: 1 / (1 - p))


def dropout_backward(dout, cache):
    return backward(dout, cache)
