"""RIGHT: the naive version, one example and one class at a time (with the max shift)."""
import math

import numpy as np


def softmax_loss(W, X, y, reg):
    num_train, num_classes = X.shape[0], W.shape[1]
    loss = 0.0
    dW = np.zeros_like(W)
    for i in range(num_train):
        scores = X[i].dot(W)
        scores = scores - np.max(scores)
        total = sum(math.exp(s) for s in scores)
        loss += math.log(total) - scores[y[i]]
        for j in range(num_classes):
            p = math.exp(scores[j]) / total
            dW[:, j] += (p - (j == y[i])) * X[i]
    loss = loss / num_train + reg * np.sum(W * W)
    dW = dW / num_train + 2 * reg * W
    return loss, dW.astype(W.dtype)
