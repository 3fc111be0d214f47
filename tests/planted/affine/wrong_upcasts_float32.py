"""WRONG: computes in float64 whatever the input dtype (float32 in, float64 out)."""
import numpy as np

from planted.affine._layer import backward

EXPECT = "float32 in, float32 out"
PASSES = ["test_affine_backward"]  # dout has the input's dtype: a float32 dx is right, whatever the forward did


def affine_forward(x, w, b):
    x_flat = x.reshape(x.shape[0], -1).astype(np.float64)
    return x_flat @ w + b, (x, w)


affine_backward = backward
