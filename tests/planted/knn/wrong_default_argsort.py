"""WRONG: sorts the distances with np.argsort's default kind (quicksort, not stable): among equal distances
the lower training index does not always come first."""
import numpy as np

from planted.knn._common import checked, squared_distances, vote

EXPECT = "kind='stable'"


def knn_predict(train_x, train_y, test_x, k=1):
    train_x, train_y, test_x = checked(train_x, train_y, test_x, k)
    nearest = np.argsort(squared_distances(train_x, test_x), axis=1)[:, :k]
    return vote(train_y[nearest])
