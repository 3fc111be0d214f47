"""WRONG: votes with Counter.most_common(1), which breaks vote ties by first appearance (the nearest
neighbour's label) instead of taking the smallest tied label."""
from collections import Counter

import numpy as np

from planted.knn._common import checked, squared_distances

EXPECT = "vote ties broken by the nearest neighbour"


def knn_predict(train_x, train_y, test_x, k=1):
    train_x, train_y, test_x = checked(train_x, train_y, test_x, k)
    nearest = np.argsort(squared_distances(train_x, test_x), axis=1, kind="stable")[:, :k]
    return np.array([Counter(row.tolist()).most_common(1)[0][0] for row in train_y[nearest]], dtype=np.int64)
