"""WRONG: builds the output with np.zeros(shape), float64, so float32 input gives float64 output."""
from planted.maxpool import _naive

EXPECT = "keep the input's float dtype"
PASSES = ["test_max_pool_backward"]  # dout has the input's dtype: a float32 dx is right, whatever the forward did


def max_pool_forward(x, pool_param):
    return _naive.max_pool_forward(x, pool_param, keep_dtype=False)


def max_pool_backward(dout, cache):
    return _naive.max_pool_backward(dout, cache)
