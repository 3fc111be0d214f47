"""WRONG: variance as mean(x**2) - mean(x)**2, which cancels catastrophically for a large mean."""
from planted.batchnorm._bn import backward, forward

EXPECT = "cancels catastrophically"


def batchnorm_forward(x, gamma, beta, bn_param):
    return forward(x, gamma, beta, bn_param, one_pass=True)


def batchnorm_backward(dout, cache):
    return backward(dout, cache)
