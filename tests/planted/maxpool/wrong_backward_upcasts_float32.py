"""WRONG: the backward builds dx with np.zeros(x.shape), float64, so float32 input gets a float64 dx."""
from planted.maxpool import _naive

EXPECT = "keep the input's float dtype"
PASSES = ["test_max_pool_forward"]


def max_pool_forward(x, pool_param):
    return _naive.max_pool_forward(x, pool_param)


def max_pool_backward(dout, cache):
    return _naive.max_pool_backward(dout, cache, keep_dtype=False)
