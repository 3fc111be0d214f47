"""WRONG: k-means++ measures D to the last chosen centroid, not the nearest of all."""
from planted.kmeans._common import lloyd, plusplus

EXPECT = "LAST chosen centroid"


def kmeans(x, init, max_iter=100, tol=0.0):
    return lloyd(x, init, max_iter, tol)


def kmeans_plusplus_init(x, k, rng):
    return plusplus(x, k, rng, to='last')
