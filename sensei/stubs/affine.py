"""Kata: a fully connected (affine) layer. Read katas/affine/README.md, then fill in the functions.

Grade yourself with:  pytest katas/affine
"""
import numpy as np


def affine_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, object]:
    """out = x_flat @ w + b.

    x: [N, d1, ..., dk]; each example is flattened to a row of D = d1 * ... * dk, so x_flat is [N, D].
    w: [D, M]; b: [M]. Returns (out [N, M], cache): the cache holds whatever affine_backward needs.
    Float dtype kept (float32 in, float32 out). Inputs are never modified.
    """
    raise NotImplementedError


def affine_backward(dout: np.ndarray, cache: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of affine_forward's output.

    dout: [N, M], the upstream gradient; cache: what affine_forward returned.
    Returns (dx, dw, db): dx has x's shape [N, d1, ..., dk], dw is [D, M], db is [M].
    """
    raise NotImplementedError
