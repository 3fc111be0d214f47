"""WRONG: the sigmoid's derivative taken as s instead of s * (1 - s)."""
from planted.lstm import _lstm

EXPECT = "taken as s instead of s * (1 - s)"


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    return _lstm.step_forward(x, prev_h, prev_c, Wx, Wh, b)


def lstm_step_backward(dnext_h, dnext_c, cache):
    return _lstm.step_backward(dnext_h, dnext_c, cache, sig_grad="s")


def lstm_forward(x, h0, Wx, Wh, b):
    return _lstm.forward(x, h0, Wx, Wh, b)
