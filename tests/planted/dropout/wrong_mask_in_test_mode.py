"""WRONG: test mode still applies the random mask."""
import numpy as np  # noqa: F401

from planted.dropout._drop import backward, forward

EXPECT = "draw no mask in test mode"


def dropout_forward(x, dropout_param):
    return forward(x, dropout_param, test=lambda x, mask: x * mask)


def dropout_backward(dout, cache):
    return backward(dout, cache)
