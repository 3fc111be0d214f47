"""WRONG: dx = np.zeros_like(x), then dx /= N: integer scores give an integer dx, and the division raises."""
import numpy as np

EXPECT = "an integer array cannot hold 1/N"


def svm_loss(x, y):
    n = x.shape[0]
    rows = np.arange(n)
    margins = np.maximum(0, x - x[rows, y][:, None] + 1)
    margins[rows, y] = 0
    dx = np.zeros_like(x)
    dx[margins > 0] = 1
    dx[rows, y] -= dx.sum(axis=1)
    dx /= n
    return margins.sum() / n, dx
