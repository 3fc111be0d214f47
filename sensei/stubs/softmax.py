"""Kata: softmax and log-softmax. Read katas/softmax/README.md, then fill in the functions.

Grade yourself with:  pytest katas/softmax
"""
import numpy as np


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """exp(x) / sum(exp(x)) along `axis`, for x of any shape.

    Same shape as x; float dtype kept (integers give float64); every slice along `axis` sums to 1.
    Stable for |x| up to 1e4; -inf entries get probability 0.
    """
    raise NotImplementedError


def log_softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """log(softmax(x)) along `axis`, stable: finite wherever x is finite."""
    raise NotImplementedError
