"""The kv_cache reference against torch.nn.MultiheadAttention (batch_first, causal mask, copied weights):
its forward, and every decode step against torch's forward on the tokens fed so far."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from katatest import reference

ref = reference("kv_cache")


def close(a, b, dtype):
    tol = dict(rtol=1e-5, atol=1e-6) if dtype == torch.float32 else dict(rtol=1e-10, atol=1e-12)
    return a.dtype == b.dtype == dtype and a.shape == b.shape and torch.allclose(a, b, **tol)


def pair(seed: int, dtype):
    """The reference module with random weights, and torch's with the same weights."""
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    num_heads = int(rng.choice([1, 2, 4]))
    d_model = num_heads * int(rng.integers(1, 5))
    bias = bool(seed % 2 == 0)
    mine = ref.CausalSelfAttention(d_model, num_heads, max_len=12, bias=bias).to(dtype)
    theirs = torch.nn.MultiheadAttention(d_model, num_heads, bias=bias, batch_first=True).to(dtype)
    with torch.no_grad():
        theirs.in_proj_weight.copy_(torch.cat([mine.W_q.weight, mine.W_k.weight, mine.W_v.weight]))
        theirs.out_proj.weight.copy_(mine.W_o.weight)
        if bias:
            theirs.in_proj_bias.copy_(torch.cat([mine.W_q.bias, mine.W_k.bias, mine.W_v.bias]))
            theirs.out_proj.bias.copy_(mine.W_o.bias)
    return mine, theirs


def torch_causal(theirs, x):
    L = x.shape[1]
    blocked = torch.ones(L, L, dtype=torch.bool).triu(1)  # torch: True = may NOT attend
    out, _ = theirs(x, x, x, attn_mask=blocked, need_weights=False)
    return out


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_forward_matches_torch(seed, dtype):
    mine, theirs = pair(seed, dtype)
    B, L = 1 + seed % 3, 1 + seed
    x = torch.randn(B, L, mine.d_model, dtype=dtype)
    with torch.no_grad():
        assert close(mine(x), torch_causal(theirs, x), dtype)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_every_decode_step_matches_torch_on_the_prefix(seed, dtype):
    mine, theirs = pair(100 + seed, dtype)
    B, L = 1 + seed % 3, mine.max_len  # exactly max_len steps fit
    x = torch.randn(B, L, mine.d_model, dtype=dtype)
    with torch.no_grad():
        cache = mine.init_cache(B)
        for t in range(L):
            out, cache = mine.decode_step(x[:, t], cache)
            assert close(out, torch_causal(theirs, x[:, :t + 1])[:, t], dtype), t
        with pytest.raises(ValueError):
            mine.decode_step(x[:, 0], cache)


def test_two_caches_decoded_in_turns_match_torch():
    mine, theirs = pair(7, torch.float64)
    a, b = torch.randn(2, 6, mine.d_model, dtype=torch.float64), torch.randn(3, 6, mine.d_model, dtype=torch.float64)
    with torch.no_grad():
        ca, cb = mine.init_cache(2), mine.init_cache(3)
        for t in range(6):
            out_a, ca = mine.decode_step(a[:, t], ca)
            out_b, cb = mine.decode_step(b[:, t], cb)
            assert close(out_a, torch_causal(theirs, a)[:, t], torch.float64)
            assert close(out_b, torch_causal(theirs, b)[:, t], torch.float64)


def test_the_statement_example():
    m = ref.CausalSelfAttention(2, 1, max_len=4, bias=False)
    with torch.no_grad():
        for layer in (m.W_q, m.W_k, m.W_v, m.W_o):
            layer.weight.copy_(torch.eye(2))
        x = torch.tensor([[[1.0, 0.0], [0.0, 1.0]]])
        cache = m.init_cache(1)
        step0, cache = m.decode_step(x[:, 0], cache)
        step1, cache = m.decode_step(x[:, 1], cache)
        w = torch.softmax(torch.tensor([0.0, 2 ** -0.5]), dim=0)  # scores [0, 1/sqrt 2]
    assert torch.allclose(step0, torch.tensor([[1.0, 0.0]]))
    assert torch.allclose(step1, w[None], atol=1e-6) and torch.allclose(w, torch.tensor([0.3302, 0.6698]), atol=1e-4)
    assert torch.allclose(m(x)[:, 1], step1, atol=1e-6)


def test_invalid_input():
    for args in [(8, 3, 16), (6, 4, 8), (8, 2, 0), (4, 1, -1)]:
        with pytest.raises(ValueError):
            ref.CausalSelfAttention(*args)
    m = ref.CausalSelfAttention(4, 2, max_len=3)
    with pytest.raises(ValueError):
        m(torch.randn(1, 4, 4))
