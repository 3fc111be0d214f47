"""WRONG: rmsnorm_forward scales by (1 + gamma), Gemma's parametrisation."""
from planted.layernorm import _norm

EXPECT = "Gemma's (1 + gamma)"


def layernorm_forward(x, gamma, beta, eps=1e-5):
    return _norm.layernorm_forward(x, gamma, beta, eps)


def layernorm_backward(dout, cache):
    return _norm.layernorm_backward(dout, cache)


def rmsnorm_forward(x, gamma, eps=1e-6):
    return _norm.rmsnorm_forward(x, gamma, eps, one_plus=True)


def rmsnorm_backward(dout, cache):
    return _norm.rmsnorm_backward(dout, cache)
