"""WRONG: CS231n's y_pred = np.zeros(num_test): the predictions come back as float64, not int64 labels."""
import numpy as np

from planted.knn._common import checked, squared_distances

EXPECT = "y_pred = np.zeros(num_test) is float64"


def knn_predict(train_x, train_y, test_x, k=1):
    train_x, train_y, test_x = checked(train_x, train_y, test_x, k)
    dists = squared_distances(train_x, test_x)
    num_test = dists.shape[0]
    y_pred = np.zeros(num_test)
    for i in range(num_test):
        closest_y = train_y[np.argsort(dists[i], kind="stable")[:k]]
        values, counts = np.unique(closest_y, return_counts=True)
        y_pred[i] = values[np.argmax(counts)]
    return y_pred
