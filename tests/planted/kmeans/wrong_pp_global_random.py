"""WRONG: k-means++ draws from a generator of its own (np.random.default_rng() made once), not from the rng it is given."""
import numpy as np

from planted.kmeans._common import lloyd, plusplus

EXPECT = "must come from the rng you are given"
OWN = np.random.default_rng()


def kmeans(x, init, max_iter=100, tol=0.0):
    return lloyd(x, init, max_iter, tol)


def kmeans_plusplus_init(x, k, rng):
    return plusplus(x, k, rng, source=OWN)
