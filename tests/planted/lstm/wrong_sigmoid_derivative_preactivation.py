"""WRONG: the sigmoid's derivative taken as a * (1 - a) at the pre-activation."""
from planted.lstm import _lstm

EXPECT = "taken at the pre-activation"


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    return _lstm.step_forward(x, prev_h, prev_c, Wx, Wh, b)


def lstm_step_backward(dnext_h, dnext_c, cache):
    return _lstm.step_backward(dnext_h, dnext_c, cache, sig_grad="a(1-a)")


def lstm_forward(x, h0, Wx, Wh, b):
    return _lstm.forward(x, h0, Wx, Wh, b)
