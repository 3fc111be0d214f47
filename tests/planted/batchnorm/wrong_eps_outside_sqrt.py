"""WRONG: divides by sqrt(var) + eps instead of sqrt(var + eps)."""
from planted.batchnorm._bn import backward, forward

EXPECT = "eps added outside the square root"


def batchnorm_forward(x, gamma, beta, bn_param):
    return forward(x, gamma, beta, bn_param, eps_outside=True)


def batchnorm_backward(dout, cache):
    return backward(dout, cache)
