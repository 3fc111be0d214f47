"""WRONG: uses seed 0 when none is given, so every step drops the same units."""
import numpy as np  # noqa: F401

from planted.dropout._drop import backward, forward

EXPECT = "a fixed default seed drops the same units"


def dropout_forward(x, dropout_param):
    return forward(x, dropout_param, seed=dropout_param.get('seed', 0))


def dropout_backward(dout, cache):
    return backward(dout, cache)
