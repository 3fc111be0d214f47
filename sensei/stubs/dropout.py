"""Kata: inverted dropout. Read katas/dropout/README.md, then fill in the functions.

Grade yourself with:  pytest katas/dropout
"""
import numpy as np


def dropout_forward(x: np.ndarray, dropout_param: dict) -> tuple[np.ndarray, object]:
    """Inverted dropout on x of any shape.

    dropout_param: "p", the probability of KEEPING a unit (0 < p <= 1, else ValueError);
    "mode", "train" or "test" (else ValueError); optional "seed" (same seed, same mask).
    train: each unit is kept with probability p and divided by p; the others are 0.
    test:  out equals x.
    Returns (out, cache): out has x's shape and float dtype (integer x gives float64).
    """
    raise NotImplementedError


def dropout_backward(dout: np.ndarray, cache: object) -> np.ndarray:
    """dx through the forward's own mask (test mode: dx equals dout)."""
    raise NotImplementedError
