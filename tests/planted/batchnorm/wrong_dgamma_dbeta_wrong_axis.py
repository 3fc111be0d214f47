"""WRONG: dgamma and dbeta sum over axis 1 (the features) instead of axis 0 (the batch)."""
from planted.batchnorm._bn import backward, forward

EXPECT = "sum over the batch axis 0"


def batchnorm_forward(x, gamma, beta, bn_param):
    return forward(x, gamma, beta, bn_param)


def batchnorm_backward(dout, cache):
    return backward(dout, cache, axis=1)
