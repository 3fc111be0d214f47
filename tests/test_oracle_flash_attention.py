"""The flash_attention reference against torch's scaled_dot_product_attention and a plain NumPy full
attention, for every kind of block size, causal or not, float32, and scores of 1e4."""
from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from katatest import reference

torch = pytest.importorskip("torch")
F = torch.nn.functional
ref = reference("flash_attention")


def full_attention(q, k, v, causal=False):
    """softmax(q k^T / sqrt(d)) v from the definition, the whole score matrix at once, in float64."""
    q, k, v = (np.asarray(x, np.float64) for x in (q, k, v))
    s = q @ k.swapaxes(-1, -2) / np.sqrt(q.shape[-1])
    if causal:
        s = np.where(np.triu(np.ones(s.shape[-2:], dtype=bool), 1), -np.inf, s)
    p = np.exp(s - s.max(axis=-1, keepdims=True))
    return (p @ v) / p.sum(axis=-1, keepdims=True)


def sdpa(q, k, v, causal=False):
    t = [torch.from_numpy(np.ascontiguousarray(x)) for x in (q, k, v)]
    return F.scaled_dot_product_attention(*t, is_causal=causal).numpy()


def block_sizes(Lk):
    return sorted({1, 2, 3, max(Lk // 2, 1), Lk, Lk + 5, 64})


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("causal", [False, True])
def test_matches_torch_and_full_attention(seed, causal):
    rng = np.random.default_rng(seed)
    batch = tuple(int(b) for b in rng.integers(1, 4, size=rng.integers(0, 3)))
    Lq, Lk = (int(n) for n in rng.integers(1, 40, size=2))
    Lq = Lk if causal else Lq
    d, dv = (int(n) for n in rng.integers(1, 17, size=2))
    q, k = rng.standard_normal((*batch, Lq, d)) * 2, rng.standard_normal((*batch, Lk, d)) * 2
    v = rng.standard_normal((*batch, Lk, dv))
    want = sdpa(q, k, v, causal)
    np.testing.assert_allclose(full_attention(q, k, v, causal), want, rtol=1e-10, atol=1e-12)
    for block_size in block_sizes(Lk):
        got = ref.flash_attention(q, k, v, block_size, causal)
        assert got.dtype == np.float64 and got.shape == (*batch, Lq, dv)
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12, err_msg=f"block_size={block_size}")


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("causal", [False, True])
def test_float32_matches_torch(seed, causal):
    rng = np.random.default_rng(100 + seed)
    L = int(rng.integers(1, 200))
    q, k, v = (rng.standard_normal((2, L, 8)).astype(np.float32) for _ in range(3))
    got = ref.flash_attention(q, k, v, 16, causal)
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, sdpa(q, k, v, causal), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("sign", [1.0, -1.0])
@pytest.mark.parametrize("block_size", [1, 3, 50])
def test_scores_of_1e4(sign, block_size):
    """Scores of magnitude 1e4 spread over the blocks: torch (float64) and the shifted full softmax agree."""
    rng = np.random.default_rng(7)
    q = rng.standard_normal((5, 4)) * 100
    k = sign * np.abs(rng.standard_normal((23, 4))) * 100
    v = rng.standard_normal((23, 3))
    scores = q @ k.T / 2
    assert np.abs(scores).max() > 1e4 / 3
    got = ref.flash_attention(q, k, v, block_size)
    assert np.isfinite(got).all()
    np.testing.assert_allclose(got, sdpa(q, k, v), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(got, full_attention(q, k, v), rtol=1e-9, atol=1e-12)


def test_worked_example():
    q, k, v = np.array([[1.0, 0.0]]), np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]), np.array([[1.0], [2.0], [4.0]])
    np.testing.assert_allclose(ref.flash_attention(q, k, v, 2), [[2.4011]], atol=1e-4)
    np.testing.assert_allclose(ref.flash_attention(q, k, v, 2), sdpa(q, k, v), rtol=1e-12)


def test_integer_inputs_give_float64():
    q, k, v = np.array([[1, 0], [2, -1]]), np.array([[1, 1], [0, 2], [-1, 1]]), np.array([[1], [2], [3]])
    got = ref.flash_attention(q, k, v, 2)
    assert got.dtype == np.float64
    np.testing.assert_allclose(got, sdpa(q.astype(float), k.astype(float), v.astype(float)), rtol=1e-12)


def test_empty_queries_and_invalid_inputs():
    k, v = np.ones((4, 3)), np.ones((4, 2))
    assert ref.flash_attention(np.zeros((2, 0, 3)), np.ones((2, 4, 3)), np.ones((2, 4, 2)), 2).shape == (2, 0, 2)
    for args in [(np.ones((2, 3)), k, v, 0), (np.ones((2, 3)), k, v, -1), (np.ones((2, 3)), k, v, 2, True),
                 (np.ones((2, 3)), np.zeros((0, 3)), np.zeros((0, 2)), 2)]:
        with pytest.raises(ValueError):
            ref.flash_attention(*args)


def peak_of(fn, *args):
    tracemalloc.start()
    try:
        out = fn(*args)
        return out, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_bound_of_the_statement():
    """The grader's measurement tells the two apart: the full attention's peak holds the 64 MiB score
    matrix, the reference stays far under the 16 MiB bound."""
    rng = np.random.default_rng(0)
    q, k, v = rng.standard_normal((256, 4)), rng.standard_normal((32768, 4)), rng.standard_normal((32768, 4))
    got, peak = peak_of(ref.flash_attention, q, k, v, 128)
    want, full_peak = peak_of(full_attention, q, k, v)
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)
    assert peak < 2 * 2**20 < 16 * 2**20 < 64 * 2**20 <= full_peak, (peak, full_peak)
