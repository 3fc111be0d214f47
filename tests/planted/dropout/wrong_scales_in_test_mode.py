"""WRONG: test mode returns x * p (the non-inverted test-time rule)."""
import numpy as np  # noqa: F401

from planted.dropout._drop import backward, forward

EXPECT = "test mode is the identity, with no scaling"


def dropout_forward(x, dropout_param):
    return forward(x, dropout_param, test=lambda x, mask: x * np.asarray(dropout_param['p'], x.dtype))


def dropout_backward(dout, cache):
    return backward(dout, cache)
