"""WRONG: uses n as the number of rows and m as the number of columns."""
EXPECT = "m is the number of rows"


def construct_2d_array(original, m, n):
    if m <= 0 or n <= 0:
        raise ValueError("m and n must be positive")
    if len(original) != m * n:
        return []
    return [original[i * m:(i + 1) * m] for i in range(n)]
