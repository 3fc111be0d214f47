"""WRONG: layernorm_backward's dgamma and dbeta in float64 accumulators (np.zeros(D)): float32 in, float64 out."""
from planted.layernorm import _norm

EXPECT = "keep the inputs' float dtype"


def layernorm_forward(x, gamma, beta, eps=1e-5):
    return _norm.layernorm_forward(x, gamma, beta, eps)


def layernorm_backward(dout, cache):
    return _norm.layernorm_backward(dout, cache, zeros_accumulator=True)


def rmsnorm_forward(x, gamma, eps=1e-6):
    return _norm.rmsnorm_forward(x, gamma, eps)


def rmsnorm_backward(dout, cache):
    return _norm.rmsnorm_backward(dout, cache)
