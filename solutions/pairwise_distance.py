"""Reference solution for the pairwise_distance kata: all Euclidean distances, vectorised."""
from __future__ import annotations

import numpy as np


def pairwise_distances(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Euclidean distances between the rows of X [N, D] and of Y [M, D]: an [N, M] array."""
    X, Y = np.asarray(X), np.asarray(Y)
    dtype = np.result_type(X, Y)
    if dtype.kind != "f":  # integer inputs give float64
        dtype = np.dtype(np.float64)
    X, Y = X.astype(dtype, copy=False), Y.astype(dtype, copy=False)
    # |x - y|^2 = |x|^2 - 2 x.y + |y|^2: one matrix product instead of an [N, M, D] difference.
    # The [N, M] array is updated in place: at N = M = 1000 every temporary of that size costs
    # about as much as the product itself.
    sq = X @ (-2 * Y.T)                       # [N, M]
    sq += (X * X).sum(axis=1)[:, None]        # |x|^2 down the rows    [N, 1]
    sq += (Y * Y).sum(axis=1)[None, :]        # |y|^2 across the columns [1, M]
    # Round-off can make a squared distance slightly negative (x close to y, far from 0):
    # clamp at 0, or sqrt gives NaN.
    np.maximum(sq, 0, out=sq)
    return np.sqrt(sq, out=sq)
