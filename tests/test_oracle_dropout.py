"""The dropout reference has the statistics of torch.nn.functional.dropout, with torch's p being
the probability of DROPPING (ours: of keeping): the same fraction kept, the same scale 1/p_keep,
and the same mean (that of x) on a large input."""
import math

import numpy as np
import pytest

from katatest import reference

torch = pytest.importorskip("torch")
ref = reference("dropout")

X = np.random.default_rng(0).uniform(0.5, 2.0, size=(300, 400))


@pytest.mark.parametrize("p_keep", [0.1, 0.5, 0.8, 0.95])
def test_statistics_match_torch_dropout(p_keep):
    torch.manual_seed(0)
    ours, _ = ref.dropout_forward(X, {"p": p_keep, "mode": "train", "seed": 1})
    theirs = torch.nn.functional.dropout(torch.from_numpy(X), p=1 - p_keep, training=True).numpy()
    sd = math.sqrt(p_keep * (1 - p_keep) / X.size)
    for out in (ours, theirs):
        kept = out != 0
        assert abs(kept.mean() - p_keep) < 6 * sd
        np.testing.assert_allclose(out[kept], X[kept] / p_keep, rtol=1e-12)
    # Same fraction kept and same mean for both (E[out] = x), within sampling error.
    assert abs((ours != 0).mean() - (theirs != 0).mean()) < 12 * sd
    mean_sd = X.std() / math.sqrt(X.size) * math.sqrt(1 / p_keep)
    assert abs(ours.mean() - X.mean()) < 8 * mean_sd + 1e-9
    assert abs(ours.mean() - theirs.mean()) < 12 * mean_sd + 1e-9


def test_eval_mode_is_identity_like_torch():
    ours, _ = ref.dropout_forward(X, {"p": 0.3, "mode": "test"})
    theirs = torch.nn.functional.dropout(torch.from_numpy(X), p=0.7, training=False).numpy()
    np.testing.assert_array_equal(ours, X)
    np.testing.assert_array_equal(theirs, X)


def test_backward_matches_autograd_through_the_same_mask():
    ours, cache = ref.dropout_forward(X, {"p": 0.6, "mode": "train", "seed": 3})
    mask = torch.from_numpy(ours / X)  # 0 or 1/p: the mask the reference used
    xt = torch.from_numpy(X).requires_grad_()
    (xt * mask).backward(torch.ones_like(xt))
    np.testing.assert_allclose(ref.dropout_backward(np.ones_like(X), cache), xt.grad.numpy(), rtol=1e-12)


def test_float32_and_seed():
    x = X.astype(np.float32)
    a, _ = ref.dropout_forward(x, {"p": 0.7, "mode": "train", "seed": 5})
    b, _ = ref.dropout_forward(x, {"p": 0.7, "mode": "train", "seed": 5})
    assert a.dtype == np.float32
    np.testing.assert_array_equal(a, b)
