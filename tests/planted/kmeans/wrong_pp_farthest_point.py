"""WRONG: k-means++ takes the farthest point (argmax of D^2) instead of drawing by D^2."""
from planted.kmeans._common import lloyd, plusplus

EXPECT = "farthest point"


def kmeans(x, init, max_iter=100, tol=0.0):
    return lloyd(x, init, max_iter, tol)


def kmeans_plusplus_init(x, k, rng):
    return plusplus(x, k, rng, weights='max')
