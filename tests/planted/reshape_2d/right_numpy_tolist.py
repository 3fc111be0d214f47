"""RIGHT: numpy reshape, converted back to plain lists with .tolist()."""
import numpy as np


def construct_2d_array(original, m, n):
    if min(m, n) <= 0:
        raise ValueError("m and n must be positive")
    if len(original) != m * n:
        return []
    return np.array(original, dtype=np.int64).reshape(m, n).tolist()
