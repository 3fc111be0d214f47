"""WRONG: plain dropout: kept units are not divided by p."""
import numpy as np  # noqa: F401

from planted.dropout._drop import backward, forward

EXPECT = "the kept units were not divided by p"


def dropout_forward(x, dropout_param):
    return forward(x, dropout_param, scale=lambda p: 1.0)


def dropout_backward(dout, cache):
    return backward(dout, cache)
