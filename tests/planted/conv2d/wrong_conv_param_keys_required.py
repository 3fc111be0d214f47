"""WRONG: reads conv_param['stride'] and conv_param['pad'], a KeyError when a key is missing."""
from planted.conv2d import _naive

EXPECT = 'stride defaults to 1'


def conv_forward(x, w, b, conv_param):
    return _naive.conv_forward(x, w, b, conv_param, defaults=False)


def conv_backward(dout, cache):
    return _naive.conv_backward(dout, cache)
