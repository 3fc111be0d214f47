"""WRONG: reads pool_height as the window's width and pool_width as its height."""
from planted.maxpool import _naive

EXPECT = 'pool_height and pool_width swapped'


def max_pool_forward(x, pool_param):
    return _naive.max_pool_forward(x, pool_param, swap=True)


def max_pool_backward(dout, cache):
    return _naive.max_pool_backward(dout, cache)
