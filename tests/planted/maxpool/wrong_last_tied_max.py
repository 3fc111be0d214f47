"""WRONG: the backward credits the LAST of several tied maxima."""
from planted.maxpool import _naive

EXPECT = 'the LAST of several tied maxima'


def max_pool_forward(x, pool_param):
    return _naive.max_pool_forward(x, pool_param)


def max_pool_backward(dout, cache):
    return _naive.max_pool_backward(dout, cache, ties='last')
