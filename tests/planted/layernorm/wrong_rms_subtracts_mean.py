"""WRONG: rmsnorm_forward subtracts the row mean (that is LayerNorm without beta)."""
from planted.layernorm import _norm

EXPECT = "the mean subtracted"


def layernorm_forward(x, gamma, beta, eps=1e-5):
    return _norm.layernorm_forward(x, gamma, beta, eps)


def layernorm_backward(dout, cache):
    return _norm.layernorm_backward(dout, cache)


def rmsnorm_forward(x, gamma, eps=1e-6):
    return _norm.rmsnorm_forward(x, gamma, eps, centred=True)


def rmsnorm_backward(dout, cache):
    return _norm.rmsnorm_backward(dout, cache)
