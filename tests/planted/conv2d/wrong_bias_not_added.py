"""WRONG: forgets to add the bias."""
from planted.conv2d import _naive

EXPECT = 'the bias is not added'


def conv_forward(x, w, b, conv_param):
    return _naive.conv_forward(x, w, b, conv_param, bias=False)


def conv_backward(dout, cache):
    return _naive.conv_backward(dout, cache)
