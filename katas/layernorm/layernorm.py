"""Kata: LayerNorm and RMSNorm. Read katas/layernorm/README.md, then fill in the functions.

Grade yourself with:  pytest katas/layernorm
"""
import numpy as np


def layernorm_forward(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray,
                      eps: float = 1e-5) -> tuple[np.ndarray, object]:
    """Layer normalisation of x [..., D] over its LAST axis; gamma [D] scales and beta [D] shifts.

    For each row (every index of the leading axes, which may be none, or have size 0):
        out = gamma * (x - mean) / sqrt(var + eps) + beta
    with the row's mean and BIASED variance (divide by D), eps inside the square root.
    Returns (out [..., D] in x's float dtype, cache for layernorm_backward).
    Raises ValueError for a 0-d x, D = 0, or gamma / beta not of shape [D] (a [1] gamma too).
    """
    raise NotImplementedError


def layernorm_backward(dout: np.ndarray, cache: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of layernorm_forward: (dx [..., D] like x, dgamma [D], dbeta [D]).

    dgamma and dbeta sum over ALL the leading axes; every gradient is in x's float dtype.
    """
    raise NotImplementedError


def rmsnorm_forward(x: np.ndarray, gamma: np.ndarray, eps: float = 1e-6) -> tuple[np.ndarray, object]:
    """RMS normalisation (T5, LLaMA) of x [..., D] over its LAST axis; gamma [D] scales.

        out = gamma * x / sqrt(mean(x**2) + eps)      (no mean subtracted, no beta)
    Returns (out [..., D] in x's float dtype, cache for rmsnorm_backward).
    Raises ValueError for a 0-d x, D = 0, or gamma not of shape [D].
    """
    raise NotImplementedError


def rmsnorm_backward(dout: np.ndarray, cache: object) -> tuple[np.ndarray, np.ndarray]:
    """Gradients of rmsnorm_forward: (dx [..., D] like x, dgamma [D] summed over ALL leading axes)."""
    raise NotImplementedError
