"""RIGHT: torch tensor arithmetic in torch.optim's own forms (Adam's step_size = lr / bias_correction1 and
denom = sqrt(v) / sqrt(bias_correction2) + eps; RMSprop's addcmul_/addcdiv_), numpy in and out."""
import math

import numpy as np
import torch


def _t(a):
    return torch.from_numpy(np.array(a))  # a copy: the caller's arrays stay as they are


def sgd(w, dw, config=None):
    config = {"learning_rate": 1e-2, **(config or {})}
    p = _t(w)
    p.add_(_t(dw), alpha=-config["learning_rate"])
    return p.numpy(), config


def sgd_momentum(w, dw, config=None):
    config = {"learning_rate": 1e-2, "momentum": 0.9, **(config or {})}
    v = _t(config["velocity"]) if "velocity" in config else torch.zeros_like(_t(w))
    v.mul_(config["momentum"]).add_(_t(dw), alpha=-config["learning_rate"])
    config["velocity"] = v.numpy()
    return (_t(w) + v).numpy(), config


def rmsprop(w, dw, config=None):
    config = {"learning_rate": 1e-2, "decay_rate": 0.99, "epsilon": 1e-8, **(config or {})}
    g, p = _t(dw), _t(w)
    sq = _t(config["cache"]) if "cache" in config else torch.zeros_like(p)
    alpha = config["decay_rate"]
    sq.mul_(alpha).addcmul_(g, g, value=1 - alpha)
    p.addcdiv_(g, sq.sqrt().add_(config["epsilon"]), value=-config["learning_rate"])
    config["cache"] = sq.numpy()
    return p.numpy(), config


def adam(w, dw, config=None):
    config = {"learning_rate": 1e-3, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8, **(config or {})}
    g, p = _t(dw), _t(w)
    m = _t(config["m"]) if "m" in config else torch.zeros_like(p)
    v = _t(config["v"]) if "v" in config else torch.zeros_like(p)
    t = config.get("t", 0) + 1
    b1, b2 = config["beta1"], config["beta2"]
    m.lerp_(g, 1 - b1)
    v.mul_(b2).addcmul_(g, g, value=1 - b2)
    bc1, bc2 = 1 - b1 ** t, 1 - b2 ** t
    denom = (v.sqrt() / math.sqrt(bc2)).add_(config["epsilon"])
    p.addcdiv_(m, denom, value=-config["learning_rate"] / bc1)
    config.update(m=m.numpy(), v=v.numpy(), t=t)
    return p.numpy(), config


def adamw(w, dw, config=None):
    config = {"learning_rate": 1e-3, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8, "weight_decay": 1e-2,
              **(config or {})}
    p = _t(w)
    p.mul_(1 - config["learning_rate"] * config["weight_decay"])  # torch.optim.AdamW's decoupled decay, first
    next_w, config = adam(p.numpy(), dw, config)
    return next_w, config
