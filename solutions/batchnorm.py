"""Reference solution for the batchnorm kata: batch normalisation, forward and backward."""
from __future__ import annotations

import numpy as np


def batchnorm_forward(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray,
                      bn_param: dict) -> tuple[np.ndarray, tuple | None]:
    """out = gamma * x_hat + beta, x_hat normalised per feature; updates bn_param in train mode."""
    mode = bn_param["mode"]
    if mode not in ("train", "test"):
        raise ValueError(f"bn_param['mode'] must be 'train' or 'test', not {mode!r}")
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    dtype = x.dtype if x.dtype.kind == "f" else np.float64  # integer x gives float64
    d = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(d, dtype=dtype))
    running_var = bn_param.get("running_var", np.zeros(d, dtype=dtype))

    if mode == "test":
        # Fold the per-feature constants into one scale and shift [D]: two passes over x.
        scale = gamma / np.sqrt(running_var + eps)
        out = x * scale + (beta - running_mean * scale)
        return out.astype(dtype, copy=False), None

    n = x.shape[0]
    mu = x.mean(axis=0)  # [D]
    xc = x - mu  # [N, D]
    # Biased variance (divide by N), from the centred x: E[x^2] - E[x]^2 would cancel
    # catastrophically when the mean is large against the spread. einsum sums xc * xc per
    # column without building the [N, D] square.
    var = np.einsum("ij,ij->j", xc, xc) / n  # [D]
    inv_std = 1.0 / np.sqrt(var + eps)  # eps inside the root: finite for a constant feature
    # gamma * (xc * inv_std) + beta, with the per-feature factors folded first: two passes over [N, D].
    out = xc * (gamma * inv_std)
    out += beta
    # CS231n's momentum weighs the OLD value (torch's momentum=0.1 is this 0.9).
    bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * mu
    bn_param["running_var"] = momentum * running_var + (1 - momentum) * var
    return out.astype(dtype, copy=False), (xc, gamma, inv_std)


def batchnorm_backward(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of the train-mode forward: dx [N, D], dgamma [D], dbeta [D]."""
    xc, gamma, inv_std = cache
    n = dout.shape[0]
    x_hat = xc * inv_std  # [N, D]
    dbeta = dout.sum(axis=0)  # [D]
    dgamma = np.einsum("ij,ij->j", dout, x_hat)  # [D], sum over N of dout * x_hat
    # The three paths into x (directly, through the mean, through the variance), simplified with
    # dx_hat = dout * gamma: dx = gamma / (N std) * (N dout - sum(dout) - x_hat * sum(dout * x_hat)).
    dx = dout * n
    dx -= dbeta
    x_hat *= dgamma
    dx -= x_hat
    dx *= gamma * (inv_std / n)
    return dx, dgamma, dbeta
