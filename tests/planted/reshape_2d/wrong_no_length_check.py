"""WRONG: never checks len(original) == m * n (short rows, or elements dropped)."""
EXPECT = "return [] (an empty list)"


def construct_2d_array(original, m, n):
    if m <= 0 or n <= 0:
        raise ValueError("m and n must be positive")
    return [original[i * n:(i + 1) * n] for i in range(m)]
