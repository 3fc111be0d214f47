"""Kata: batch normalisation. Read katas/batchnorm/README.md, then fill in the functions.

Grade yourself with:  pytest katas/batchnorm
"""
import numpy as np


def batchnorm_forward(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, bn_param: dict) -> tuple[np.ndarray, object]:
    """Batch normalisation of x [N, D] per feature; gamma [D] scales and beta [D] shifts.

    bn_param: "mode" ("train" or "test", required; another value raises ValueError, a missing one
    KeyError or ValueError), "eps" (default 1e-5), "momentum" (default 0.9), "running_mean" and
    "running_var" ([D], default zeros).
    train: normalise with the batch mean and the BIASED batch variance, then update in bn_param
           running = momentum * running + (1 - momentum) * batch statistic.
    test:  normalise with the running statistics.
    Returns (out [N, D] in x's float dtype, cache for batchnorm_backward).
    """
    raise NotImplementedError


def batchnorm_backward(dout: np.ndarray, cache: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of the train-mode forward: (dx [N, D], dgamma [D], dbeta [D])."""
    raise NotImplementedError
