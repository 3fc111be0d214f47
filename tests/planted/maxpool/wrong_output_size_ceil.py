"""WRONG: rounds the output size up, adding partial windows at the end."""
from planted.maxpool import _naive

EXPECT = 'the output size rounded up'


def max_pool_forward(x, pool_param):
    return _naive.max_pool_forward(x, pool_param, size='ceil')


def max_pool_backward(dout, cache):
    return _naive.max_pool_backward(dout, cache)
