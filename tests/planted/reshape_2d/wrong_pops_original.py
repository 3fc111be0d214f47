"""WRONG: consumes the caller's list with pop(0)."""
EXPECT = "modified its input `original` in place"


def construct_2d_array(original, m, n):
    if m <= 0 or n <= 0:
        raise ValueError("m and n must be positive")
    if len(original) != m * n:
        return []
    rows = []
    for _ in range(m):
        rows.append([original.pop(0) for _ in range(n)])
    return rows
