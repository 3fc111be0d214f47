"""WRONG: returns the labels in train_y's dtype (int32 labels give int32 predictions), not int64."""
import numpy as np

from planted.knn._common import checked, squared_distances, vote

EXPECT = "whatever train_y's integer dtype"


def knn_predict(train_x, train_y, test_x, k=1):
    train_x, train_y, test_x = checked(train_x, train_y, test_x, k)
    nearest = np.argsort(squared_distances(train_x, test_x), axis=1, kind="stable")[:, :k]
    return vote(train_y[nearest]).astype(train_y.dtype)
