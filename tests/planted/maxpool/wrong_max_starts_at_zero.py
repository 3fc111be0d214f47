"""WRONG: the running max starts at 0, so an all-negative window gives 0."""
from planted.maxpool import _naive

EXPECT = 'the running max starts at 0'


def max_pool_forward(x, pool_param):
    return _naive.max_pool_forward(x, pool_param, start_at=0.0)


def max_pool_backward(dout, cache):
    return _naive.max_pool_backward(dout, cache)
