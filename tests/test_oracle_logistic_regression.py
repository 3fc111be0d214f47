"""The logistic_regression reference against independent oracles.

- sigmoid: scipy.special.expit (float32 and float64, |z| up to 1e300).
- loss_and_grad: torch's binary_cross_entropy_with_logits (mean) + (l2 / 2) * ||w||^2, the gradients
  on w and b by autograd; and scipy.special.log_expit for the loss, -mean(y log_expit(z) + (1 - y)
  log_expit(-z)), both on random inputs (0/1, bool and soft labels) and logits up to 1e4.
- fit: a gradient-descent loop written from the definition, with torch autograd's gradients at each
  step, compared at every step count; and, once converged, scikit-learn's LogisticRegression.
  scikit-learn minimises C * sum_i loss_i + ||w||^2 / 2 with an unpenalised intercept (lbfgs);
  divided by C * N that is mean_i loss_i + ||w||^2 / (2 C N), our objective for C = 1 / (N * l2).
  So only the optimum can agree (never the GD iterates): our fit run to convergence against
  LogisticRegression(C=1 / (N * l2), tol=1e-12).
- predict / predict_proba: scikit-learn's predict and predict_proba[:, 1] on a LogisticRegression
  holding our (w, b), logits of exactly 0 included (its decision_function > 0 rule).
"""
import numpy as np
import pytest

from katatest import reference

torch = pytest.importorskip("torch")
special = pytest.importorskip("scipy.special")
linear_model = pytest.importorskip("sklearn.linear_model", reason="scikit-learn is an oracle")
threadpoolctl = pytest.importorskip("threadpoolctl", reason="installed with scikit-learn")
ref = reference("logistic_regression")
F = torch.nn.functional


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    """Threads cost more than they save on inputs this small (and the machine is shared)."""
    with threadpoolctl.threadpool_limits(1):
        torch.set_num_threads(1)
        yield


def torch_loss_and_grad(w, b, X, y, l2):
    dtype = torch.float64 if np.asarray(X).dtype == np.float64 else torch.float32
    wt = torch.tensor(np.asarray(w), dtype=dtype, requires_grad=True)
    bt = torch.tensor(float(b), dtype=dtype, requires_grad=True)
    z = torch.from_numpy(np.asarray(X)).to(dtype) @ wt + bt
    loss = F.binary_cross_entropy_with_logits(z, torch.from_numpy(np.asarray(y, np.float64)).to(dtype))
    loss = loss + l2 / 2 * (wt * wt).sum()
    loss.backward()
    return loss.item(), wt.grad.numpy(), bt.grad.item()


def random_problem(rng, dtype=np.float64, labels="01", scale=1.0):
    n, d = int(rng.integers(1, 40)), int(rng.integers(1, 6))
    X = rng.standard_normal((n, d)).astype(dtype)
    w = (rng.standard_normal(d) * scale).astype(dtype)
    b = float(rng.normal() * scale)
    y = {"01": lambda: rng.integers(0, 2, n), "bool": lambda: rng.random(n) < 0.5,
         "soft": lambda: rng.random(n).astype(dtype)}[labels]()
    return w, b, X, y, float(rng.choice([0.0, 0.01, 0.3, 2.0]))


# -- sigmoid ---------------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("seed", range(5))
def test_sigmoid_matches_scipy_expit(seed, dtype):
    rng = np.random.default_rng(seed)
    z = (rng.standard_normal((7, 9)) * float(rng.choice([1.0, 30.0, 1e3]))).astype(dtype)
    with np.errstate(over="raise"):
        got = ref.sigmoid(z)
    assert got.dtype == dtype and got.shape == z.shape
    np.testing.assert_allclose(got, special.expit(z), rtol=1e-15 if dtype == np.float64 else 1e-6, atol=0)


def test_sigmoid_extremes_match_expit():
    z = np.array([-1e300, -1e4, -745.0, -710.0, -40.0, -1e-300, 0.0, 1e-300, 40.0, 710.0, 1e4, 1e300])
    with np.errstate(over="raise"):
        got = ref.sigmoid(z)
    # expit computes 1 / (1 + exp(-z)): 0 below z = -709, where the true value is subnormal (ours keeps it).
    np.testing.assert_allclose(got, special.expit(z), rtol=1e-15, atol=1e-300)
    assert got[3] > 0 and got[4] == pytest.approx(4.248354255291589e-18, rel=1e-14)
    z32 = np.array([-1e4, -100.0, -88.0, 88.0, 100.0, 1e4], np.float32)
    with np.errstate(over="raise"):
        np.testing.assert_allclose(ref.sigmoid(z32), special.expit(z32), rtol=1e-6, atol=1e-40)


# -- loss_and_grad -----------------------------------------------------------------------------
@pytest.mark.parametrize("labels", ["01", "bool", "soft"])
@pytest.mark.parametrize("seed", range(8))
def test_loss_and_grad_match_torch_autograd(seed, labels):
    rng = np.random.default_rng(seed)
    w, b, X, y, l2 = random_problem(rng, labels=labels, scale=float(rng.choice([0.1, 1.0, 50.0])))
    with np.errstate(over="raise"):
        loss, dw, db = ref.loss_and_grad(w, b, X, y, l2)
    want_loss, want_dw, want_db = torch_loss_and_grad(w, b, X, y, l2)
    peak = max(1.0, float(np.abs(X @ w + b).max()))
    np.testing.assert_allclose(loss, want_loss, rtol=1e-12, atol=1e-13 * peak)
    np.testing.assert_allclose(dw, want_dw, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(db, want_db, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("seed", range(6))
def test_loss_and_grad_match_torch_float32(seed):
    rng = np.random.default_rng(seed)
    w, b, X, y, l2 = random_problem(rng, np.float32)
    loss, dw, db = ref.loss_and_grad(w, b, X, y, l2)
    want_loss, want_dw, want_db = torch_loss_and_grad(w, b, X, y, l2)
    assert dw.dtype == np.float32
    np.testing.assert_allclose(loss, want_loss, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(dw, want_dw, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(db, want_db, rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("seed", range(6))
def test_loss_matches_scipy_log_expit(seed):
    rng = np.random.default_rng(seed)
    w, b, X, y, l2 = random_problem(rng, labels="soft", scale=float(rng.choice([1.0, 300.0])))
    z = X @ w + b
    want = -np.mean(y * special.log_expit(z) + (1 - y) * special.log_expit(-z)) + l2 / 2 * np.dot(w, w)
    np.testing.assert_allclose(ref.loss_and_grad(w, b, X, y, l2)[0], want, rtol=1e-12,
                               atol=1e-13 * max(1.0, float(np.abs(z).max())))


@pytest.mark.parametrize("w, b, X, y", [
    ([1000.0], 0.0, [[1.0]], [0]),  # costs 1000, not inf
    ([-1000.0], 0.0, [[1.0]], [1]),  # costs 1000, not inf and not 34.5
    ([40.0, 1000.0], 0.0, [[1.0, 0.0], [-1.0, 0.0], [0.0, 1.0], [0.0, -1.0]], [1, 0, 1, 0]),  # confident, right
    ([1.0, 1.0], 0.0, [[1e4, 0.0], [-1e4, 0.0], [0.0, 1e4], [0.0, -1e4]], [1, 0, 0, 1]),
    ([1e4], -5.0, [[1.0], [-1.0], [0.5]], [0.3, 0.9, 0.5]),
])
def test_extreme_logits_match_torch(w, b, X, y):
    w, X, y = np.array(w), np.array(X), np.array(y)
    with np.errstate(over="raise"):
        loss, dw, db = ref.loss_and_grad(w, b, X, y, 0.1)
    want_loss, want_dw, want_db = torch_loss_and_grad(w, b, X, y, 0.1)
    assert np.isfinite(loss) and np.isfinite(dw).all() and np.isfinite(db)
    np.testing.assert_allclose(loss, want_loss, rtol=1e-12)
    np.testing.assert_allclose(dw, want_dw, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(db, want_db, rtol=1e-12, atol=1e-12)


def test_the_statement_examples():
    w, X, y = np.array([0.5, -0.5]), np.array([[2.0, 0.0], [0.0, 2.0]]), np.array([1, 0])
    loss, dw, db = ref.loss_and_grad(w, 0.0, X, y)
    np.testing.assert_allclose([loss, *dw, db], [0.31326169, -0.26894142, 0.26894142, 0.0], atol=1e-8)
    loss, dw, db = ref.loss_and_grad(w, 0.0, X, y, 0.1)
    np.testing.assert_allclose([loss, *dw, db], [0.33826169, -0.21894142, 0.21894142, 0.0], atol=1e-8)
    assert ref.loss_and_grad(np.array([1000.0]), 0, np.array([[1.0]]), np.array([0])) == (1000.0, [1.0], 1.0)


# -- fit ------------------------------------------------------------------------------------
def gd_by_definition(X, y, lr, steps, l2):
    """Gradient descent from zeros, each step's gradient from torch autograd at the current (w, b)."""
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(steps):
        _, dw, db = torch_loss_and_grad(w, b, X, y, l2)
        w, b = w - lr * dw, b - lr * db
    return w, b


def dataset(rng, n, d):
    X = rng.standard_normal((n, d))
    y = (X @ rng.standard_normal(d) + rng.normal() + rng.normal(0, 1.0, n) > 0).astype(np.int64)
    return X, y


@pytest.mark.parametrize("seed", range(4))
def test_fit_trajectory_matches_gd_by_definition(seed):
    rng = np.random.default_rng(seed)
    X, y = dataset(rng, int(rng.integers(2, 40)), int(rng.integers(1, 5)))
    lr, l2 = float(rng.choice([0.1, 0.5, 1.0])), float(rng.choice([0.0, 0.1]))
    for steps in (0, 1, 2, 3, 7, 30):
        w, b = ref.fit(X, y, lr, steps, l2)
        want_w, want_b = gd_by_definition(X, y, lr, steps, l2)
        np.testing.assert_allclose(w, want_w, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(b, want_b, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("l2", [0.05, 0.5])
def test_converged_fit_matches_sklearn_with_c_1_over_n_l2(seed, l2):
    rng = np.random.default_rng(seed)
    n = 60
    X, y = dataset(rng, n, 3)
    w, b = ref.fit(X, y, lr=1.5, steps=800, l2=l2)
    _, dw, db = ref.loss_and_grad(w, b, X, y, l2)
    assert np.abs(dw).max() < 1e-10 and abs(db) < 1e-10, "not converged: the comparison would say nothing"
    model = linear_model.LogisticRegression(C=1.0 / (n * l2), tol=1e-12, max_iter=10_000).fit(X, y)
    np.testing.assert_allclose(w, model.coef_[0], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(b, model.intercept_[0], rtol=1e-5, atol=1e-6)


# -- predict_proba and predict -------------------------------------------------------------
def sklearn_model(w, b):
    model = linear_model.LogisticRegression()
    model.classes_ = np.array([0, 1])
    model.coef_ = np.asarray(w, np.float64)[None, :]
    model.intercept_ = np.array([float(b)])
    return model


@pytest.mark.parametrize("seed", range(5))
def test_predict_and_proba_match_sklearn(seed):
    rng = np.random.default_rng(seed)
    d = int(rng.integers(1, 5))
    X = rng.integers(-3, 4, (30, d)).astype(np.float64)  # small integers: logits of exactly 0 occur
    w, b = rng.integers(-2, 3, d).astype(np.float64), float(rng.integers(-2, 3))
    model = sklearn_model(w, b)
    np.testing.assert_array_equal(ref.predict(w, b, X), model.predict(X))
    np.testing.assert_allclose(ref.predict_proba(w, b, X), model.predict_proba(X)[:, 1], rtol=1e-12, atol=1e-15)


def test_logit_of_exactly_zero_predicts_zero_like_sklearn():
    w, b = np.array([1.0, -1.0]), 0.5
    X = np.array([[2.0, 2.5], [1.0, 0.5], [0.0, 0.5], [-3.0, -2.0]])  # logits 0, 1, 0, -0.5
    model = sklearn_model(w, b)
    np.testing.assert_array_equal(model.decision_function(X), [0.0, 1.0, 0.0, -0.5])
    np.testing.assert_array_equal(ref.predict(w, b, X), model.predict(X))
    np.testing.assert_array_equal(ref.predict(w, b, X), [0, 1, 0, 0])
    np.testing.assert_allclose(ref.predict_proba(w, b, X), model.predict_proba(X)[:, 1])
