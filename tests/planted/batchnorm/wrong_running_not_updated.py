"""WRONG: never updates the running statistics in bn_param."""
from planted.batchnorm._bn import backward, forward

EXPECT = "store the running statistics in bn_param"


def batchnorm_forward(x, gamma, beta, bn_param):
    return forward(x, gamma, beta, bn_param, update=False)


def batchnorm_backward(dout, cache):
    return backward(dout, cache)
