"""WRONG: tol is compared with sqrt(sum_k ||new_k - old_k||^2), not with the sum of squared moves."""
from planted.kmeans._common import lloyd, plusplus

EXPECT = "norm of the shift"


def kmeans(x, init, max_iter=100, tol=0.0):
    return lloyd(x, init, max_iter, tol, measure='norm')


def kmeans_plusplus_init(x, k, rng):
    return plusplus(x, k, rng)
