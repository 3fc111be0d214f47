"""The svm_loss reference agrees with torch: the loss with C * multi_margin_loss (torch divides by
C as well as N), the gradient with autograd; at a margin of exactly 0, with autograd through
relu (whose gradient at 0 is 0), i.e. a margin counts only when it is > 0."""
import numpy as np
import pytest

from katatest import reference

torch = pytest.importorskip("torch")
F = torch.nn.functional
ref = reference("svm_loss")


def torch_multi_margin(x, y):
    xt = torch.tensor(x, requires_grad=True)
    loss = F.multi_margin_loss(xt, torch.from_numpy(y)) * x.shape[1]
    loss.backward()
    return loss.item(), xt.grad.numpy()


def torch_relu_expression(x, y):
    xt = torch.tensor(x, requires_grad=True)
    rows = torch.arange(len(y))
    margins = torch.relu(xt - xt[rows, torch.from_numpy(y)][:, None] + 1)
    mask = torch.ones_like(margins)
    mask[rows, torch.from_numpy(y)] = 0
    loss = (margins * mask).sum() / len(y)
    loss.backward()
    return loss.item(), xt.grad.numpy()


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_matches_multi_margin_loss(seed, dtype):
    rng = np.random.default_rng(seed)
    n, c = int(rng.integers(1, 20)), int(rng.integers(2, 10))
    x = (rng.standard_normal((n, c)) * float(rng.choice([0.3, 1.0, 5.0]))).astype(dtype)
    y = rng.integers(0, c, size=n)
    want_loss, want_dx = torch_multi_margin(x, y)
    loss, dx = ref.svm_loss(x, y)
    assert dx.shape == x.shape and dx.dtype == dtype
    tol = dict(rtol=1e-12, atol=1e-12) if dtype == np.float64 else dict(rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(loss, want_loss, **tol)
    np.testing.assert_allclose(dx, want_dx, **tol)


@pytest.mark.parametrize("x, y", [
    ([[2.0, 1.0, 0.0]], [0]),
    ([[2.0, 1.0, 3.0, 0.5], [0.0, 1.0, -1.0, 0.0]], [0, 1]),
    ([[3.0, 2.0, 5.0], [1.0, 1.0, 0.0]], [0, 2]),
])
def test_zero_margins_match_both_torch_forms(x, y):
    x, y = np.array(x), np.array(y)
    loss, dx = ref.svm_loss(x, y)
    for oracle in (torch_multi_margin, torch_relu_expression):
        want_loss, want_dx = oracle(x, y)
        assert loss == pytest.approx(want_loss, abs=1e-12)
        np.testing.assert_allclose(dx, want_dx, atol=1e-12)


def test_integer_scores_give_float64():
    x, y = np.array([[3, 2, 5], [1, 1, 0]]), np.array([0, 2])
    loss, dx = ref.svm_loss(x, y)
    assert dx.dtype == np.float64
    want_loss, want_dx = torch_multi_margin(x.astype(np.float64), y)
    assert loss == pytest.approx(want_loss)
    np.testing.assert_allclose(dx, want_dx)
