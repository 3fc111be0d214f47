"""WRONG: returns None (not []) when the length does not match."""
EXPECT = "return [] (an empty list)"


def construct_2d_array(original, m, n):
    if m <= 0 or n <= 0:
        raise ValueError("m and n must be positive")
    if len(original) != m * n:
        return None
    return [original[i * n:(i + 1) * n] for i in range(m)]
