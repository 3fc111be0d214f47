"""Plain versions of the five rules with knobs, so that each planted mistake is one changed knob."""
import numpy as np


def start(config, **defaults):
    return {**defaults, **(config or {})}


def sgd(w, dw, config=None):
    config = start(config, learning_rate=1e-2)
    return w - config["learning_rate"] * dw, config


def sgd_momentum(w, dw, config=None, *, flipped=False):
    config = start(config, learning_rate=1e-2, momentum=0.9)
    v = config.get("velocity", np.zeros_like(w))
    if flipped:  # v = momentum * v + lr * dw; w - v
        v = config["momentum"] * v + config["learning_rate"] * dw
        config["velocity"] = v
        return w - v, config
    v = config["momentum"] * v - config["learning_rate"] * dw
    config["velocity"] = v
    return w + v, config


def rmsprop(w, dw, config=None, *, swapped=False, eps_inside=False):
    config = start(config, learning_rate=1e-2, decay_rate=0.99, epsilon=1e-8)
    d, cache = config["decay_rate"], config.get("cache", np.zeros_like(w))
    cache = d * dw ** 2 + (1 - d) * cache if swapped else d * cache + (1 - d) * dw ** 2
    config["cache"] = cache
    denom = np.sqrt(cache + config["epsilon"]) if eps_inside else np.sqrt(cache) + config["epsilon"]
    return w - config["learning_rate"] * dw / denom, config


def adam(w, dw, config=None, *, bias_correction=True, t_late=False, t_from_one=False, eps_inside=False,
         eps_hat=False, save_state=True, zeros=np.zeros_like):
    config = start(config, learning_rate=1e-3, beta1=0.9, beta2=0.999, epsilon=1e-8)
    b1, b2, lr, eps = config["beta1"], config["beta2"], config["learning_rate"], config["epsilon"]
    m, v = config.get("m", zeros(w)), config.get("v", zeros(w))
    t = config.get("t", 1 if t_from_one else 0)
    if not (t_late or t_from_one):
        t += 1
    m = b1 * m + (1 - b1) * dw
    v = b2 * v + (1 - b2) * dw ** 2
    with np.errstate(all="ignore"):
        if eps_hat:
            next_w = w - lr * np.sqrt(1 - b2 ** t) / (1 - b1 ** t) * m / (np.sqrt(v) + eps)
        else:
            m_hat = m / (1 - b1 ** t) if bias_correction else m
            v_hat = v / (1 - b2 ** t) if bias_correction else v
            next_w = w - lr * m_hat / (np.sqrt(v_hat + eps) if eps_inside else np.sqrt(v_hat) + eps)
    if t_late or t_from_one:
        t += 1
    if save_state:
        config.update(m=m, v=v, t=t)
    return next_w, config


def adamw(w, dw, config=None, *, decay="decoupled"):
    """AdamW over the right adam above; `decay` plants a mistake: "l2" (weight_decay * w added to dw: Adam
    with L2), "after" (the stepped w decays), "no_lr" (w - weight_decay * w)."""
    config = start(config, learning_rate=1e-3, beta1=0.9, beta2=0.999, epsilon=1e-8, weight_decay=1e-2)
    lr, wd = config["learning_rate"], config["weight_decay"]
    if decay == "l2":
        return adam(w, dw + wd * w, config)
    if decay == "after":
        next_w, config = adam(w, dw, config)
        return next_w - lr * wd * next_w, config
    decayed = w - (wd if decay == "no_lr" else lr * wd) * w
    return adam(decayed, dw, config)
