"""WRONG: the backward sends the gradient through a mask of every position equal to the max: all ties credited."""
from planted.maxpool import _naive

EXPECT = 'credits every tie'


def max_pool_forward(x, pool_param):
    return _naive.max_pool_forward(x, pool_param)


def max_pool_backward(dout, cache):
    return _naive.max_pool_backward(dout, cache, ties='all')
