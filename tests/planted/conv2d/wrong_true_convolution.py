"""WRONG: flips the kernel (the mathematical convolution, scipy.signal.convolve2d), forward and backward alike."""
from planted.conv2d import _naive

EXPECT = 'the kernel is flipped'


def conv_forward(x, w, b, conv_param):
    return _naive.conv_forward(x, w, b, conv_param, flip=True)


def conv_backward(dout, cache):
    return _naive.conv_backward(dout, cache)
