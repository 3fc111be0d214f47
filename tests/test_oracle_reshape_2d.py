"""The reshape_2d reference agrees with numpy's row-major reshape and with LeetCode's examples."""
import numpy as np
import pytest

from katatest import reference

ref = reference("reshape_2d")


@pytest.mark.parametrize("seed", range(30))
def test_matches_numpy_reshape(seed):
    rng = np.random.default_rng(seed)
    m, n = (int(v) for v in rng.integers(1, 8, size=2))
    extra = int(rng.integers(0, 2)) * int(rng.integers(-1, 2))
    original = rng.integers(-9, 9, size=max(m * n + extra, 0)).tolist()
    want = np.array(original).reshape(m, n).tolist() if len(original) == m * n else []
    assert ref.construct_2d_array(list(original), m, n) == want


def test_leetcode_examples():
    assert ref.construct_2d_array([1, 2, 3, 4], 2, 2) == [[1, 2], [3, 4]]
    assert ref.construct_2d_array([1, 2, 3], 1, 3) == [[1, 2, 3]]
    assert ref.construct_2d_array([1, 2], 1, 1) == []


@pytest.mark.parametrize("m, n", [(0, 1), (1, 0), (-1, -2), (3, -1)])
def test_invalid_sizes_raise(m, n):
    with pytest.raises(ValueError):
        ref.construct_2d_array([1, 2], m, n)
