"""BANNED at run time: a banned module (sklearn.*) imported inside a function, by importlib-free
__import__ under a computed name."""
import numpy as np


def knn_predict(train_x, train_y, test_x, k=1):
    neighbors = __import__("sk" + "learn.neighbors", fromlist=["KNeighborsClassifier"])
    model = neighbors.KNeighborsClassifier(n_neighbors=k).fit(train_x, train_y)
    return np.asarray(model.predict(test_x), dtype=np.int64)
