"""WRONG: checks m * n <= 0, so m = -1, n = -2 passes as 2."""
EXPECT = "not their product"


def construct_2d_array(original, m, n):
    if m * n <= 0:
        raise ValueError("m and n must be positive")
    if len(original) != m * n:
        return []
    return [original[i * n:(i + 1) * n] for i in range(abs(m))]
