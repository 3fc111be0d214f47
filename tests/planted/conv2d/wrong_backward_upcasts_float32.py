"""WRONG: the backward builds dx with np.zeros(x_pad.shape), float64, so float32 input gets a float64 dx."""
from planted.conv2d import _naive

EXPECT = "keep the input's float dtype"
PASSES = ["test_conv_forward"]


def conv_forward(x, w, b, conv_param):
    return _naive.conv_forward(x, w, b, conv_param)


def conv_backward(dout, cache):
    return _naive.conv_backward(dout, cache, keep_dtype=False)
