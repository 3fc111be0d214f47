"""RIGHT: the cache is an object of the learner's own class (the statement leaves the cache to the
learner). Before the worker process, the grader compared it by identity and reported "modified its
input `cache` in place" on every backward test."""
import numpy as np


class Cache:
    def __init__(self, x, w):
        self.x = x
        self.w = w

    def __eq__(self, other):  # an object that does not even compare equal to itself
        return False


def affine_forward(x, w, b):
    out = x.reshape(x.shape[0], w.shape[0]) @ w + b
    return out, Cache(x, w)


def affine_backward(dout, cache):
    x, w = cache.x, cache.w
    dx = (dout @ w.T).reshape(x.shape)
    dw = x.reshape(x.shape[0], w.shape[0]).T @ dout
    return dx, dw, dout.sum(axis=0)
