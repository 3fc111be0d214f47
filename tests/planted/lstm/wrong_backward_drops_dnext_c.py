"""WRONG: lstm_step_backward ignores dnext_c: dc = dnext_h * o * (1 - tanh(next_c)**2) only."""
from planted.lstm import _lstm

EXPECT = "dnext_c dropped"


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    return _lstm.step_forward(x, prev_h, prev_c, Wx, Wh, b)


def lstm_step_backward(dnext_h, dnext_c, cache):
    return _lstm.step_backward(dnext_h, dnext_c, cache, dc_paths="no dnext_c")


def lstm_forward(x, h0, Wx, Wh, b):
    return _lstm.forward(x, h0, Wx, Wh, b)
