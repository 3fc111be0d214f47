"""WRONG: updates the running statistics in a copy of bn_param, so the caller never sees them."""
from planted.batchnorm._bn import backward, forward

EXPECT = "store the running statistics in bn_param"


def batchnorm_forward(x, gamma, beta, bn_param):
    bn_param = dict(bn_param)
    return forward(x, gamma, beta, bn_param)


batchnorm_backward = backward
