"""WRONG: an empty cluster is re-seeded at a random point of x."""
from planted.kmeans._common import lloyd, plusplus

EXPECT = "keeps its current position"


def kmeans(x, init, max_iter=100, tol=0.0):
    return lloyd(x, init, max_iter, tol, empty='random')


def kmeans_plusplus_init(x, k, rng):
    return plusplus(x, k, rng)
