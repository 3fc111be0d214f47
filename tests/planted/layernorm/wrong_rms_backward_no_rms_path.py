"""WRONG: rmsnorm_backward's dx = dout * gamma / rms: not differentiated through 1/rms."""
from planted.layernorm import _norm

EXPECT = "the path through 1/rms left out"


def layernorm_forward(x, gamma, beta, eps=1e-5):
    return _norm.layernorm_forward(x, gamma, beta, eps)


def layernorm_backward(dout, cache):
    return _norm.layernorm_backward(dout, cache)


def rmsnorm_forward(x, gamma, eps=1e-6):
    return _norm.rmsnorm_forward(x, gamma, eps)


def rmsnorm_backward(dout, cache):
    return _norm.rmsnorm_backward(dout, cache, through_rms=False)
