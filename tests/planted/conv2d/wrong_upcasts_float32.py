"""WRONG: builds the output with np.zeros(shape), float64, so float32 input gives float64 output."""
from planted.conv2d import _naive

EXPECT = "keep the input's float dtype"
PASSES = ["test_conv_backward"]  # dout has the input's dtype: a float32 dx is right, whatever the forward did


def conv_forward(x, w, b, conv_param):
    return _naive.conv_forward(x, w, b, conv_param, keep_dtype=False)


def conv_backward(dout, cache):
    return _naive.conv_backward(dout, cache)
