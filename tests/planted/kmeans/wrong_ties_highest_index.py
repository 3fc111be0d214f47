"""WRONG: equal distances go to the highest centroid index (argmin of the reversed row, as a `<=` loop does)."""
from planted.kmeans._common import lloyd, plusplus

EXPECT = "HIGHEST centroid index"


def kmeans(x, init, max_iter=100, tol=0.0):
    return lloyd(x, init, max_iter, tol, ties='high')


def kmeans_plusplus_init(x, k, rng):
    return plusplus(x, k, rng)
