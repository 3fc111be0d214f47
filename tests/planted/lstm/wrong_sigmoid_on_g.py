"""WRONG: g = sigmoid(a[:, 3H:]) instead of tanh: a sigmoid on all four blocks."""
from planted.lstm import _lstm

EXPECT = "sigmoid on all four blocks"


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    return _lstm.step_forward(x, prev_h, prev_c, Wx, Wh, b, g_sigmoid=True)


def lstm_step_backward(dnext_h, dnext_c, cache):
    return _lstm.step_backward(dnext_h, dnext_c, cache)


def lstm_forward(x, h0, Wx, Wh, b):
    return _lstm.forward(x, h0, Wx, Wh, b, g_sigmoid=True)
