"""The lstm reference agrees with torch: lstm_forward with torch.nn.LSTM (batch_first, h0 given, c0 = 0) and
the step (values and autograd gradients for both upstream gradients) with torch.nn.LSTMCell, the weights
remapped from torch's layout: weight_ih is [4H, D] in the order i, f, g, o, and two biases."""
import numpy as np
import pytest

from katatest import reference

torch = pytest.importorskip("torch")
ref = reference("lstm")


def to_torch_order(w):
    """Our [..., 4H] blocks i, f, o, g -> torch's i, f, g, o (the same permutation undoes itself)."""
    i, f, o, g = np.split(w, 4, axis=-1)
    return np.concatenate([i, f, g, o], axis=-1)


def load(module, Wx, Wh, b, rng, suffix=""):
    """Our parameters into a torch LSTM / LSTMCell: transposed, reordered, b split into two biases."""
    b_hh = rng.normal(0, 1, b.shape).astype(b.dtype)
    with torch.no_grad():
        getattr(module, f"weight_ih{suffix}").copy_(torch.from_numpy(to_torch_order(Wx).T.copy()))
        getattr(module, f"weight_hh{suffix}").copy_(torch.from_numpy(to_torch_order(Wh).T.copy()))
        getattr(module, f"bias_ih{suffix}").copy_(torch.from_numpy(to_torch_order(b - b_hh)))
        getattr(module, f"bias_hh{suffix}").copy_(torch.from_numpy(to_torch_order(b_hh)))


def params(rng, d, h, dtype, scale=1.0):
    return (rng.normal(0, scale / np.sqrt(d), (d, 4 * h)).astype(dtype),
            rng.normal(0, scale / np.sqrt(h), (h, 4 * h)).astype(dtype),
            rng.normal(0, 0.5 * scale, 4 * h).astype(dtype))


def tol(dtype):
    return dict(rtol=1e-9, atol=1e-11) if dtype == np.float64 else dict(rtol=1e-4, atol=2e-5)


def torch_dtype(dtype):
    return torch.float64 if dtype == np.float64 else torch.float32


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("scale", [1.0, 4.0], ids=["moderate", "large weights"])
def test_lstm_forward_matches_nn_lstm(dtype, seed, scale):
    rng = np.random.default_rng(seed)
    n, t, d, h = (int(v) for v in rng.integers(1, 6, 4))
    x = rng.standard_normal((n, t, d)).astype(dtype)
    h0 = rng.uniform(-1, 1, (n, h)).astype(dtype)
    Wx, Wh, b = params(rng, d, h, dtype, scale)
    lstm = torch.nn.LSTM(d, h, batch_first=True).to(torch_dtype(dtype))
    load(lstm, Wx, Wh, b, rng, suffix="_l0")
    with torch.no_grad():
        want, _ = lstm(torch.from_numpy(x), (torch.from_numpy(h0)[None], torch.zeros(1, n, h, dtype=torch_dtype(dtype))))
    got = ref.lstm_forward(x, h0, Wx, Wh, b)
    assert got.shape == (n, t, h) and got.dtype == dtype
    np.testing.assert_allclose(got, want.numpy(), **tol(dtype))


def torch_step(x, prev_h, prev_c, Wx, Wh, b, dnext_h, dnext_c, rng):
    """next_h, next_c and the six gradients from torch.nn.LSTMCell and autograd, in our layout."""
    dtype = torch_dtype(x.dtype)
    cell = torch.nn.LSTMCell(x.shape[1], prev_h.shape[1]).to(dtype)
    load(cell, Wx, Wh, b, rng)
    xt, ht, ct = (torch.tensor(v, requires_grad=True) for v in (x, prev_h, prev_c))
    next_h, next_c = cell(xt, (ht, ct))
    grads = torch.autograd.grad((next_h, next_c), [xt, ht, ct, cell.weight_ih, cell.weight_hh, cell.bias_ih],
                                (torch.from_numpy(dnext_h), torch.from_numpy(dnext_c)))
    dx, dh, dc, dw_ih, dw_hh, db = (g.numpy() for g in grads)
    # Back to our layout: transpose, then i, f, g, o -> i, f, o, g (b_ih and b_hh get the same gradient).
    return (next_h.detach().numpy(), next_c.detach().numpy(),
            (dx, dh, dc, to_torch_order(dw_ih.T), to_torch_order(dw_hh.T), to_torch_order(db)))


def check_step(x, prev_h, prev_c, Wx, Wh, b, dnext_h, dnext_c, rng, **tolerance):
    next_h, next_c, cache = ref.lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b)
    grads = ref.lstm_step_backward(dnext_h, dnext_c, cache)
    want_h, want_c, want_grads = torch_step(x, prev_h, prev_c, Wx, Wh, b, dnext_h, dnext_c, rng)
    for got, want in zip((next_h, next_c, *grads), (want_h, want_c, *want_grads)):
        assert got.shape == want.shape and got.dtype == x.dtype, (got.shape, want.shape, got.dtype)
        np.testing.assert_allclose(got, want, **(tolerance or tol(x.dtype)))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("seed", range(5))
def test_step_matches_lstm_cell_and_autograd(dtype, seed):
    rng = np.random.default_rng(100 + seed)
    n, d, h = (int(v) for v in rng.integers(1, 7, 3))
    x = rng.standard_normal((n, d)).astype(dtype)
    prev_h, prev_c = rng.uniform(-1, 1, (n, h)).astype(dtype), rng.normal(0, 2, (n, h)).astype(dtype)
    Wx, Wh, b = params(rng, d, h, dtype)
    dnext_h, dnext_c = rng.standard_normal((2, n, h)).astype(dtype)
    check_step(x, prev_h, prev_c, Wx, Wh, b, dnext_h, dnext_c, rng)


@pytest.mark.parametrize("upstream", ["dnext_h only", "dnext_c only"])
def test_each_upstream_gradient_matches_autograd(upstream):
    rng = np.random.default_rng(7)
    n, d, h = 3, 4, 5
    x, prev_h, prev_c = rng.standard_normal((n, d)), rng.uniform(-1, 1, (n, h)), rng.normal(0, 2, (n, h))
    dnext_h, dnext_c = rng.standard_normal((2, n, h))
    (dnext_c if upstream == "dnext_h only" else dnext_h)[:] = 0
    check_step(x, prev_h, prev_c, *params(rng, d, h, np.float64), dnext_h, dnext_c, rng)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_saturated_gates_match_torch(dtype):
    """Pre-activations up to |a| ~ 1e3: finite, and equal to torch's (gradients through saturated gates vanish)."""
    rng = np.random.default_rng(3)
    n, d, h = 4, 3, 2
    x = rng.choice([-1.0, 1.0], (n, d)).astype(dtype)
    prev_h, prev_c = rng.uniform(-1, 1, (n, h)).astype(dtype), rng.normal(0, 2, (n, h)).astype(dtype)
    Wx = rng.choice([-1.0, 1.0], (d, 4 * h)) * rng.uniform(100, 330, (d, 4 * h))
    Wx, Wh, b = Wx.astype(dtype), rng.normal(0, 1, (h, 4 * h)).astype(dtype), np.zeros(4 * h, dtype)
    dnext_h, dnext_c = rng.standard_normal((2, n, h)).astype(dtype)
    assert np.abs(x @ Wx).max() > 700
    with np.errstate(all="raise"):  # no overflow on the way (underflow of exp(-|a|) to 0 is fine)
        with np.errstate(under="ignore"):
            next_h, next_c, _ = ref.lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b)
    assert np.all(np.isfinite(next_h)) and np.all(np.isfinite(next_c))
    # float32: torch's sigmoid of a saturated gate differs from ours by one ulp of 1; scale the atol to it.
    check_step(x, prev_h, prev_c, Wx, Wh, b, dnext_h, dnext_c, rng,
               **(tol(dtype) if dtype == np.float64 else dict(rtol=1e-4, atol=1e-4)))
    seq = np.stack([x, -x, x / 2], axis=1)
    lstm = torch.nn.LSTM(d, h, batch_first=True).to(torch_dtype(dtype))
    load(lstm, Wx, Wh, b, rng, suffix="_l0")
    with torch.no_grad():
        want, _ = lstm(torch.from_numpy(seq), (torch.from_numpy(prev_h)[None], torch.zeros(1, n, h, dtype=torch_dtype(dtype))))
    np.testing.assert_allclose(ref.lstm_forward(seq, prev_h, Wx, Wh, b), want.numpy(), **tol(dtype))


def test_worked_example():
    next_h, next_c, _ = ref.lstm_step_forward(np.array([[1.0]]), np.array([[0.0]]), np.array([[2.0]]),
                                              np.array([[0.0, 2.0, -1.0, 0.5]]), np.zeros((1, 4)), np.zeros(4))
    np.testing.assert_allclose(next_c, [[1.99265]], atol=1e-5)
    np.testing.assert_allclose(next_h, [[0.25913]], atol=1e-5)
    # The same numbers read in torch's order (g = tanh(-1), o = sigmoid(0.5)) give the statement's other values.
    want_h, want_c, _ = torch_step(np.array([[1.0]]), np.array([[0.0]]), np.array([[2.0]]),
                                   to_torch_order(np.array([[0.0, 2.0, -1.0, 0.5]])), np.zeros((1, 4)), np.zeros(4),
                                   np.ones((1, 1)), np.ones((1, 1)), np.random.default_rng(0))
    np.testing.assert_allclose(want_c, [[1.38080]], atol=1e-5)
    np.testing.assert_allclose(want_h, [[0.54847]], atol=1e-5)


@pytest.mark.parametrize("fn", ["lstm_step_forward", "lstm_forward"])
@pytest.mark.parametrize("bad", ["Wx not multiple of 4", "Wx torch layout", "Wh transposed", "b [1, 4H]",
                                 "state [1, H]", "x ndim"])
def test_invalid_inputs_raise(fn, bad):
    n, d, h = 3, 5, 2
    x = np.ones((n, d)) if fn == "lstm_step_forward" else np.ones((n, 4, d))
    Wx, Wh, b, state = np.ones((d, 4 * h)), np.ones((h, 4 * h)), np.ones(4 * h), np.ones((n, h))
    if bad == "Wx not multiple of 4":
        Wx = np.ones((d, 6))
    elif bad == "Wx torch layout":
        Wx = np.ones((4 * h, d))
    elif bad == "Wh transposed":
        Wh = np.ones((4 * h, h))
    elif bad == "b [1, 4H]":
        b = np.ones((1, 4 * h))
    elif bad == "state [1, H]":
        state = np.ones((1, h))
    else:
        x = x[..., None]
    args = (x, state, state, Wx, Wh, b) if fn == "lstm_step_forward" else (x, state, Wx, Wh, b)
    with pytest.raises(ValueError):
        getattr(ref, fn)(*args)
