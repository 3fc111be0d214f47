"""WRONG: the interview one-liner with the squared norms broadcast the wrong way round
(|test|^2 across the columns, |train|^2 down the rows): raises when M != N, wrong when M == N."""
import numpy as np

from planted.knn._common import checked, vote

EXPECT = "column [M, 1]"


def knn_predict(train_x, train_y, test_x, k=1):
    train_x, train_y, test_x = checked(train_x, train_y, test_x, k)
    d = -2 * test_x @ train_x.T + np.sum(test_x ** 2, axis=1) + np.sum(train_x ** 2, axis=1)[:, None]
    return vote(train_y[np.argsort(d, axis=1, kind="stable")[:, :k]])
