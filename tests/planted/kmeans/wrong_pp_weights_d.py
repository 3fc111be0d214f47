"""WRONG: k-means++ draws by D, not D^2."""
from planted.kmeans._common import lloyd, plusplus

EXPECT = "weights D instead of D^2"


def kmeans(x, init, max_iter=100, tol=0.0):
    return lloyd(x, init, max_iter, tol)


def kmeans_plusplus_init(x, k, rng):
    return plusplus(x, k, rng, weights='d')
