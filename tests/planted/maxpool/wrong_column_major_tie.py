"""WRONG: the backward credits the first tied max in column order (argmax of the transposed window)."""
from planted.maxpool import _naive

EXPECT = 'first tied max in column order'


def max_pool_forward(x, pool_param):
    return _naive.max_pool_forward(x, pool_param)


def max_pool_backward(dout, cache):
    return _naive.max_pool_backward(dout, cache, ties='column')
