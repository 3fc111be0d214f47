"""WRONG: uses HH for both kernel sides, as if every kernel were square."""
from planted.conv2d import _naive

EXPECT = 'kernels may be non-square'


def conv_forward(x, w, b, conv_param):
    return _naive.conv_forward(x, w, b, conv_param, square=True)


def conv_backward(dout, cache):
    return _naive.conv_backward(dout, cache)
