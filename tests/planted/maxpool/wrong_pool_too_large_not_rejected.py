"""WRONG: no validation: a pool larger than the input gives an empty output instead of ValueError."""
from planted.maxpool import _naive

EXPECT = 'raise ValueError'


def max_pool_forward(x, pool_param):
    return _naive.max_pool_forward(x, pool_param, validate=False)


def max_pool_backward(dout, cache):
    return _naive.max_pool_backward(dout, cache)
