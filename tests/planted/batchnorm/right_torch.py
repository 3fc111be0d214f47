"""RIGHT: torch tensors, the backward by autograd; new running-statistic arrays put in bn_param."""
import numpy as np
import torch


def batchnorm_forward(x, gamma, beta, bn_param):
    if bn_param["mode"] not in ("train", "test"):
        raise ValueError("mode must be 'train' or 'test'")
    eps, momentum = bn_param.get("eps", 1e-5), bn_param.get("momentum", 0.9)
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
    d = x.shape[1]
    rm = torch.as_tensor(bn_param.get("running_mean", np.zeros(d, dtype)))
    rv = torch.as_tensor(bn_param.get("running_var", np.zeros(d, dtype)))
    xt = torch.tensor(x, dtype=getattr(torch, dtype.name), requires_grad=True)
    g = torch.tensor(gamma, requires_grad=True)
    b = torch.tensor(beta, requires_grad=True)
    if bn_param["mode"] == "test":
        out = g * (xt - rm) / torch.sqrt(rv + eps) + b
        return out.detach().numpy(), None
    mean, var = xt.mean(0), xt.var(0, unbiased=False)
    out = g * (xt - mean) / torch.sqrt(var + eps) + b
    bn_param["running_mean"] = (momentum * rm + (1 - momentum) * mean.detach()).numpy()
    bn_param["running_var"] = (momentum * rv + (1 - momentum) * var.detach()).numpy()
    return out.detach().numpy().copy(), (out, xt, g, b)


def batchnorm_backward(dout, cache):
    out, xt, g, b = cache
    grads = torch.autograd.grad(out, (xt, g, b), torch.from_numpy(np.ascontiguousarray(dout)))
    return tuple(t.numpy() for t in grads)
