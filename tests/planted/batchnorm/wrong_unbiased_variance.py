"""WRONG: normalises with the unbiased batch variance (ddof=1), as torch.var does."""
from planted.batchnorm._bn import backward, forward

EXPECT = "the unbiased variance (ddof=1)"


def batchnorm_forward(x, gamma, beta, bn_param):
    return forward(x, gamma, beta, bn_param, ddof=1, running_ddof=1)


def batchnorm_backward(dout, cache):
    return backward(dout, cache)
