"""WRONG: never raises: m = 0 falls through to the length check."""
EXPECT = "raise ValueError"


def construct_2d_array(original, m, n):
    if len(original) != m * n:
        return []
    return [original[i * n:(i + 1) * n] for i in range(m)]
