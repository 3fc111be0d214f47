"""The softmax reference agrees with torch.softmax / torch.log_softmax."""
import numpy as np
import pytest

from katatest import reference

torch = pytest.importorskip("torch")
ref = reference("softmax")


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_matches_torch(seed, dtype):
    rng = np.random.default_rng(seed)
    shape = tuple(rng.integers(1, 6, size=rng.integers(1, 4)))
    x = (rng.standard_normal(shape) * rng.choice([1, 100, 1e4])).astype(dtype)
    axis = int(rng.integers(-len(shape), len(shape)))
    tol = dict(rtol=1e-12, atol=1e-12) if dtype == np.float64 else dict(rtol=1e-5, atol=1e-6)
    got = ref.softmax(x, axis)
    assert got.dtype == dtype
    np.testing.assert_allclose(got, torch.softmax(torch.from_numpy(x), dim=axis).numpy(), **tol)
    got = ref.log_softmax(x, axis)
    assert got.dtype == dtype
    want = torch.log_softmax(torch.from_numpy(x), dim=axis).numpy()
    scale = 1.0 if dtype == np.float64 else float(np.abs(x).max())
    np.testing.assert_allclose(got, want, rtol=tol["rtol"], atol=tol["atol"] * max(scale, 1.0))


def test_inf_entries_match_torch():
    x = np.array([[0.0, -np.inf, 1.0], [-np.inf, 5.0, -np.inf]])
    t = torch.from_numpy(x)
    np.testing.assert_allclose(ref.softmax(x), torch.softmax(t, -1).numpy(), rtol=1e-12, atol=0)
    np.testing.assert_allclose(ref.log_softmax(x), torch.log_softmax(t, -1).numpy(), rtol=1e-12, atol=0)
    assert (ref.softmax(x) == 0).tolist() == (torch.softmax(t, -1).numpy() == 0).tolist()


def test_integer_input_gives_float64_like_torch_on_doubles():
    x = np.array([[1, 2, 3], [-4, 0, 4]])
    got = ref.softmax(x)
    assert got.dtype == np.float64
    np.testing.assert_allclose(got, torch.softmax(torch.from_numpy(x).double(), -1).numpy(), rtol=1e-12)
