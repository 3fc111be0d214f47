"""WRONG: uses torch's momentum convention: running = (1 - momentum) * running + momentum * batch."""
from planted.batchnorm._bn import backward, forward

EXPECT = "the OLD value keeps 90%"


def batchnorm_forward(x, gamma, beta, bn_param):
    return forward(x, gamma, beta, bn_param, torch_momentum=True)


def batchnorm_backward(dout, cache):
    return backward(dout, cache)
