"""WRONG: lstm_forward goes time first with x.reshape(T, N, D) (a transpose was needed), and back with a reshape."""
from planted.lstm import _lstm

EXPECT = "reshaped to [T, N, D] instead of transposed"


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    return _lstm.step_forward(x, prev_h, prev_c, Wx, Wh, b)


def lstm_step_backward(dnext_h, dnext_c, cache):
    return _lstm.step_backward(dnext_h, dnext_c, cache)


def lstm_forward(x, h0, Wx, Wh, b):
    return _lstm.forward(x, h0, Wx, Wh, b, x_layout="reshape")
