"""WRONG: layernorm_backward's dx = dout * gamma / std (no paths through the row mean and variance)."""
from planted.layernorm import _norm

EXPECT = "paths through the row mean and variance left out"


def layernorm_forward(x, gamma, beta, eps=1e-5):
    return _norm.layernorm_forward(x, gamma, beta, eps)


def layernorm_backward(dout, cache):
    return _norm.layernorm_backward(dout, cache, paths=False)


def rmsnorm_forward(x, gamma, eps=1e-6):
    return _norm.rmsnorm_forward(x, gamma, eps)


def rmsnorm_backward(dout, cache):
    return _norm.rmsnorm_backward(dout, cache)
