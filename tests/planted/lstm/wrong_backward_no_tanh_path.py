"""WRONG: lstm_step_backward's dc = dnext_c: the path from next_h through tanh(next_c) left out."""
from planted.lstm import _lstm

EXPECT = "from dnext_h through tanh(next_c) into the cell left out"


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    return _lstm.step_forward(x, prev_h, prev_c, Wx, Wh, b)


def lstm_step_backward(dnext_h, dnext_c, cache):
    return _lstm.step_backward(dnext_h, dnext_c, cache, dc_paths="no tanh path")


def lstm_forward(x, h0, Wx, Wh, b):
    return _lstm.forward(x, h0, Wx, Wh, b)
