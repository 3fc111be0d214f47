"""WRONG: ignores dropout_param['seed'] (a fresh generator on every call)."""
import numpy as np  # noqa: F401

from planted.dropout._drop import backward, forward

EXPECT = "the same seed must give the same mask"


def dropout_forward(x, dropout_param):
    return forward(x, dropout_param, seed=None)


def dropout_backward(dout, cache):
    return backward(dout, cache)
