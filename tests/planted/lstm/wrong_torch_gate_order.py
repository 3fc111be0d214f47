"""WRONG: the gates read in PyTorch's order i, f, g, o (o and g swapped), in every function."""
from planted.lstm import _lstm

EXPECT = "torch's gate order i, f, g, o"


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    return _lstm.step_forward(x, prev_h, prev_c, Wx, Wh, b, order="ifgo")


def lstm_step_backward(dnext_h, dnext_c, cache):
    return _lstm.step_backward(dnext_h, dnext_c, cache)


def lstm_forward(x, h0, Wx, Wh, b):
    return _lstm.forward(x, h0, Wx, Wh, b, order="ifgo")
