"""Graded tests for the reshape_2d kata. Run: pytest katas/reshape_2d"""
import pytest

from sensei import Equal, Problem, case, generated, mistake

ALIAS = ("construct_2d_array(): [[0] * n] * m makes m references to ONE list: filling one row fills them all. "
         "Build each row as a new list (a slice, or a list comprehension).")
LENGTH = "construct_2d_array(): when len(original) != m * n there is no m x n array: return [] (an empty list)."
ROWS = "construct_2d_array(): m is the number of rows and n the number of columns: row i is original[i*n:(i+1)*n]."
POSITIVE = ("construct_2d_array(): m and n must be positive: raise ValueError for m <= 0 or n <= 0, before "
            "looking at the length.")


def distinct_rows(rows) -> bool:
    return len({id(row) for row in rows}) == len(rows)


class RowsList(Equal):
    """Equal values, plain lists of ints, and rows that are distinct list objects (where the expected
    rows are: a known mistake's output may alias its rows on purpose)."""

    def problem(self, got, expected):
        problem = super().problem(got, expected)
        if problem is None and distinct_rows(expected) and not distinct_rows(got):
            return Problem("two rows are the same list object (changing one changes the other)", hint=ALIAS)
        return problem


# -- known mistakes (what each one returns; never shown) ----------------------------------------
def aliased(ref, original, m, n):
    """[[0] * n] * m filled in row-major order: m references to one list, holding the last row."""
    rows = ref.construct_2d_array(original, m, n)
    return [rows[-1]] * m if rows else rows


MISTAKES = [
    mistake("construct_2d_array", "[[0] * n] * m: every row is the same list (all show the last row)",
            fix=ALIAS, gives=aliased),
    mistake("construct_2d_array", "m and n swapped (n rows of m)", fix=ROWS,
            gives=lambda ref, original, m, n: ref.construct_2d_array(original, n, m)),
    mistake("construct_2d_array", "no check that len(original) == m * n", fix=LENGTH,
            gives=lambda ref, original, m, n: [original[i * n:(i + 1) * n] for i in range(m)]),
]


def random_fit(rng, size):
    m, n = int(rng.integers(1, size + 1)), int(rng.integers(1, size + 1))
    return {"original": rng.integers(-100, 100, size=m * n).tolist(), "m": m, "n": n}


def random_misfit(rng, size):
    args = random_fit(rng, size)
    args["original"] = args["original"] + [int(rng.integers(0, 9))] * int(rng.integers(1, 3))
    return args


CASES = [
    case("2 x 2 from 4 elements", original=[1, 2, 3, 4], m=2, n=2),
    case("3 x 2 is not 2 x 3", original=[1, 2, 3, 4, 5, 6], m=3, n=2, hint=ROWS),
    case("too few elements gives []", original=[1, 2], m=1, n=1, hint=LENGTH),
    case("too many elements gives []", original=[1, 2, 3], m=2, n=2, hint=LENGTH),
    *generated("random fitting size {size}", random_fit, sizes=[4, 30], seeds=range(4)),
    *generated("random misfit size {size}", random_misfit, sizes=[5], seeds=range(3), hint=LENGTH),
    # edge cases: one row, one column, one element, nothing, equal values
    case("one row", original=[1, 2, 3], m=1, n=3, hint=ROWS, layer="edge"),
    case("one column", original=[5, 6, 7, 8], m=4, n=1, hint=ROWS, layer="edge"),
    case("1 x 1", original=[42], m=1, n=1, layer="edge"),
    case("empty original with positive m, n gives []", original=[], m=1, n=1, hint=LENGTH, layer="edge"),
    case("equal values: every row is its own list", original=[0, 0, 0, 0, 0, 0], m=3, n=2, hint=ALIAS,
         layer="edge"),
    # invalid input (polish)
    case("m = 0 is invalid", original=[], m=0, n=3, raises=ValueError, hint=POSITIVE),
    case("n = 0 is invalid", original=[], m=2, n=0, raises=ValueError, hint=POSITIVE),
    case("negative m is invalid, even when m * n matches", original=[1, 2], m=-1, n=-2, raises=ValueError,
         hint="construct_2d_array(): check m and n each (m <= 0 or n <= 0), not their product: m = -1, n = -2 "
              "gives m * n = 2."),
    case("negative n is invalid", original=[1, 2, 3], m=3, n=-1, raises=ValueError, hint=POSITIVE),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_construct_2d_array(kata, case):
    kata.check("construct_2d_array", case, RowsList())


@pytest.mark.parametrize("side", [10, 300])
def test_benchmark_construct_2d_array(kata_bench, side):
    args = case("", original=list(range(side * side)), m=side, n=side)
    kata_bench("construct_2d_array", args, label=f"{side}x{side}")
