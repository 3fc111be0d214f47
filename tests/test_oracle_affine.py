"""The affine reference agrees with torch: the forward with x.reshape(N, -1) @ w + b, the gradients
with autograd."""
import numpy as np
import pytest

from katatest import reference

torch = pytest.importorskip("torch")
ref = reference("affine")


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_matches_torch_autograd(seed, dtype):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(1, 6)), int(rng.integers(1, 7))
    trailing = tuple(int(k) for k in rng.integers(1, 5, size=rng.integers(1, 4)))
    d = int(np.prod(trailing))
    x, w, b = (rng.standard_normal(s).astype(dtype) for s in ((n, *trailing), (d, m), (m,)))
    dout = rng.standard_normal((n, m)).astype(dtype)
    xt, wt, bt = (torch.tensor(v, requires_grad=True) for v in (x, w, b))
    out_t = xt.reshape(n, -1) @ wt + bt
    out_t.backward(torch.from_numpy(dout))
    tol = dict(rtol=1e-12, atol=1e-12) if dtype == np.float64 else dict(rtol=1e-5, atol=1e-5)

    out, cache = ref.affine_forward(x, w, b)
    assert out.dtype == dtype
    np.testing.assert_allclose(out, out_t.detach().numpy(), **tol)
    dx, dw, db = ref.affine_backward(dout, cache)
    assert dx.shape == x.shape and dx.dtype == dtype
    for got, want in ((dx, xt.grad), (dw, wt.grad), (db, bt.grad)):
        np.testing.assert_allclose(got, want.numpy(), **tol)


def test_linear_layer_convention():
    """torch.nn.functional.linear keeps its weight as [M, D]: our w is its transpose."""
    rng = np.random.default_rng(0)
    x, w, b = rng.standard_normal((4, 2, 3)), rng.standard_normal((6, 5)), rng.standard_normal(5)
    want = torch.nn.functional.linear(torch.from_numpy(x).flatten(1), torch.from_numpy(w.T), torch.from_numpy(b))
    np.testing.assert_allclose(ref.affine_forward(x, w, b)[0], want.numpy(), rtol=1e-12, atol=1e-12)
