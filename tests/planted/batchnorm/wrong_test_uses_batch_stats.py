"""WRONG: test mode normalises with the test batch's own statistics."""
from planted.batchnorm._bn import backward, forward

EXPECT = "not with this batch's"


def batchnorm_forward(x, gamma, beta, bn_param):
    return forward(x, gamma, beta, bn_param, test_with_batch=True)


def batchnorm_backward(dout, cache):
    return backward(dout, cache)
