"""BANNED (a correct solution that uses what its kata bans, so it fails with the one banned line): torch tensors with the formulas written out (no torch norm layer), the backward by autograd."""
import numpy as np
import torch


def _tensors(x, *params):
    if x.ndim == 0 or x.shape[-1] == 0:
        raise ValueError("x needs a feature axis of size D > 0")
    if any(np.shape(p) != (x.shape[-1],) for p in params):
        raise ValueError("gamma and beta must have shape [D]")
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
    return [torch.tensor(np.asarray(v, dtype), requires_grad=True) for v in (x, *params)]


def layernorm_forward(x, gamma, beta, eps=1e-5):
    xt, g, b = _tensors(x, gamma, beta)
    mean = xt.mean(-1, keepdim=True)
    var = xt.var(-1, unbiased=False, keepdim=True)
    out = g * (xt - mean) / torch.sqrt(var + eps) + b
    return out.detach().numpy().copy(), (out, xt, g, b)


def _grads(dout, cache):
    out, *inputs = cache
    grads = torch.autograd.grad(out, inputs, torch.from_numpy(np.ascontiguousarray(dout)), allow_unused=True)
    # An empty x leaves gamma unused: its gradient is zeros.
    return tuple((torch.zeros_like(t) if g is None else g).numpy() for g, t in zip(grads, inputs))


def layernorm_backward(dout, cache):
    return _grads(dout, cache)


def rmsnorm_forward(x, gamma, eps=1e-6):
    xt, g = _tensors(x, gamma)
    out = g * xt * torch.rsqrt((xt * xt).mean(-1, keepdim=True) + eps)
    return out.detach().numpy().copy(), (out, xt, g)


def rmsnorm_backward(dout, cache):
    return _grads(dout, cache)
