"""RIGHT: the naive version (CS231n's svm_loss_naive, on the scores), one class at a time."""
import numpy as np


def svm_loss(x, y):
    num_train, num_classes = x.shape
    dx = np.zeros(x.shape, dtype=x.dtype if x.dtype.kind == "f" else np.float64)
    loss = 0.0
    for i in range(num_train):
        for j in range(num_classes):
            if j == y[i]:
                continue
            margin = x[i, j] - x[i, y[i]] + 1
            if margin > 0:
                loss += margin
                dx[i, j] += 1
                dx[i, y[i]] -= 1
    return loss / num_train, dx / num_train
