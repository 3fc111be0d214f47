"""WRONG: casts the output to x's dtype, so uint8 pixels give a uint8 (truncated) output."""
from planted.affine._layer import backward, forward

EXPECT = "do not cast to x's dtype"


def affine_forward(x, w, b):
    out, cache = forward(x, w, b)
    return out.astype(x.dtype), cache


affine_backward = backward
