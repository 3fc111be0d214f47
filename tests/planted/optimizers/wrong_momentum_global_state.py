"""WRONG: momentum keeps its velocity in a module-level variable instead of the config."""
import numpy as np

from planted.optimizers._rules import adam, adamw, rmsprop, sgd  # noqa: F401

EXPECT = "it keeps state outside config"
_velocity = None


def sgd_momentum(w, dw, config=None):
    global _velocity
    config = {"learning_rate": 1e-2, "momentum": 0.9, **(config or {})}
    if _velocity is None or _velocity.shape != w.shape:
        _velocity = config.get("velocity", np.zeros_like(w))
    _velocity = config["momentum"] * _velocity - config["learning_rate"] * dw
    config["velocity"] = _velocity
    return w + _velocity, config
