"""WRONG: returns the gradient of the padded input, without cropping the padding."""
from planted.conv2d import _naive

EXPECT = 'crop the padding'


def conv_forward(x, w, b, conv_param):
    return _naive.conv_forward(x, w, b, conv_param)


def conv_backward(dout, cache):
    return _naive.conv_backward(dout, cache, crop=False)
