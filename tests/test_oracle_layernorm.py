"""The layernorm reference agrees with torch.nn.functional.layer_norm and torch.nn.functional.rms_norm
(eps passed explicitly), values and autograd gradients, for any leading axes and both float dtypes."""
import numpy as np
import pytest

from katatest import reference

torch = pytest.importorskip("torch")
F = torch.nn.functional
ref = reference("layernorm")

SHAPES = [(5,), (3, 5), (2, 3, 5), (2, 2, 3, 4), (7, 1), (0, 4), (2, 0, 3)]


def tol(dtype):
    # float32: torch's D = 1 rows are round-off over sqrt(eps) (~1e-4), ours exactly 0.
    return dict(rtol=1e-10, atol=1e-12) if dtype == np.float64 else dict(rtol=2e-5, atol=2e-4)


def inputs(rng, shape, dtype):
    d = shape[-1]
    x = (rng.normal(0, 3) + rng.uniform(0.5, 4) * rng.standard_normal(shape)).astype(dtype)
    return (x, rng.uniform(0.5, 2, d).astype(dtype), rng.normal(0, 1, d).astype(dtype),
            rng.standard_normal(shape).astype(dtype))


def torch_grads(fn, arrays, dout):
    tensors = [torch.tensor(a, requires_grad=True) for a in arrays]
    out = fn(*tensors)
    grads = torch.autograd.grad(out, tensors, torch.from_numpy(dout), allow_unused=True)
    return out.detach().numpy(), [np.zeros_like(a) if g is None else g.numpy() for a, g in zip(arrays, grads)]


def assert_same(ours, theirs, dtype, **tolerance):
    for got, want in zip(ours, theirs):
        assert got.shape == want.shape and got.dtype == dtype, (got.shape, want.shape, got.dtype)
        np.testing.assert_allclose(got, want, **(tolerance or tol(dtype)))


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("eps", [None, 0.1])
def test_layernorm_matches_torch(shape, dtype, seed, eps):
    rng = np.random.default_rng(seed)
    x, gamma, beta, dout = inputs(rng, shape, dtype)
    extra = () if eps is None else (eps,)
    out, cache = ref.layernorm_forward(x, gamma, beta, *extra)
    grads = ref.layernorm_backward(dout, cache)
    want, want_grads = torch_grads(lambda xt, g, b: F.layer_norm(xt, (shape[-1],), g, b, eps or 1e-5),
                                   (x, gamma, beta), dout)
    assert_same((out, *grads), (want, *want_grads), dtype)


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("eps", [None, 0.5])
def test_rmsnorm_matches_torch(shape, dtype, seed, eps):
    rng = np.random.default_rng(100 + seed)
    x, gamma, _, dout = inputs(rng, shape, dtype)
    extra = () if eps is None else (eps,)
    out, cache = ref.rmsnorm_forward(x, gamma, *extra)
    grads = ref.rmsnorm_backward(dout, cache)
    # eps explicitly: F.rms_norm's eps=None is the dtype's machine epsilon, not this kata's 1e-6.
    want, want_grads = torch_grads(lambda xt, g: F.rms_norm(xt, (shape[-1],), g, eps or 1e-6), (x, gamma), dout)
    assert_same((out, *grads), (want, *want_grads), dtype)


EDGES = {
    "constant rows": np.array([[3.0, 3.0, 3.0, 3.0], [-1.0, -1.0, -1.0, -1.0]]),
    "tiny variance": np.array([[1.0, 1.001, 0.999, 1.0], [0.0, 0.003, -0.001, 0.002]]),
    "large mean": 1e6 + np.array([[0.1, -0.2, 0.05, 0.3], [-0.3, 0.1, 0.2, -0.1]]),
    "zero row": np.array([[0.0, 0.0, 0.0, 0.0], [1e-3, -1e-3, 2e-3, 0.0]]),
}


@pytest.mark.parametrize("name", list(EDGES))
def test_edge_inputs_match_torch(name):
    x = EDGES[name]
    rng = np.random.default_rng(7)
    gamma, beta, dout = rng.uniform(0.5, 2, 4), rng.normal(0, 1, 4), rng.standard_normal(x.shape)
    out, cache = ref.layernorm_forward(x, gamma, beta)
    want, want_grads = torch_grads(lambda xt, g, b: F.layer_norm(xt, (4,), g, b, 1e-5), (x, gamma, beta), dout)
    # A mean of 1e6 costs a few digits on either side (x - mean keeps ~1e-10 of 0.1).
    loose = dict(rtol=1e-8, atol=1e-8) if name == "large mean" else {}
    assert_same((out, *ref.layernorm_backward(dout, cache)), (want, *want_grads), np.float64, **loose)
    out, cache = ref.rmsnorm_forward(x, gamma)
    want, want_grads = torch_grads(lambda xt, g: F.rms_norm(xt, (4,), g, 1e-6), (x, gamma), dout)
    assert_same((out, *ref.rmsnorm_backward(dout, cache)), (want, *want_grads), np.float64)


def test_worked_examples():
    out, _ = ref.layernorm_forward(np.array([[1.0, 3.0], [2.0, 2.0]]), np.array([2.0, 1.0]), np.array([0.0, 1.0]))
    s = np.sqrt(1 + 1e-5)
    np.testing.assert_allclose(out, [[-2 / s, 1 / s + 1], [0.0, 1.0]], rtol=1e-14, atol=1e-15)
    out, _ = ref.rmsnorm_forward(np.array([[2.0, -2.0, 2.0, -2.0]]), np.array([1.0, 2.0, 3.0, 4.0]))
    np.testing.assert_allclose(out, [[1.0, -2.0, 3.0, -4.0]], rtol=1e-6)


@pytest.mark.parametrize("fn", ["layernorm_forward", "rmsnorm_forward"])
@pytest.mark.parametrize("x, gamma", [(np.array(2.0), np.ones(1)), (np.zeros((3, 0)), np.zeros(0)),
                                      (np.ones((2, 4)), np.ones(1)), (np.ones((2, 4)), np.ones((1, 4)))],
                         ids=["0-d x", "D = 0", "gamma [1]", "gamma [1, D]"])
def test_invalid_inputs_raise(fn, x, gamma):
    args = (x, gamma, np.zeros(np.shape(gamma))) if fn == "layernorm_forward" else (x, gamma)
    with pytest.raises(ValueError):
        getattr(ref, fn)(*args)
