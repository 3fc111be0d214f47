"""WRONG: rmsnorm_forward's default eps is LayerNorm's 1e-5 instead of 1e-6."""
from planted.layernorm import _norm

EXPECT = "the default eps 1e-5 (LayerNorm's) instead of 1e-6"


def layernorm_forward(x, gamma, beta, eps=1e-5):
    return _norm.layernorm_forward(x, gamma, beta, eps)


def layernorm_backward(dout, cache):
    return _norm.layernorm_backward(dout, cache)


def rmsnorm_forward(x, gamma, eps=1e-5):
    return _norm.rmsnorm_forward(x, gamma, eps)


def rmsnorm_backward(dout, cache):
    return _norm.rmsnorm_backward(dout, cache)
