"""WRONG: sgd updates w in place (w -= lr * dw) and returns it: the caller's array changes."""
from planted.optimizers._rules import adam, adamw, rmsprop, sgd_momentum  # noqa: F401

EXPECT = "modified its input `w` in place"


def sgd(w, dw, config=None):
    config = config if config is not None else {}
    config.setdefault("learning_rate", 1e-2)
    w -= config["learning_rate"] * dw
    return w, config
