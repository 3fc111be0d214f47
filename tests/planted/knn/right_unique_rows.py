"""RIGHT: broadcast differences and np.linalg.norm (true distances, not squared), a stable argsort, and a
vote per test row with np.unique(return_counts=True) + argmax."""
import numpy as np


def knn_predict(train_x, train_y, test_x, k=1):
    train_x, train_y, test_x = np.asarray(train_x), np.asarray(train_y), np.asarray(test_x)
    if train_x.ndim != 2 or test_x.ndim != 2:
        raise ValueError("train_x and test_x must be 2-D")
    if train_x.shape[1] != test_x.shape[1]:
        raise ValueError("different D")
    if train_y.shape != (train_x.shape[0],):
        raise ValueError("len(train_y) != N")
    if k < 1 or k > train_x.shape[0]:
        raise ValueError("k out of range")
    d = np.linalg.norm(test_x[:, None, :].astype(np.float64) - train_x[None, :, :], axis=2)  # [M, N]
    nearest = np.argsort(d, axis=1, kind="stable")[:, :k]
    y_pred = np.empty(len(test_x), dtype=np.int64)
    for i, labels in enumerate(train_y[nearest]):
        values, counts = np.unique(labels, return_counts=True)
        y_pred[i] = values[np.argmax(counts)]
    return y_pred
