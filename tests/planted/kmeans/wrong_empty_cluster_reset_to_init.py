"""WRONG: a cluster that empties gets its centroid reset to its row of init."""
from planted.kmeans._common import lloyd, plusplus

EXPECT = "reset to its init row"


def kmeans(x, init, max_iter=100, tol=0.0):
    return lloyd(x, init, max_iter, tol, empty='init')


def kmeans_plusplus_init(x, k, rng):
    return plusplus(x, k, rng)
