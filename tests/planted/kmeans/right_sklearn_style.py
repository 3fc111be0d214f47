"""RIGHT: scikit-learn's loop structure: stop at once when the labels repeat (strict convergence), else
when the squared shift is <= tol, and assign again only when the stop was not strict; cluster sums by
np.add.at; k-means++ drawing with rng.choice over a [N, chosen] distance matrix."""
import numpy as np


def kmeans(x, init, max_iter=100, tol=0.0):
    x, init = np.asarray(x), np.asarray(init)
    if x.ndim != 2 or init.ndim != 2 or x.shape[1] != init.shape[1] or not len(x) or not len(init):
        raise ValueError("bad shapes")
    if max_iter < 1 or tol < 0:
        raise ValueError("bad max_iter or tol")
    x = x.astype(x.dtype if x.dtype.kind == "f" else np.float64)
    centers = init.astype(x.dtype)
    k = len(centers)
    labels_old = np.full(len(x), -1)
    strict = False
    for i in range(max_iter):
        d = (x ** 2).sum(1)[:, None] - 2 * x @ centers.T + (centers ** 2).sum(1)[None, :]
        labels = d.argmin(axis=1)
        sums = np.zeros_like(centers)
        np.add.at(sums, labels, x)
        counts = np.bincount(labels, minlength=k)
        new = centers.copy()
        filled = counts > 0
        new[filled] = sums[filled] / counts[filled, None]
        shift = ((new - centers) ** 2).sum()
        centers = new
        if np.array_equal(labels, labels_old):
            strict = True
            break
        if shift <= tol:
            break
        labels_old = labels
    if not strict:
        d = (x ** 2).sum(1)[:, None] - 2 * x @ centers.T + (centers ** 2).sum(1)[None, :]
        labels = d.argmin(axis=1)
    return centers, labels.astype(np.int64), i + 1


def kmeans_plusplus_init(x, k, rng):
    x = np.asarray(x)
    n = len(x)
    if not 1 <= k <= n:
        raise ValueError("k must be between 1 and N")
    xf = x.astype(np.float64)
    idx = [rng.choice(n)]
    for _ in range(k - 1):
        d2 = ((xf[:, None, :] - xf[idx][None, :, :]) ** 2).sum(-1).min(axis=1)
        if d2.sum() == 0:
            raise ValueError("fewer than k distinct rows")
        idx.append(rng.choice(n, p=d2 / d2.sum()))
    idx = np.array(idx, dtype=np.int64)
    return x[idx], idx
