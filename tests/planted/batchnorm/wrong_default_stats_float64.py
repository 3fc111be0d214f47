"""WRONG: default running statistics np.zeros(D) in float64 upcast a float32 test-mode output."""
import numpy as np

from planted.batchnorm._bn import backward, forward

EXPECT = "make them in x's dtype"


def batchnorm_forward(x, gamma, beta, bn_param):
    return forward(x, gamma, beta, bn_param, zeros_dtype=np.float64)


def batchnorm_backward(dout, cache):
    return backward(dout, cache)
