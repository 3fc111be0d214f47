"""A correct batch norm with knobs, so each planted mistake is one changed knob."""
import numpy as np


def forward(x, gamma, beta, bn_param, *, ddof=0, running_ddof=0, torch_momentum=False, eps_outside=False,
            test_with_batch=False, update=True, one_pass=False, zeros_dtype=None, check_mode=True):
    mode = bn_param["mode"]
    if check_mode and mode not in ("train", "test"):
        raise ValueError(mode)
    eps, momentum = bn_param.get("eps", 1e-5), bn_param.get("momentum", 0.9)
    dtype = x.dtype if x.dtype.kind == "f" else np.float64
    zeros = np.zeros(x.shape[1], dtype=zeros_dtype or dtype)
    rm, rv = bn_param.get("running_mean", zeros), bn_param.get("running_var", zeros)
    if mode == "train" or test_with_batch:
        mu = x.mean(axis=0)
        var = (x ** 2).mean(axis=0) - mu ** 2 if one_pass else x.var(axis=0, ddof=ddof)
        if mode == "train" and update:
            keep = 1 - momentum if torch_momentum else momentum
            bn_param["running_mean"] = keep * rm + (1 - keep) * mu
            bn_param["running_var"] = keep * rv + (1 - keep) * x.var(axis=0, ddof=running_ddof)
    else:
        mu, var = rm, rv
    std = np.sqrt(var) + eps if eps_outside else np.sqrt(var + eps)
    x_hat = (x - mu) / std
    out = gamma * x_hat + beta
    out = out if zeros_dtype else out.astype(dtype, copy=False)
    return out, (x_hat, gamma, std)


def backward(dout, cache, *, mean_var_paths=True, axis=0):
    x_hat, gamma, std = cache
    n = dout.shape[0]
    dx_hat = dout * gamma
    if mean_var_paths:
        dx = (n * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0)) / (n * std)
    else:
        dx = dx_hat / std
    return dx, (dout * x_hat).sum(axis=axis), dout.sum(axis=axis)
