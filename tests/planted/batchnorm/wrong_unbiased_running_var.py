"""WRONG: normalises right, but the running variance averages the unbiased batch variance (torch's choice)."""
from planted.batchnorm._bn import backward, forward

EXPECT = "not torch's unbiased one"


def batchnorm_forward(x, gamma, beta, bn_param):
    return forward(x, gamma, beta, bn_param, running_ddof=1)


def batchnorm_backward(dout, cache):
    return backward(dout, cache)
