"""WRONG: [[0] * n] * m, then filled: every row is the same list object."""
EXPECT = "references to ONE list"


def construct_2d_array(original, m, n):
    if m <= 0 or n <= 0:
        raise ValueError("m and n must be positive")
    if len(original) != m * n:
        return []
    grid = [[0] * n] * m
    for i, value in enumerate(original):
        grid[i // n][i % n] = value
    return grid
