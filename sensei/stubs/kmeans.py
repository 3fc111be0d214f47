"""Kata: k-means (Lloyd's algorithm) and k-means++ seeding. Read katas/kmeans/README.md, then fill in the functions.

Grade yourself with:  pytest katas/kmeans
"""
import numpy as np


def kmeans(x: np.ndarray, init: np.ndarray, max_iter: int = 100,
           tol: float = 0.0) -> tuple[np.ndarray, np.ndarray, int]:
    """Lloyd's algorithm from the given centroids.

    x: [N, D] points; init: [K, D] starting centroids (never modified). One iteration:
    (1) assign each point to its nearest centroid (Euclidean; equal distances: the LOWEST index);
    (2) move each centroid to the mean of its points (a centroid with no point stays where it is);
    (3) stop if shift = sum over k of ||new_k - old_k||^2 <= tol (equality stops), for at most
    max_iter iterations.
    Returns (centroids [K, D] in x's float dtype (integer x: float64), labels [N] int64: the
    assignment to the RETURNED centroids, n_iter: the number of iterations run, 1 <= n_iter <= max_iter).
    ValueError: x or init not 2-D, different D, N = 0 or K = 0, max_iter < 1, tol < 0.
    """
    raise NotImplementedError


def kmeans_plusplus_init(x: np.ndarray, k: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """k-means++ seeding (Arthur and Vassilvitskii 2007).

    x: [N, D]. The first index is uniform over the N rows; each next index i is drawn with
    probability D(i)^2 / sum_j D(j)^2, D = the distance to the NEAREST centroid chosen so far.
    All randomness comes from rng. Returns (centroids = x[indices] [k, D], indices [k] int64).
    ValueError: k < 1, k > N, fewer than k distinct rows (sum of D^2 is 0 at a step).
    """
    raise NotImplementedError
