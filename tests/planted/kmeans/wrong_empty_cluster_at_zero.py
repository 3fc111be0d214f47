"""WRONG: the sums are divided by max(count, 1): an empty cluster's centroid moves to 0."""
from planted.kmeans._common import lloyd, plusplus

EXPECT = "moved to 0"


def kmeans(x, init, max_iter=100, tol=0.0):
    return lloyd(x, init, max_iter, tol, empty='zero')


def kmeans_plusplus_init(x, k, rng):
    return plusplus(x, k, rng)
