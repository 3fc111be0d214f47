"""WRONG: 1 + (H + 2*pad - HH) / stride without int(): a float, which np.zeros refuses."""
from planted.conv2d import _naive

EXPECT = '`/` instead of `//`'


def conv_forward(x, w, b, conv_param):
    return _naive.conv_forward(x, w, b, conv_param, size='float')


def conv_backward(dout, cache):
    return _naive.conv_backward(dout, cache)
