"""WRONG: flattens with x.reshape(-1, N).T, which mixes the examples' features."""
from planted.affine._layer import backward, forward

EXPECT = "mixes the examples"


def affine_forward(x, w, b):
    return forward(x, w, b, flatten=lambda x: x.reshape(-1, x.shape[0]).T)


affine_backward = backward
