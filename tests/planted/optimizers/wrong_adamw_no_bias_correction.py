"""WRONG: AdamW with the decay right but Adam's step without bias correction (an adam mistake, made again in
adamw): the grader names Adam's mistake in adamw too."""
import numpy as np

from planted.optimizers._rules import adam, rmsprop, sgd, sgd_momentum  # noqa: F401

EXPECT = "Adam WITHOUT bias correction"


def adamw(w, dw, config=None):
    config = {"learning_rate": 1e-3, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8, "weight_decay": 1e-2,
              **(config or {})}
    lr, b1, b2 = config["learning_rate"], config["beta1"], config["beta2"]
    m = b1 * config.get("m", np.zeros_like(w)) + (1 - b1) * dw
    v = b2 * config.get("v", np.zeros_like(w)) + (1 - b2) * dw * dw
    config.update(m=m, v=v, t=config.get("t", 0) + 1)
    w = w - lr * config["weight_decay"] * w
    return w - lr * m / (np.sqrt(v) + config["epsilon"]), config
