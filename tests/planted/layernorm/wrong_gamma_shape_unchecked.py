"""WRONG: no ValueError for a gamma or beta of shape [1] (it broadcasts)."""
from planted.layernorm import _norm

EXPECT = "must have shape exactly [D]"


def layernorm_forward(x, gamma, beta, eps=1e-5):
    return _norm.layernorm_forward(x, gamma, beta, eps, validate_shape=False)


def layernorm_backward(dout, cache):
    return _norm.layernorm_backward(dout, cache)


def rmsnorm_forward(x, gamma, eps=1e-6):
    return _norm.rmsnorm_forward(x, gamma, eps, validate_shape=False)


def rmsnorm_backward(dout, cache):
    return _norm.rmsnorm_backward(dout, cache)
