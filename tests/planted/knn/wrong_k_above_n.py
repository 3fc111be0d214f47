"""WRONG: does not check k > N: argsort()[:k] silently takes all N rows and the call returns normally."""
import numpy as np

from planted.knn._common import checked, squared_distances, vote

EXPECT = "silently takes all N rows when k > N"


def knn_predict(train_x, train_y, test_x, k=1):
    train_x, train_y, test_x = checked(train_x, train_y, test_x, k, check_k_above_n=False)
    nearest = np.argsort(squared_distances(train_x, test_x), axis=1, kind="stable")[:, :k]
    return vote(train_y[nearest])
