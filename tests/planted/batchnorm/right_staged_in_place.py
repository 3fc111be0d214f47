"""RIGHT: CS231n's staged computational graph, backward node by node; running statistics
updated in place (np.multiply(..., out=...)) when bn_param already holds them."""
import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param.get("mode")
    if mode not in ("train", "test"):
        raise ValueError(f"unknown mode {mode!r}")
    eps, momentum = bn_param.get("eps", 1e-5), bn_param.get("momentum", 0.9)
    n, d = x.shape
    dt = x.dtype if np.issubdtype(x.dtype, np.floating) else np.float64
    bn_param.setdefault("running_mean", np.zeros(d, dtype=dt))
    bn_param.setdefault("running_var", np.zeros(d, dtype=dt))
    rm, rv = bn_param["running_mean"], bn_param["running_var"]
    if mode == "test":
        out = (x - rm) / np.sqrt(rv + eps) * gamma + beta
        return out.astype(dt), None
    mu = np.sum(x, axis=0) / n
    xmu = x - mu
    sq = xmu ** 2
    var = np.sum(sq, axis=0) / n
    sqrtvar = np.sqrt(var + eps)
    ivar = 1.0 / sqrtvar
    xhat = xmu * ivar
    out = gamma * xhat + beta
    np.multiply(rm, momentum, out=rm, casting="unsafe")
    rm += (1 - momentum) * mu
    np.multiply(rv, momentum, out=rv, casting="unsafe")
    rv += (1 - momentum) * var
    return out.astype(dt), (xhat, gamma, xmu, ivar, sqrtvar, var, eps)


def batchnorm_backward(dout, cache):
    xhat, gamma, xmu, ivar, sqrtvar, var, eps = cache
    n = dout.shape[0]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * xhat, axis=0)
    dxhat = dout * gamma
    divar = np.sum(dxhat * xmu, axis=0)
    dxmu1 = dxhat * ivar
    dsqrtvar = -1.0 / sqrtvar ** 2 * divar
    dvar = 0.5 / np.sqrt(var + eps) * dsqrtvar
    dsq = np.ones_like(dout) / n * dvar
    dxmu2 = 2 * xmu * dsq
    dx1 = dxmu1 + dxmu2
    dmu = -np.sum(dx1, axis=0)
    dx2 = np.ones_like(dout) / n * dmu
    return dx1 + dx2, dgamma, dbeta
