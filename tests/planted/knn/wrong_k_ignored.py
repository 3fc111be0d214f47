"""WRONG: ignores k: every test row takes the label of its single nearest neighbour."""
import numpy as np

from planted.knn._common import checked, squared_distances

EXPECT = "k ignored"


def knn_predict(train_x, train_y, test_x, k=1):
    train_x, train_y, test_x = checked(train_x, train_y, test_x, k)
    return train_y[np.argmin(squared_distances(train_x, test_x), axis=1)].astype(np.int64)
