"""WRONG: the run stops when the labels repeat, whatever tol."""
from planted.kmeans._common import lloyd, plusplus

EXPECT = "tol ignored"


def kmeans(x, init, max_iter=100, tol=0.0):
    return lloyd(x, init, max_iter, tol, labels_rule=True)


def kmeans_plusplus_init(x, k, rng):
    return plusplus(x, k, rng)
