"""WRONG: any mode other than 'train' is treated as test mode, so 'eval' raises nothing."""
from planted.batchnorm._bn import backward, forward

EXPECT = "raises ValueError"


def batchnorm_forward(x, gamma, beta, bn_param):
    return forward(x, gamma, beta, bn_param, check_mode=False)


def batchnorm_backward(dout, cache):
    return backward(dout, cache)
