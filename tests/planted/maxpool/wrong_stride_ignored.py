"""WRONG: ignores the stride and moves the window by the pool size."""
from planted.maxpool import _naive

EXPECT = 'the stride is ignored'


def max_pool_forward(x, pool_param):
    return _naive.max_pool_forward(x, pool_param, stride_is_pool=True)


def max_pool_backward(dout, cache):
    return _naive.max_pool_backward(dout, cache)
