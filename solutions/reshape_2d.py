"""Reference solution for the reshape_2d kata (LeetCode 2022: convert a 1-D array into a 2-D array)."""
from __future__ import annotations


def construct_2d_array(original: list[int], m: int, n: int) -> list[list[int]]:
    """Row-major m x n list of lists; [] when the length is not m * n."""
    if m <= 0 or n <= 0:  # checked first: invalid whatever the length
        raise ValueError(f"m and n must be positive, got m={m}, n={n}")
    if len(original) != m * n:
        return []
    # Slicing makes a new list per row: no row aliases another (unlike [[0] * n] * m).
    return [original[i * n:(i + 1) * n] for i in range(m)]
