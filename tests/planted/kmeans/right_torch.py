"""RIGHT: torch tensors in float64 whatever x's dtype (cast back at the end), distances from the
differences, torch.argmin (first minimum); k-means++ with all its uniforms drawn at once (rng.random(k))."""
import numpy as np
import torch


def kmeans(x, init, max_iter=100, tol=0.0):
    x, init = np.asarray(x), np.asarray(init)
    if x.ndim != 2 or init.ndim != 2 or x.shape[1] != init.shape[1] or not len(x) or not len(init):
        raise ValueError("bad shapes")
    if max_iter < 1 or tol < 0:
        raise ValueError("bad max_iter or tol")
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
    X = torch.from_numpy(x.astype(np.float64))
    C = torch.from_numpy(init.astype(np.float64))
    k = C.shape[0]

    def assign(C):
        return ((X[:, None, :] - C[None, :, :]) ** 2).sum(-1).argmin(dim=1)

    for n_iter in range(1, max_iter + 1):
        labels = assign(C)
        onehot = torch.nn.functional.one_hot(labels, k).to(X.dtype)  # [N, K]
        counts = onehot.sum(0)
        means = (onehot.T @ X) / counts.clamp(min=1)[:, None]
        new = torch.where(counts[:, None] > 0, means, C)
        shift = float(((new - C) ** 2).sum())
        C = new
        if shift <= tol:
            break
    labels = assign(C)
    return C.numpy().astype(dtype), labels.numpy().astype(np.int64), n_iter


def kmeans_plusplus_init(x, k, rng):
    x = np.asarray(x)
    n = len(x)
    if not 1 <= k <= n:
        raise ValueError("k must be between 1 and N")
    u = rng.random(k)
    xf = x.astype(np.float64)
    idx = [min(int(u[0] * n), n - 1)]
    d2 = ((xf - xf[idx[0]]) ** 2).sum(1)
    for j in range(1, k):
        cdf = np.cumsum(d2)
        if cdf[-1] == 0:
            raise ValueError("fewer than k distinct rows")
        i = int(np.searchsorted(cdf, u[j] * cdf[-1], side="right"))
        idx.append(i)
        d2 = np.minimum(d2, ((xf - xf[i]) ** 2).sum(1))
    idx = np.array(idx, dtype=np.int64)
    return x[idx], idx
