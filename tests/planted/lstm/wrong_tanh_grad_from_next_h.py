"""WRONG: the derivative of tanh(next_c) taken as 1 - next_h**2."""
from planted.lstm import _lstm

EXPECT = "computed from next_h"


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    return _lstm.step_forward(x, prev_h, prev_c, Wx, Wh, b)


def lstm_step_backward(dnext_h, dnext_c, cache):
    return _lstm.step_backward(dnext_h, dnext_c, cache, tanh_grad="next_h")


def lstm_forward(x, h0, Wx, Wh, b):
    return _lstm.forward(x, h0, Wx, Wh, b)
