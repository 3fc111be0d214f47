"""WRONG: rounds the output size up (ceil), so a last partial window runs off the input."""
from planted.conv2d import _naive

EXPECT = 'rounding up'


def conv_forward(x, w, b, conv_param):
    return _naive.conv_forward(x, w, b, conv_param, size='ceil')


def conv_backward(dout, cache):
    return _naive.conv_backward(dout, cache)
