"""WRONG: drops each unit with probability p (rand > p keeps it) but scales by 1/p."""
import numpy as np  # noqa: F401

from planted.dropout._drop import backward, forward

EXPECT = "probability of KEEPING"


def dropout_forward(x, dropout_param):
    return forward(x, dropout_param, keep=lambda p: 1 - p)


def dropout_backward(dout, cache):
    return backward(dout, cache)
