"""WRONG: no validation: a kernel larger than the padded input gives an empty output instead of ValueError."""
from planted.conv2d import _naive

EXPECT = 'raise ValueError'


def conv_forward(x, w, b, conv_param):
    return _naive.conv_forward(x, w, b, conv_param, validate=False)


def conv_backward(dout, cache):
    return _naive.conv_backward(dout, cache)
