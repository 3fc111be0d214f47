"""WRONG: np.pad(x, pad) pads all four axes, N and C included."""
from planted.conv2d import _naive

EXPECT = 'np.pad(x, pad) would also pad'


def conv_forward(x, w, b, conv_param):
    return _naive.conv_forward(x, w, b, conv_param, pad_mode='all_axes')


def conv_backward(dout, cache):
    return _naive.conv_backward(dout, cache)
