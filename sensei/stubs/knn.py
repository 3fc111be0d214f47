"""Kata: k-nearest-neighbour classification. Read katas/knn/README.md, then fill in the function.

Grade yourself with:  pytest katas/knn
"""
import numpy as np


def knn_predict(train_x: np.ndarray, train_y: np.ndarray, test_x: np.ndarray, k: int = 1) -> np.ndarray:
    """Predict a label for each test row by a vote of its k nearest training rows.

    train_x: [N, D] points.  train_y: [N] integer labels (negative ones too).  test_x: [M, D].
    Nearest: smallest Euclidean distance; equal distances, the LOWER training index first
    (this decides who is in when the k-th and (k+1)-th distances tie).
    Vote: the most frequent label among the k; equal counts, the SMALLEST of the tied labels.
    Returns [M] int64 labels (M = 0 gives an empty int64 array).
    Raises ValueError when k < 1 or k > N, train_x or test_x is not 2-D, their D differ,
    or len(train_y) != N.
    """
    raise NotImplementedError
