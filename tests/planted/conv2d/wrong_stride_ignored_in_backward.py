"""WRONG: the backward walks the windows with stride 1 whatever the forward stride."""
from planted.conv2d import _naive

EXPECT = 'walks the windows with stride 1'


def conv_forward(x, w, b, conv_param):
    return _naive.conv_forward(x, w, b, conv_param)


def conv_backward(dout, cache):
    return _naive.conv_backward(dout, cache, backward_stride=False)
