"""WRONG: rmsprop returns a new config holding only the state: a custom learning rate is lost after the
first step (the next step falls back to the default)."""
import numpy as np

from planted.optimizers._rules import adam, adamw, sgd, sgd_momentum  # noqa: F401

EXPECT = 'the returned config lost the hyperparameters'


def rmsprop(w, dw, config=None):
    config = config or {}
    lr, d, eps = config.get("learning_rate", 1e-2), config.get("decay_rate", 0.99), config.get("epsilon", 1e-8)
    cache = d * config.get("cache", np.zeros_like(w)) + (1 - d) * dw ** 2
    return w - lr * dw / (np.sqrt(cache) + eps), {"cache": cache}
