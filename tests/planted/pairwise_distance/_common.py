"""Shared by the planted pairwise_distance files: the output dtype rule."""
import numpy as np


def float_inputs(X, Y):
    dtype = np.result_type(X, Y)
    dtype = dtype if dtype.kind == "f" else np.dtype(np.float64)
    return np.asarray(X, dtype), np.asarray(Y, dtype)
