"""WRONG: dw averages over the samples instead of summing."""
from planted.conv2d import _naive

EXPECT = 'dw averaged over the samples instead of summed'


def conv_forward(x, w, b, conv_param):
    return _naive.conv_forward(x, w, b, conv_param)


def conv_backward(dout, cache):
    return _naive.conv_backward(dout, cache, dw_mean=True)
