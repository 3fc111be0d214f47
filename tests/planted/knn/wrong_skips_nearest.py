"""WRONG: skips the nearest neighbour (order[:, 1:k + 1]), as if each test point were a training point
to leave out."""
import numpy as np

from planted.knn._common import checked, squared_distances, vote

EXPECT = "the nearest neighbour skipped"


def knn_predict(train_x, train_y, test_x, k=1):
    train_x, train_y, test_x = checked(train_x, train_y, test_x, k)
    nearest = np.argsort(squared_distances(train_x, test_x), axis=1, kind="stable")[:, 1:k + 1]
    return vote(train_y[nearest])
