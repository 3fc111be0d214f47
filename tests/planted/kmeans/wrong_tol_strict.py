"""WRONG: the run stops only when shift < tol: with tol = 0 it runs to max_iter."""
from planted.kmeans._common import lloyd, plusplus

EXPECT = "strictly"


def kmeans(x, init, max_iter=100, tol=0.0):
    return lloyd(x, init, max_iter, tol, strict=True)


def kmeans_plusplus_init(x, k, rng):
    return plusplus(x, k, rng)
