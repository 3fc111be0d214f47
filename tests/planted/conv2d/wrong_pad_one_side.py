"""WRONG: pads 2*pad zeros after the image only (bottom and right), none before."""
from planted.conv2d import _naive

EXPECT = 'after the image only'


def conv_forward(x, w, b, conv_param):
    return _naive.conv_forward(x, w, b, conv_param, pad_mode='one_side')


def conv_backward(dout, cache):
    return _naive.conv_backward(dout, cache)
