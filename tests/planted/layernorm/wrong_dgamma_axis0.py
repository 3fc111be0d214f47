"""WRONG: layernorm_backward's dgamma and dbeta sum over axis 0 only (right for 2-D x only)."""
from planted.layernorm import _norm

EXPECT = "summed over axis 0 only"


def layernorm_forward(x, gamma, beta, eps=1e-5):
    return _norm.layernorm_forward(x, gamma, beta, eps)


def layernorm_backward(dout, cache):
    return _norm.layernorm_backward(dout, cache, axis0=True)


def rmsnorm_forward(x, gamma, eps=1e-6):
    return _norm.rmsnorm_forward(x, gamma, eps)


def rmsnorm_backward(dout, cache):
    return _norm.rmsnorm_backward(dout, cache)
