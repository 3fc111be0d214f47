"""WRONG: returns the 0-based loop index as n_iter (one short)."""
from planted.kmeans._common import lloyd, plusplus

EXPECT = "n_iter one too low"


def kmeans(x, init, max_iter=100, tol=0.0):
    return lloyd(x, init, max_iter, tol, zero_based=True)


def kmeans_plusplus_init(x, k, rng):
    return plusplus(x, k, rng)
