"""WRONG: the backward assigns (=) each window's gradient, so overlapping windows overwrite each other."""
from planted.maxpool import _naive

EXPECT = 'Add (+=) into dx'


def max_pool_forward(x, pool_param):
    return _naive.max_pool_forward(x, pool_param)


def max_pool_backward(dout, cache):
    return _naive.max_pool_backward(dout, cache, accumulate=False)
