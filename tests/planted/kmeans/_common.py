"""A plain Lloyd loop and a k-means++ seeding with knobs, so each planted mistake is one changed knob."""
import numpy as np


def check(x, init, max_iter, tol):
    x, init = np.asarray(x), np.asarray(init)
    if x.ndim != 2 or init.ndim != 2 or x.shape[1] != init.shape[1] or not len(x) or not len(init):
        raise ValueError("bad shapes")
    if max_iter < 1 or tol < 0:
        raise ValueError("bad max_iter or tol")
    dtype = x.dtype if x.dtype.kind == "f" else np.float64
    return x.astype(dtype), init


def nearest(x, c, ties="low"):
    d = ((x[:, None, :] - c[None, :, :]) ** 2).sum(axis=2)
    if ties == "high":
        return len(c) - 1 - np.argmin(d[:, ::-1], axis=1)
    return np.argmin(d, axis=1)


def lloyd(x, init, max_iter=100, tol=0.0, *, ties="low", empty="keep", measure="squared", strict=False,
          labels_rule=False, relabel=True, zero_based=False, in_place=False):
    x, init = check(x, init, max_iter, tol)
    c = np.asarray(init, dtype=x.dtype) if in_place else init.astype(x.dtype)
    previous = None
    for it in range(max_iter):
        labels = nearest(x, c, ties)
        old = c.copy()
        for j in range(len(c)):
            members = x[labels == j]
            if len(members):
                c[j] = members.mean(axis=0)
            elif empty == "nan":
                c[j] = members.mean(axis=0)  # Mean of empty slice: NaN
            elif empty == "init":
                c[j] = init[j]
            elif empty == "zero":
                c[j] = 0
            elif empty == "random":
                c[j] = x[np.random.default_rng(it).integers(len(x))]
        moves = ((c - old) ** 2).sum(axis=1)
        shift = np.sqrt(moves.sum()) if measure == "norm" else moves.sum()
        if labels_rule:
            done = previous is not None and np.array_equal(labels, previous)
        else:
            done = shift < tol if strict else shift <= tol
        previous = labels
        if done:
            break
    if relabel:
        labels = nearest(x, c, ties)
    return c, labels.astype(np.int64), it if zero_based else it + 1


def plusplus(x, k, rng, *, weights="d2", to="nearest", first_high=None, source=None):
    x = np.asarray(x)
    n = len(x)
    if not 1 <= k <= n:
        raise ValueError("k out of range")
    draw = source or rng
    xf = x.astype(np.float64)
    chosen = [int(draw.integers(first_high or n))]
    d2 = ((xf - xf[chosen[0]]) ** 2).sum(axis=1)
    for _ in range(1, k):
        if d2.sum() == 0:
            raise ValueError("fewer than k distinct rows")
        w = np.sqrt(d2) if weights == "d" else d2
        i = int(np.argmax(w)) if weights == "max" else int(draw.choice(n, p=w / w.sum()))
        chosen.append(i)
        new = ((xf - xf[i]) ** 2).sum(axis=1)
        d2 = new if to == "last" else np.minimum(d2, new)
    idx = np.array(chosen, dtype=np.int64)
    return x[idx], idx
