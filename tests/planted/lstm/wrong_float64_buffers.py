"""WRONG: da built with np.zeros((N, 4H)): float64 gradients for float32 inputs."""
from planted.lstm import _lstm

EXPECT = "float32 in, float32 gradients"


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    return _lstm.step_forward(x, prev_h, prev_c, Wx, Wh, b)


def lstm_step_backward(dnext_h, dnext_c, cache):
    return _lstm.step_backward(dnext_h, dnext_c, cache, zeros_buffers=True)


def lstm_forward(x, h0, Wx, Wh, b):
    return _lstm.forward(x, h0, Wx, Wh, b)
