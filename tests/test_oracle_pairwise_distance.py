"""The pairwise_distance reference agrees with scipy.spatial.distance.cdist (Euclidean)."""
import numpy as np
import pytest

from katatest import reference

distance = pytest.importorskip("scipy.spatial.distance")
ref = reference("pairwise_distance")


def scale(X, Y):
    return max([float(np.sqrt((A.astype(np.float64) ** 2).sum(1)).max()) for A in (X, Y) if len(A)], default=0.0)


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_matches_scipy_cdist(seed, dtype):
    rng = np.random.default_rng(seed)
    n, m, d = (int(v) for v in rng.integers(1, 40, size=3))
    offset = float(rng.choice([0.0, 10.0, 1e3]))
    X = (rng.standard_normal((n, d)) * rng.choice([0.1, 1, 10]) + offset).astype(dtype)
    Y = (rng.standard_normal((m, d)) * rng.choice([0.1, 1, 10]) + offset).astype(dtype)
    Y[: min(n, m) // 3] = X[: min(n, m) // 3]  # exact duplicates
    got = ref.pairwise_distances(X, Y)
    assert got.dtype == dtype and got.shape == (n, m)
    assert np.isfinite(got).all()
    want = distance.cdist(X.astype(np.float64), Y.astype(np.float64))
    # The expansion loses about sqrt(eps) * (largest norm) where points nearly coincide.
    atol = 3 * np.sqrt(np.finfo(dtype).eps) * scale(X, Y)
    np.testing.assert_allclose(got, want, rtol=1e-12 if dtype == np.float64 else 1e-6, atol=atol)


def test_well_separated_points_are_accurate():
    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((50, 8)), rng.standard_normal((60, 8)) + 5
    np.testing.assert_allclose(ref.pairwise_distances(X, Y), distance.cdist(X, Y), rtol=1e-12)


@pytest.mark.parametrize("n, m", [(0, 3), (3, 0), (0, 0)])
def test_empty_shapes_match_scipy(n, m):
    X, Y = np.zeros((n, 4)), np.ones((m, 4))
    assert ref.pairwise_distances(X, Y).shape == distance.cdist(X, Y).shape == (n, m)


def test_integer_input_matches_scipy_in_float64():
    X, Y = np.array([[0, 0], [3, 4]]), np.array([[0, 0], [6, 8], [1, 0]])
    got = ref.pairwise_distances(X, Y)
    assert got.dtype == np.float64
    np.testing.assert_allclose(got, distance.cdist(X, Y), rtol=1e-15)
