"""WRONG: dWx = da.T @ x, the transpose of x.T @ da."""
from planted.lstm import _lstm

EXPECT = "dWx = da.T @ x"


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    return _lstm.step_forward(x, prev_h, prev_c, Wx, Wh, b)


def lstm_step_backward(dnext_h, dnext_c, cache):
    return _lstm.step_backward(dnext_h, dnext_c, cache, dWx="da.T@x")


def lstm_forward(x, h0, Wx, Wh, b):
    return _lstm.forward(x, h0, Wx, Wh, b)
