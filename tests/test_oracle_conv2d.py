"""The conv2d reference against torch: F.conv2d for the forward, autograd for the gradients."""
from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")
F = torch.nn.functional

from katatest import reference  # noqa: E402

ref = reference("conv2d")
pytestmark = pytest.mark.usefixtures("torch_one_thread")


def random_case(seed: int, dtype=np.float64):
    rng = np.random.default_rng(seed)
    N, C, Fn = (int(v) for v in rng.integers(1, 5, size=3))
    HH, WW = (int(v) for v in rng.integers(1, 6, size=2))
    pad, stride = int(rng.integers(0, 3)), int(rng.integers(1, 4))
    H = int(rng.integers(max(1, HH - 2 * pad), HH + 12))
    W = int(rng.integers(max(1, WW - 2 * pad), WW + 12))
    x = rng.standard_normal((N, C, H, W)).astype(dtype)
    w = rng.standard_normal((Fn, C, HH, WW)).astype(dtype)
    b = rng.standard_normal(Fn).astype(dtype)
    return x, w, b, stride, pad


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("seed", range(40))
def test_conv2d_matches_torch_forward_and_autograd(seed, dtype):
    x, w, b, stride, pad = random_case(seed, dtype)
    out, cache = ref.conv_forward(x, w, b, {"stride": stride, "pad": pad})
    tx, tw, tb = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
    t_out = F.conv2d(tx, tw, tb, stride=stride, padding=pad)
    tol = dict(rtol=1e-10, atol=1e-10) if dtype == np.float64 else dict(rtol=1e-4, atol=1e-4)
    assert out.dtype == dtype and out.shape == tuple(t_out.shape)
    np.testing.assert_allclose(out, t_out.detach().numpy(), **tol)

    dout = np.random.default_rng(seed + 1000).standard_normal(out.shape).astype(dtype)
    want = torch.autograd.grad(t_out, (tx, tw, tb), torch.from_numpy(dout))
    got = ref.conv_backward(dout, cache)
    for g, t in zip(got, want):
        assert g.dtype == dtype and g.shape == tuple(t.shape)
        np.testing.assert_allclose(g, t.numpy(), **tol)


def test_conv2d_defaults_match_torch_defaults():
    x, w, b, _, _ = random_case(3)
    out, _ = ref.conv_forward(x, w, b, {})
    np.testing.assert_allclose(out, F.conv2d(*map(torch.from_numpy, (x, w, b))).numpy(), rtol=1e-10, atol=1e-10)


def test_statement_examples():
    x = np.arange(9.0).reshape(1, 1, 3, 3)
    w = np.array([[[[1.0, 0.0], [0.0, -1.0]]]])
    b = np.array([0.5])
    out, cache = ref.conv_forward(x, w, b, {"stride": 1, "pad": 0})
    np.testing.assert_array_equal(out, [[[[-3.5, -3.5], [-3.5, -3.5]]]])
    dx, dw, db = ref.conv_backward(np.ones((1, 1, 2, 2)), cache)
    np.testing.assert_array_equal(dx, [[[[1, 1, 0], [1, 0, -1], [0, -1, -1]]]])
    np.testing.assert_array_equal(dw, [[[[8, 12], [20, 24]]]])
    np.testing.assert_array_equal(db, [4.0])
    out, cache = ref.conv_forward(x, w, b, {"stride": 2, "pad": 1})
    np.testing.assert_array_equal(out, [[[[0.5, -1.5], [-5.5, -3.5]]]])
    dx, dw, db = ref.conv_backward(np.array([[[[1.0, 2.0], [3.0, 4.0]]]]), cache)
    np.testing.assert_array_equal(dx, [[[[-1, 0, -2], [0, 4, 0], [-3, 0, -4]]]])
    np.testing.assert_array_equal(dw, [[[[16, 29], [30, 54]]]])
    np.testing.assert_array_equal(db, [10.0])


def test_textbook_int_output_size_equals_floor_for_valid_input():
    """What the statement's trap says: int(1 + n / s) == 1 + n // s whenever n = H + 2 pad - HH >= 0;
    they differ only for some n < 0 (a kernel larger than the padded input, which is invalid)."""
    for n in range(0, 200):
        for s in range(1, 12):
            assert int(1 + n / s) == 1 + n // s
    assert int(1 + -3 / 2) != 1 + -3 // 2
    # torch agrees with the floor formula when the stride does not divide evenly
    out = F.conv2d(torch.zeros(1, 1, 6, 6), torch.zeros(1, 1, 3, 3), stride=2)
    assert tuple(out.shape[2:]) == (2, 2)
