"""WRONG: off by one, k + 1 neighbours vote."""
import numpy as np

from planted.knn._common import checked, squared_distances, vote

EXPECT = "k + 1 neighbours vote (off by one)"


def knn_predict(train_x, train_y, test_x, k=1):
    train_x, train_y, test_x = checked(train_x, train_y, test_x, k)
    nearest = np.argsort(squared_distances(train_x, test_x), axis=1, kind="stable")[:, :k + 1]
    return vote(train_y[nearest])
