"""WRONG: next_h = o * next_c (the tanh of the cell left out)."""
from planted.lstm import _lstm

EXPECT = "the tanh of the cell left out"


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    return _lstm.step_forward(x, prev_h, prev_c, Wx, Wh, b, h_of="c")


def lstm_step_backward(dnext_h, dnext_c, cache):
    return _lstm.step_backward(dnext_h, dnext_c, cache)


def lstm_forward(x, h0, Wx, Wh, b):
    return _lstm.forward(x, h0, Wx, Wh, b, h_of="c")
