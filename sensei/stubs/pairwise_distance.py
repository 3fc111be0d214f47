"""Kata: pairwise Euclidean distances. Read katas/pairwise_distance/README.md, then fill in the function.

Grade yourself with:  pytest katas/pairwise_distance
"""
import numpy as np


def pairwise_distances(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Euclidean distance between every row of X and every row of Y.

    X: [N, D], Y: [M, D]. Returns [N, M] with out[i, j] = |X[i] - Y[j]|, never NaN.
    N or M may be 0. Float inputs keep their dtype; integer inputs give float64.
    Vectorised: no Python loop over rows.
    """
    raise NotImplementedError
