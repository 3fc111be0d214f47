"""WRONG: the unbiased variance (ddof=1, torch.var's default) in layernorm_forward."""
from planted.layernorm import _norm

EXPECT = "the unbiased variance"


def layernorm_forward(x, gamma, beta, eps=1e-5):
    return _norm.layernorm_forward(x, gamma, beta, eps, ddof=1)


def layernorm_backward(dout, cache):
    return _norm.layernorm_backward(dout, cache)


def rmsnorm_forward(x, gamma, eps=1e-6):
    return _norm.rmsnorm_forward(x, gamma, eps)


def rmsnorm_backward(dout, cache):
    return _norm.rmsnorm_backward(dout, cache)
