"""Reference solution for the kmeans kata: Lloyd's algorithm and k-means++ seeding."""
from __future__ import annotations

import numpy as np


def _nearest(x: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    """The index of each row's nearest centroid (int64, [N]); equal distances: the lowest index."""
    # |x - c|^2 = |x|^2 - 2 x.c + |c|^2, and |x|^2 is the same for every centroid of a row, so
    # |c|^2 - 2 x.c ranks them alike: one matrix product. argmin returns the FIRST minimum.
    scores = (centroids * centroids).sum(axis=1) - 2.0 * (x @ centroids.T)  # [N, K]
    return np.argmin(scores, axis=1).astype(np.int64)


def kmeans(x: np.ndarray, init: np.ndarray, max_iter: int = 100,
           tol: float = 0.0) -> tuple[np.ndarray, np.ndarray, int]:
    """Lloyd's algorithm from `init`: (centroids [K, D], labels [N] int64, n_iter)."""
    x, init = np.asarray(x), np.asarray(init)
    if x.ndim != 2 or init.ndim != 2:
        raise ValueError(f"x and init must be 2-D, got shapes {x.shape} and {init.shape}")
    if x.shape[1] != init.shape[1]:
        raise ValueError(f"x has D = {x.shape[1]} features, init has {init.shape[1]}")
    if len(x) == 0 or len(init) == 0:
        raise ValueError(f"need at least one point and one centroid, got N = {len(x)}, K = {len(init)}")
    if max_iter < 1:
        raise ValueError(f"max_iter must be at least 1, got {max_iter}")
    if tol < 0:
        raise ValueError(f"tol must be >= 0, got {tol}")

    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
    x = x.astype(dtype, copy=False)
    centroids = init.astype(dtype)  # a copy: the caller's init is never written to
    k = len(centroids)
    for n_iter in range(1, max_iter + 1):
        labels = _nearest(x, centroids)
        members = labels == np.arange(k)[:, None]                  # [K, N] one-hot
        counts = members.sum(axis=1)                               # [K]
        sums = members.astype(dtype) @ x                           # [K, D], far faster than np.add.at
        # An empty cluster keeps its centroid: its mean would be 0/0 = NaN, and NaN spreads.
        new = np.where(counts[:, None] > 0, sums / np.maximum(counts, 1)[:, None].astype(dtype), centroids)
        shift = float(((new - centroids) ** 2).sum())              # sum of SQUARED moves
        centroids = new
        if shift <= tol:                                           # equality stops: tol = 0 converges
            break
    if shift > 0:
        # These labels were computed for the centroids before the last move: assign again, so
        # that they belong to the centroids returned.
        labels = _nearest(x, centroids)
    return centroids, labels, n_iter


def kmeans_plusplus_init(x: np.ndarray, k: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """k-means++ seeding: (centroids = x[indices] [k, D], indices [k] int64)."""
    x = np.asarray(x)
    if x.ndim != 2:
        raise ValueError(f"x must be 2-D, got shape {x.shape}")
    n = len(x)
    if not 1 <= k <= n:
        raise ValueError(f"k must be between 1 and N = {n}, got {k}")
    xf = x.astype(np.float64)
    indices = [int(rng.integers(n))]
    # D(i)^2 to the NEAREST chosen centroid, updated with each new one (a running minimum).
    d2 = ((xf - xf[indices[0]]) ** 2).sum(axis=1)
    for _ in range(1, k):
        cumulative = np.cumsum(d2)
        total = cumulative[-1]
        if total <= 0:
            raise ValueError(f"x has fewer than k = {k} distinct rows")
        # Draw i with probability d2[i] / total (what rng.choice(n, p=d2 / total) does, without its
        # checks): the first i whose cumulative weight exceeds a uniform point of [0, total). Chosen
        # points and their duplicates have D = 0: their cumulative weight equals the previous one,
        # so they can never be drawn again.
        i = min(int(np.searchsorted(cumulative, rng.random() * total, side="right")), int(np.flatnonzero(d2)[-1]))
        indices.append(i)
        np.minimum(d2, ((xf - xf[i]) ** 2).sum(axis=1), out=d2)
    indices = np.array(indices, dtype=np.int64)
    return x[indices], indices
