"""WRONG: fills in the defaults with conv_param.setdefault, modifying the caller's dict."""
from planted.conv2d import _naive

EXPECT = 'modified its input `conv_param` in place'


def conv_forward(x, w, b, conv_param):
    return _naive.conv_forward(x, w, b, conv_param, setdefault=True)


def conv_backward(dout, cache):
    return _naive.conv_backward(dout, cache)
