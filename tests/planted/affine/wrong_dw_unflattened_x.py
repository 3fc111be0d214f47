"""WRONG: dw = x.T @ dout with the original x, right only when x is already 2-D."""
from planted.affine._layer import backward, forward

EXPECT = "use x flattened to [N, D]"

affine_forward = forward


def affine_backward(dout, cache):
    return backward(dout, cache, flat_for_dw=False)
