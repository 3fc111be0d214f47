"""WRONG: backward is dx = dout * gamma / std: the paths through the batch mean and variance are missing."""
from planted.batchnorm._bn import backward, forward

EXPECT = "misses the last two"


def batchnorm_forward(x, gamma, beta, bn_param):
    return forward(x, gamma, beta, bn_param)


def batchnorm_backward(dout, cache):
    return backward(dout, cache, mean_var_paths=False)
