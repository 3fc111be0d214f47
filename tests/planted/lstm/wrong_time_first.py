"""WRONG: lstm_forward reads step t as x[t] (time first) instead of x[:, t]."""
from planted.lstm import _lstm

EXPECT = "step t takes x[t] instead of x[:, t]"


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    return _lstm.step_forward(x, prev_h, prev_c, Wx, Wh, b)


def lstm_step_backward(dnext_h, dnext_c, cache):
    return _lstm.step_backward(dnext_h, dnext_c, cache)


def lstm_forward(x, h0, Wx, Wh, b):
    return _lstm.forward(x, h0, Wx, Wh, b, x_layout="x[t]")
