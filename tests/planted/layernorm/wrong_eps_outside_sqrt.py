"""WRONG: layernorm_forward divides by sqrt(var) + eps instead of sqrt(var + eps)."""
from planted.layernorm import _norm

EXPECT = "eps added outside the square root"


def layernorm_forward(x, gamma, beta, eps=1e-5):
    return _norm.layernorm_forward(x, gamma, beta, eps, eps_outside=True)


def layernorm_backward(dout, cache):
    return _norm.layernorm_backward(dout, cache)


def rmsnorm_forward(x, gamma, eps=1e-6):
    return _norm.rmsnorm_forward(x, gamma, eps)


def rmsnorm_backward(dout, cache):
    return _norm.rmsnorm_backward(dout, cache)
