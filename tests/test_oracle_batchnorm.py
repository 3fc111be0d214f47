"""The batchnorm reference agrees with torch.nn.functional.batch_norm (forward and running mean,
with momentum translated), with autograd for the gradients, and its running variance differs from
torch's by exactly torch's unbiased N / (N - 1) factor."""
import copy

import numpy as np
import pytest

from katatest import reference

torch = pytest.importorskip("torch")
F = torch.nn.functional
ref = reference("batchnorm")

MOMENTUM = 0.9  # CS231n: weight of the old value. torch's momentum is the weight of the new one.


def random_batch(rng, dtype=np.float64):
    n, d = int(rng.integers(2, 12)), int(rng.integers(1, 6))
    x = (rng.normal(0, 3, d) + rng.uniform(0.5, 3, d) * rng.standard_normal((n, d))).astype(dtype)
    return x, rng.uniform(0.5, 2, d).astype(dtype), rng.normal(0, 1, d).astype(dtype)


@pytest.mark.parametrize("seed", range(15))
def test_train_forward_and_running_stats_match_torch(seed):
    rng = np.random.default_rng(seed)
    x, gamma, beta = random_batch(rng)
    n, d = x.shape
    bn_param = {"mode": "train", "running_mean": rng.standard_normal(d), "running_var": rng.uniform(0.5, 2, d)}
    torch_mean = torch.from_numpy(bn_param["running_mean"].copy())
    torch_var = torch.from_numpy(bn_param["running_var"].copy())
    old_var = bn_param["running_var"].copy()

    out, _ = ref.batchnorm_forward(x, gamma, beta, bn_param)
    want = F.batch_norm(torch.from_numpy(x), torch_mean, torch_var, torch.from_numpy(gamma),
                        torch.from_numpy(beta), training=True, momentum=1 - MOMENTUM, eps=1e-5)
    np.testing.assert_allclose(out, want.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(bn_param["running_mean"], torch_mean.numpy(), rtol=1e-12, atol=1e-12)
    # torch averages the UNBIASED batch variance: its new share is N / (N - 1) times ours.
    ours_new = (bn_param["running_var"] - MOMENTUM * old_var) / (1 - MOMENTUM)
    torch_new = (torch_var.numpy() - MOMENTUM * old_var) / (1 - MOMENTUM)
    np.testing.assert_allclose(torch_new, ours_new * n / (n - 1), rtol=1e-9, atol=1e-12)
    assert not np.allclose(bn_param["running_var"], torch_var.numpy())


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_test_mode_matches_torch(seed, dtype):
    rng = np.random.default_rng(100 + seed)
    x, gamma, beta = random_batch(rng, dtype)
    d = x.shape[1]
    rm, rv = rng.standard_normal(d).astype(dtype), rng.uniform(0.1, 3, d).astype(dtype)
    out, _ = ref.batchnorm_forward(x, gamma, beta, {"mode": "test", "running_mean": rm, "running_var": rv})
    want = F.batch_norm(*(torch.from_numpy(v) for v in (x, rm, rv, gamma, beta)), training=False, eps=1e-5)
    assert out.dtype == dtype
    tol = dict(rtol=1e-12, atol=1e-12) if dtype == np.float64 else dict(rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(out, want.numpy(), **tol)


@pytest.mark.parametrize("seed", range(15))
def test_gradients_match_autograd(seed):
    rng = np.random.default_rng(200 + seed)
    x, gamma, beta = random_batch(rng)
    dout = rng.standard_normal(x.shape)
    out, cache = ref.batchnorm_forward(x, gamma, beta, {"mode": "train"})
    dx, dgamma, dbeta = ref.batchnorm_backward(dout, cache)
    xt, gt, bt = (torch.tensor(v, requires_grad=True) for v in (x, gamma, beta))
    out_t = F.batch_norm(xt, None, None, gt, bt, training=True, eps=1e-5)
    out_t.backward(torch.from_numpy(dout))
    np.testing.assert_allclose(out, out_t.detach().numpy(), rtol=1e-10, atol=1e-12)
    for got, want in ((dx, xt.grad), (dgamma, gt.grad), (dbeta, bt.grad)):
        np.testing.assert_allclose(got, want.numpy(), rtol=1e-8, atol=1e-10)


def test_several_steps_then_test_mode_match_torch_module():
    """A few train steps on one bn_param, then test mode, against nn.BatchNorm1d with the running
    mean compared directly and the running variance rebuilt from torch's batch variances."""
    rng = np.random.default_rng(7)
    d = 3
    layer = torch.nn.BatchNorm1d(d, eps=1e-5, momentum=1 - MOMENTUM, dtype=torch.float64)
    with torch.no_grad():
        layer.running_var.zero_()  # CS231n's default running_var is zeros, torch's ones
    bn_param, biased_var = {"mode": "train"}, np.zeros(d)
    gamma, beta = np.ones(d), np.zeros(d)
    for _ in range(5):
        x = rng.normal(2, 3, size=(8, d))
        out, _ = ref.batchnorm_forward(x, gamma, beta, bn_param)
        np.testing.assert_allclose(out, layer.train()(torch.from_numpy(x)).detach().numpy(), rtol=1e-10, atol=1e-12)
        biased_var = MOMENTUM * biased_var + (1 - MOMENTUM) * x.var(axis=0)
    np.testing.assert_allclose(bn_param["running_mean"], layer.running_mean.numpy(), rtol=1e-12)
    np.testing.assert_allclose(bn_param["running_var"], biased_var, rtol=1e-12)
    x = rng.normal(2, 3, size=(4, d))
    out, _ = ref.batchnorm_forward(x, gamma, beta, {**copy.deepcopy(bn_param), "mode": "test"})
    with torch.no_grad():
        layer.running_var.copy_(torch.from_numpy(bn_param["running_var"]))  # ours, biased
    want = layer.eval()(torch.from_numpy(x)).detach().numpy()
    np.testing.assert_allclose(out, want, rtol=1e-10, atol=1e-12)
