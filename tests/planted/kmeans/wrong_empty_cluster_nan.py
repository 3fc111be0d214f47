"""WRONG: an empty cluster's centroid is x[labels == k].mean(axis=0): NaN, and the NaN spreads."""
from planted.kmeans._common import lloyd, plusplus

EXPECT = "empty cluster's mean is NaN"


def kmeans(x, init, max_iter=100, tol=0.0):
    return lloyd(x, init, max_iter, tol, empty='nan')


def kmeans_plusplus_init(x, k, rng):
    return plusplus(x, k, rng)
