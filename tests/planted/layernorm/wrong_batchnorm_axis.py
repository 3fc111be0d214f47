"""WRONG: batch norm pasted: layernorm_forward's statistics over axis 0."""
from planted.layernorm import _norm

EXPECT = "over axis 0 (batch norm's axis)"


def layernorm_forward(x, gamma, beta, eps=1e-5):
    return _norm.layernorm_forward(x, gamma, beta, eps, axis=0)


def layernorm_backward(dout, cache):
    return _norm.layernorm_backward(dout, cache)


def rmsnorm_forward(x, gamma, eps=1e-6):
    return _norm.rmsnorm_forward(x, gamma, eps)


def rmsnorm_backward(dout, cache):
    return _norm.rmsnorm_backward(dout, cache)
