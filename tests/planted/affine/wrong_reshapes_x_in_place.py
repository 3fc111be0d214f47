"""WRONG: flattens by assigning x.shape, which reshapes the caller's array."""
from planted.affine._layer import backward

EXPECT = "modified its input `x` in place"


def affine_forward(x, w, b):
    original = x.shape
    x.shape = (x.shape[0], -1)
    out = x @ w + b
    return out, (x.reshape(original), w)


affine_backward = backward
