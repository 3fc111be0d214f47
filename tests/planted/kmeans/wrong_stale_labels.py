"""WRONG: returns the last iteration's labels, computed before the centroids' last move."""
from planted.kmeans._common import lloyd, plusplus

EXPECT = "before their last move"


def kmeans(x, init, max_iter=100, tol=0.0):
    return lloyd(x, init, max_iter, tol, relabel=False)


def kmeans_plusplus_init(x, k, rng):
    return plusplus(x, k, rng)
