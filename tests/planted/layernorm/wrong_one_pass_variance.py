"""WRONG: layernorm_forward's variance as mean(x**2) - mean(x)**2."""
from planted.layernorm import _norm

EXPECT = "cancels catastrophically"


def layernorm_forward(x, gamma, beta, eps=1e-5):
    return _norm.layernorm_forward(x, gamma, beta, eps, one_pass=True)


def layernorm_backward(dout, cache):
    return _norm.layernorm_backward(dout, cache)


def rmsnorm_forward(x, gamma, eps=1e-6):
    return _norm.rmsnorm_forward(x, gamma, eps)


def rmsnorm_backward(dout, cache):
    return _norm.rmsnorm_backward(dout, cache)
