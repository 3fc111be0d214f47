"""RIGHT: plain Python loops from the definition: a loop per point and per centroid (strict < keeps the
lowest index on ties), a running sum per cluster; k-means++ by inverse CDF on rng.random()."""
import numpy as np


def kmeans(x, init, max_iter=100, tol=0.0):
    x, init = np.asarray(x), np.asarray(init)
    if x.ndim != 2 or init.ndim != 2 or x.shape[1] != init.shape[1]:
        raise ValueError("x and init must be 2-D with the same D")
    if len(x) == 0 or len(init) == 0 or max_iter < 1 or tol < 0:
        raise ValueError("invalid arguments")
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
    points = x.astype(np.float64).tolist()
    cents = init.astype(np.float64).tolist()
    k, d = len(cents), x.shape[1]

    def assign(cents):
        labels = []
        for p in points:
            best, best_j = None, 0
            for j, c in enumerate(cents):
                dist = sum((p[t] - c[t]) ** 2 for t in range(d))
                if best is None or dist < best:
                    best, best_j = dist, j
            labels.append(best_j)
        return labels

    iters = 0
    while True:
        iters += 1
        labels = assign(cents)
        sums = [[0.0] * d for _ in range(k)]
        counts = [0] * k
        for p, j in zip(points, labels):
            counts[j] += 1
            for t in range(d):
                sums[j][t] += p[t]
        new = [[s / counts[j] for s in sums[j]] if counts[j] else list(cents[j]) for j in range(k)]
        shift = sum((a - b) ** 2 for q, r in zip(new, cents) for a, b in zip(q, r))
        cents = new
        if shift <= tol or iters == max_iter:
            break
    labels = assign(cents)
    return np.array(cents, dtype=dtype).reshape(k, d), np.array(labels, dtype=np.int64), iters


def kmeans_plusplus_init(x, k, rng):
    x = np.asarray(x)
    n = len(x)
    if k < 1 or k > n:
        raise ValueError("k must be between 1 and N")
    rows = x.astype(np.float64).tolist()
    chosen = [min(int(rng.random() * n), n - 1)]
    nearest = [sum((a - b) ** 2 for a, b in zip(r, rows[chosen[0]])) for r in rows]
    while len(chosen) < k:
        total = sum(nearest)
        if total == 0:
            raise ValueError("fewer than k distinct rows")
        u, acc, pick = rng.random() * total, 0.0, None
        for i, w in enumerate(nearest):
            acc += w
            if w > 0 and u < acc:
                pick = i
                break
        if pick is None:  # round-off at the very end of the scan: the last row of weight > 0
            pick = max(i for i, w in enumerate(nearest) if w > 0)
        chosen.append(pick)
        nearest = [min(w, sum((a - b) ** 2 for a, b in zip(r, rows[pick]))) for w, r in zip(nearest, rows)]
    idx = np.array(chosen, dtype=np.int64)
    return x[idx], idx
