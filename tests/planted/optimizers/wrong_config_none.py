"""WRONG: CS231n's `if config is None: config = {}` forgotten: setdefault() on None raises."""
import numpy as np

from planted.optimizers._rules import adam, adamw, rmsprop, sgd  # noqa: F401

EXPECT = "config may be None"


def sgd_momentum(w, dw, config=None):
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))
    v = config["momentum"] * v - config["learning_rate"] * dw
    config["velocity"] = v
    return w + v, config
