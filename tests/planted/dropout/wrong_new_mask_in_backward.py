"""WRONG: the backward draws a new random mask instead of using the forward's."""
import numpy as np  # noqa: F401

from planted.dropout._drop import backward, forward

EXPECT = "drawing a new mask in the backward"


def dropout_forward(x, dropout_param):
    return forward(x, dropout_param)


def dropout_backward(dout, cache):
    return backward(dout, cache, new_mask=True)
