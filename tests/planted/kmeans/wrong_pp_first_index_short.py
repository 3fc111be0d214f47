"""WRONG: k-means++'s first index is rng.integers(N - 1): never the last row."""
from planted.kmeans._common import lloyd, plusplus

EXPECT = "never the last row"


def kmeans(x, init, max_iter=100, tol=0.0):
    return lloyd(x, init, max_iter, tol)


def kmeans_plusplus_init(x, k, rng):
    return plusplus(x, k, rng, first_high=len(x) - 1)
