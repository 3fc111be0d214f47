"""BANNED at run time: scipy's softmax reached by a name the syntax tree cannot see, and the error
caught by the learner's own `except`: the worker still reports the banned call."""
import numpy as np


def softmax(x, axis=-1):
    special = __import__("scipy.special", fromlist=["special"])
    try:
        return getattr(special, "soft" + "max")(x, axis=axis)
    except Exception:  # noqa: BLE001 - the ban must not be hidden by this
        x = np.asarray(x, dtype=float)
        e = np.exp(x - x.max(axis=axis, keepdims=True))
        return e / e.sum(axis=axis, keepdims=True)


def log_softmax(x, axis=-1):
    return np.log(softmax(x, axis))
