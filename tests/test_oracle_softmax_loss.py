"""The softmax_loss reference agrees with torch: the loss with
torch.nn.functional.cross_entropy(X @ W, y) + reg * sum(W * W), the gradient with autograd."""
import numpy as np
import pytest

from katatest import reference

torch = pytest.importorskip("torch")
ref = reference("softmax_loss")


def torch_loss_and_grad(W, X, y, reg):
    Wt = torch.tensor(W, requires_grad=True)
    loss = torch.nn.functional.cross_entropy(torch.from_numpy(X) @ Wt, torch.from_numpy(y)) + reg * (Wt * Wt).sum()
    loss.backward()
    return loss.item(), Wt.grad.numpy()


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_matches_torch_autograd(seed, dtype):
    rng = np.random.default_rng(seed)
    n, d, c = (int(v) for v in rng.integers(1, 12, size=3))
    scale = float(rng.choice([0.01, 1.0, 30.0]))  # 30: scores in the hundreds, one-hot-like softmax
    W = (rng.standard_normal((d, c)) * scale).astype(dtype)
    X = rng.standard_normal((n, d)).astype(dtype)
    y = rng.integers(0, c, size=n)
    reg = float(rng.choice([0.0, 1e-3, 0.5]))
    want_loss, want_dW = torch_loss_and_grad(W, X, y, reg)
    loss, dW = ref.softmax_loss(W, X, y, reg)
    assert dW.shape == W.shape and dW.dtype == dtype
    peak = max(1.0, float(np.abs(X @ W).max()))
    tol = dict(rtol=1e-10, atol=1e-12 * peak) if dtype == np.float64 else dict(rtol=1e-4, atol=1e-5 * peak)
    np.testing.assert_allclose(loss, want_loss, **tol)
    np.testing.assert_allclose(dW, want_dW, **tol)


@pytest.mark.parametrize("W, X, y", [
    ([[50.0, 50.0, 49.99], [50.0, 49.99, 50.0]], [[100.0, 100.0], [100.0, -100.0]], [1, 0]),  # scores 1e4
    ([[-100.0, 0.0]], [[10.0]], [0]),  # p_y = exp(-1000)
    ([[10.0, 0.0]], [[1000.0]], [1]),
])
def test_extreme_scores_match_torch(W, X, y):
    W, X, y = np.array(W), np.array(X), np.array(y)
    want_loss, want_dW = torch_loss_and_grad(W, X, y, 0.0)
    loss, dW = ref.softmax_loss(W, X, y, 0.0)
    assert np.isfinite(loss) and np.isfinite(dW).all()
    np.testing.assert_allclose(loss, want_loss, rtol=1e-12)
    np.testing.assert_allclose(dW, want_dW, rtol=1e-9, atol=1e-9)


def test_does_not_modify_inputs():
    rng = np.random.default_rng(0)
    W, X, y = rng.standard_normal((3, 4)), rng.standard_normal((5, 3)), rng.integers(0, 4, size=5)
    copies = W.copy(), X.copy(), y.copy()
    ref.softmax_loss(W, X, y, 0.1)
    for before, after in zip(copies, (W, X, y)):
        np.testing.assert_array_equal(before, after)
