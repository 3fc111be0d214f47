"""WRONG: rows are tuples (zip), not lists."""
EXPECT = "plain Python lists"


def construct_2d_array(original, m, n):
    if m <= 0 or n <= 0:
        raise ValueError("m and n must be positive")
    if len(original) != m * n:
        return []
    return list(zip(*[iter(original)] * n))
