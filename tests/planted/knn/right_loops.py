"""RIGHT: plain Python loops, the way one writes it on a whiteboard: sort the rows by (distance, index),
count the k labels in a dict, take the smallest of the most frequent."""
import numpy as np


def knn_predict(train_x, train_y, test_x, k=1):
    train_x, train_y, test_x = np.asarray(train_x), np.asarray(train_y), np.asarray(test_x)
    if train_x.ndim != 2 or test_x.ndim != 2 or train_x.shape[1] != test_x.shape[1]:
        raise ValueError("train_x and test_x must be [N, D] and [M, D]")
    if len(train_y) != len(train_x) or train_y.ndim != 1:
        raise ValueError("one label per training row")
    if not 1 <= k <= len(train_x):
        raise ValueError("k must be in 1..N")
    out = []
    for t in test_x.tolist():
        dist = [sum((a - b) ** 2 for a, b in zip(t, x)) for x in train_x.tolist()]
        nearest = sorted(range(len(dist)), key=lambda i: (dist[i], i))[:k]
        counts = {}
        for i in nearest:
            counts[int(train_y[i])] = counts.get(int(train_y[i]), 0) + 1
        best = max(counts.values())
        out.append(min(label for label, c in counts.items() if c == best))
    return np.array(out, dtype=np.int64)
