"""Reference solution for the optimizers kata: SGD, SGD with momentum, RMSprop and Adam.

Each rule is `rule(w, dw, config=None) -> (next_w, config)`: the hyperparameters and the rule's
state live in `config`, which the caller passes back at the next step (one config per parameter).
"""
from __future__ import annotations

import numpy as np


def _with_defaults(config: dict | None, **defaults) -> dict:
    # A new dict: the caller's is left alone (updating it in place is allowed too).
    return {**defaults, **(config or {})}


def sgd(w: np.ndarray, dw: np.ndarray, config: dict | None = None) -> tuple[np.ndarray, dict]:
    """Vanilla SGD: w - learning_rate * dw."""
    config = _with_defaults(config, learning_rate=1e-2)
    return w - config["learning_rate"] * dw, config


def sgd_momentum(w: np.ndarray, dw: np.ndarray, config: dict | None = None) -> tuple[np.ndarray, dict]:
    """SGD with momentum: v = momentum * v - learning_rate * dw; w + v. State: velocity."""
    config = _with_defaults(config, learning_rate=1e-2, momentum=0.9)
    v = config.get("velocity")
    v = np.zeros_like(w) if v is None else v
    v = config["momentum"] * v - config["learning_rate"] * dw
    config["velocity"] = v
    return w + v, config


def rmsprop(w: np.ndarray, dw: np.ndarray, config: dict | None = None) -> tuple[np.ndarray, dict]:
    """RMSprop: a running mean of dw^2 scales each coordinate's step. State: cache."""
    config = _with_defaults(config, learning_rate=1e-2, decay_rate=0.99, epsilon=1e-8)
    cache = config.get("cache")
    cache = np.zeros_like(w) if cache is None else cache
    # decay_rate weighs the OLD cache, as torch's alpha does.
    cache = config["decay_rate"] * cache + (1 - config["decay_rate"]) * dw * dw
    config["cache"] = cache
    # epsilon after the square root (as torch.optim.RMSprop): a zero gradient gives a zero step.
    return w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"]), config


def adam(w: np.ndarray, dw: np.ndarray, config: dict | None = None) -> tuple[np.ndarray, dict]:
    """Adam with bias correction. State: m, v (moment estimates) and t (steps taken)."""
    config = _with_defaults(config, learning_rate=1e-3, beta1=0.9, beta2=0.999, epsilon=1e-8)
    m = config.get("m")
    v = config.get("v")
    m = np.zeros_like(w) if m is None else m
    v = np.zeros_like(w) if v is None else v
    t = config.get("t", 0) + 1  # t counts the steps taken, this one included: 1 at the first step
    beta1, beta2 = config["beta1"], config["beta2"]
    m = beta1 * m + (1 - beta1) * dw
    v = beta2 * v + (1 - beta2) * dw * dw
    config.update(m=m, v=v, t=t)
    # m and v start at 0 and so are biased towards 0 in the first steps: divide it out.
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    return w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"]), config


def adamw(w: np.ndarray, dw: np.ndarray, config: dict | None = None) -> tuple[np.ndarray, dict]:
    """AdamW (Adam with decoupled weight decay), as torch.optim.AdamW. State: m, v, t, as adam's."""
    config = _with_defaults(config, learning_rate=1e-3, beta1=0.9, beta2=0.999, epsilon=1e-8, weight_decay=1e-2)
    # Adam's step on dw alone: the decay never enters m and v (an L2 term added to dw would be
    # divided by sqrt(v_hat) like the rest, so heavily-updated weights would hardly decay).
    next_w, config = adam(w, dw, config)
    # Then w shrinks by learning_rate * weight_decay of ITSELF, the w before the step (torch: p *= 1 - lr * wd
    # first): the same as decaying first, then stepping.
    return next_w - config["learning_rate"] * config["weight_decay"] * w, config
