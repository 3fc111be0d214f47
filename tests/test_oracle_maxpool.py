"""The maxpool reference against torch: F.max_pool2d for the forward, autograd for the gradient,
including torch's rule for ties (the first max in row-major order), checked here on the CPU."""
from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")
F = torch.nn.functional

from katatest import reference  # noqa: E402

ref = reference("maxpool")
pytestmark = pytest.mark.usefixtures("torch_one_thread")


def random_case(seed: int, dtype=np.float64, tied=False):
    rng = np.random.default_rng(seed)
    ph, pw, stride = (int(v) for v in rng.integers(1, 5, size=3))
    N, C = (int(v) for v in rng.integers(1, 4, size=2))
    H, W = int(rng.integers(ph, ph + 12)), int(rng.integers(pw, pw + 12))
    if tied:
        x = rng.integers(-2, 2, size=(N, C, H, W)).astype(dtype)
        x[rng.random(x.shape) < 0.1] = -np.inf
    else:
        x = rng.standard_normal((N, C, H, W)).astype(dtype)
    return x, ph, pw, stride


def torch_pool(x, ph, pw, stride, dout):
    tx = torch.tensor(x, requires_grad=True)
    out = F.max_pool2d(tx, (ph, pw), stride=stride)
    (dx,) = torch.autograd.grad(out, tx, torch.from_numpy(dout))
    return out.detach().numpy(), dx.numpy()


@pytest.mark.parametrize("tied", [False, True], ids=["distinct", "tied"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("seed", range(30))
def test_maxpool_matches_torch_forward_and_autograd(seed, dtype, tied):
    x, ph, pw, stride = random_case(seed, dtype, tied)
    out, cache = ref.max_pool_forward(x, {"pool_height": ph, "pool_width": pw, "stride": stride})
    dout = np.random.default_rng(seed + 1000).standard_normal(out.shape).astype(dtype)
    want_out, want_dx = torch_pool(x, ph, pw, stride, dout)
    assert out.dtype == dtype and out.shape == want_out.shape
    np.testing.assert_array_equal(out, want_out)
    dx = ref.max_pool_backward(dout, cache)
    assert dx.dtype == dtype and dx.shape == x.shape
    np.testing.assert_allclose(dx, want_dx, rtol=1e-6 if dtype == np.float32 else 1e-12, atol=1e-6)


def test_torch_gives_ties_to_the_first_max_in_row_major_order():
    """The kata's tie rule is torch's (CPU): constant windows and a window of -inf only."""
    for dtype in (torch.float32, torch.float64):
        _, idx = F.max_pool2d(torch.ones(1, 1, 4, 4, dtype=dtype), (2, 3), stride=1, return_indices=True)
        assert idx[0, 0].tolist() == [[0, 1], [4, 5], [8, 9]]  # flat index of each window's top-left
        _, idx = F.max_pool2d(torch.full((1, 1, 3, 3), -np.inf, dtype=dtype), 2, stride=1, return_indices=True)
        assert idx[0, 0].tolist() == [[0, 1], [3, 4]]
        # [[1, 5, 5], [5, 5, 2]]: both windows give their gradient to (0, 1), the first of their 5s
        x = torch.tensor([[[[1.0, 5, 5], [5, 5, 2]]]], dtype=dtype, requires_grad=True)
        F.max_pool2d(x, 2, stride=1).sum().backward()
        assert x.grad[0, 0].tolist() == [[0, 2, 0], [0, 0, 0]]


def test_statement_examples():
    x = np.array([[1, 2, 0, 3], [4, 4, 1, 1], [0, 2, 5, 6], [3, 1, 6, 2]], dtype=float)[None, None]
    out, cache = ref.max_pool_forward(x, {"pool_height": 2, "pool_width": 2, "stride": 2})
    np.testing.assert_array_equal(out, [[[[4, 3], [3, 6]]]])
    dx = ref.max_pool_backward(np.array([[[[1.0, 2.0], [3.0, 4.0]]]]), cache)
    np.testing.assert_array_equal(dx, [[[[0, 0, 0, 2], [1, 0, 0, 0], [0, 0, 0, 4], [3, 0, 0, 0]]]])
    x = np.array([[1, 2, 3], [4, 9, 5], [6, 7, 8]], dtype=float)[None, None]
    out, cache = ref.max_pool_forward(x, {"pool_height": 2, "pool_width": 2, "stride": 1})
    np.testing.assert_array_equal(out, [[[[9, 9], [9, 9]]]])
    np.testing.assert_array_equal(ref.max_pool_backward(np.ones((1, 1, 2, 2)), cache),
                                  [[[[0, 0, 0], [0, 4, 0], [0, 0, 0]]]])
    x = np.array([[1, 5, 5], [5, 5, 2]], dtype=float)[None, None]
    out, cache = ref.max_pool_forward(x, {"pool_height": 2, "pool_width": 2, "stride": 1})
    np.testing.assert_array_equal(out, [[[[5, 5]]]])
    np.testing.assert_array_equal(ref.max_pool_backward(np.array([[[[1.0, 10.0]]]]), cache),
                                  [[[[0, 11, 0], [0, 0, 0]]]])


def test_forward_output_is_not_a_view_of_x():
    x = np.arange(6.0).reshape(1, 1, 2, 3)
    out, _ = ref.max_pool_forward(x, {"pool_height": 1, "pool_width": 1, "stride": 1})
    assert not np.shares_memory(out, x)
