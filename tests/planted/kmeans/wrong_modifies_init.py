"""WRONG: writes the new centroids into the caller's init (no copy)."""
from planted.kmeans._common import lloyd, plusplus

EXPECT = "modified its input `init` in place"


def kmeans(x, init, max_iter=100, tol=0.0):
    return lloyd(x, init, max_iter, tol, in_place=True)


def kmeans_plusplus_init(x, k, rng):
    return plusplus(x, k, rng)
