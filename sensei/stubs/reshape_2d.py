"""Kata: reshape a list into a 2-D list. Read katas/reshape_2d/README.md, then fill in the function.

Grade yourself with:  pytest katas/reshape_2d
"""


def construct_2d_array(original: list[int], m: int, n: int) -> list[list[int]]:
    """The elements of `original`, row by row, as m rows of n ints (a list of m lists).

    Returns [] when len(original) != m * n. Raises ValueError unless m and n are positive.
    """
    raise NotImplementedError
