"""WRONG: returns a numpy array instead of a list of lists."""
import numpy as np

EXPECT = "plain Python lists"


def construct_2d_array(original, m, n):
    if m <= 0 or n <= 0:
        raise ValueError("m and n must be positive")
    if len(original) != m * n:
        return []
    return np.array(original).reshape(m, n)
