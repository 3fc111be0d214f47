"""WRONG: sigmoid as exp(a) / (1 + exp(a)): NaN when a gate saturates (a > 709)."""
from planted.lstm import _lstm

EXPECT = "inf / inf = NaN for a saturated gate"


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    return _lstm.step_forward(x, prev_h, prev_c, Wx, Wh, b, naive_sigmoid=True)


def lstm_step_backward(dnext_h, dnext_c, cache):
    return _lstm.step_backward(dnext_h, dnext_c, cache)


def lstm_forward(x, h0, Wx, Wh, b):
    return _lstm.forward(x, h0, Wx, Wh, b, naive_sigmoid=True)
