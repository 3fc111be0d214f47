"""The attention reference against torch's own implementations, on random cases."""
from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from katatest import reference

ref = reference("attention")


def close(a, b, dtype):
    tol = dict(rtol=1e-5, atol=1e-6) if dtype == torch.float32 else dict(rtol=1e-10, atol=1e-12)
    return torch.allclose(a, b, **tol)


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_sdpa_matches_torch(seed, dtype):
    rng = np.random.default_rng(seed)
    batch = tuple(int(b) for b in rng.integers(1, 4, size=rng.integers(0, 3)))
    Lq, Lk, d, dv = (int(n) for n in rng.integers(1, 9, size=4))
    q = torch.from_numpy(rng.standard_normal((*batch, Lq, d))).to(dtype)
    k = torch.from_numpy(rng.standard_normal((*batch, Lk, d))).to(dtype)
    v = torch.from_numpy(rng.standard_normal((*batch, Lk, dv))).to(dtype)
    mask = None
    if seed % 3:
        shape = [(Lq, Lk), (*batch, Lq, Lk)][seed % 2]
        m = rng.random(shape) < 0.5
        m[..., 0] = True
        mask = torch.from_numpy(m)
    out, attn = ref.scaled_dot_product_attention(q, k, v, mask)
    assert out.dtype == attn.dtype == dtype
    assert close(out, F.scaled_dot_product_attention(q, k, v, attn_mask=mask), dtype)
    assert close(attn.sum(-1), torch.ones_like(attn.sum(-1)), dtype)
    # attn is what SDPA applies: recover it with v = identity
    eye = torch.eye(Lk, dtype=dtype).expand(*batch, Lk, Lk)
    assert close(attn, F.scaled_dot_product_attention(q, k, eye, attn_mask=mask), dtype)


@pytest.mark.parametrize("L", [1, 2, 7])
def test_causal_mask_matches_torch(L):
    torch_mask = torch.nn.Transformer.generate_square_subsequent_mask(L)  # 0 allowed, -inf blocked
    assert torch.equal(ref.causal_mask(L), torch_mask == 0)
    assert ref.causal_mask(L).dtype == torch.bool


def copy_into_torch(mha, d_model, num_heads, bias, dtype):
    theirs = torch.nn.MultiheadAttention(d_model, num_heads, bias=bias, batch_first=True).to(dtype)
    with torch.no_grad():
        theirs.in_proj_weight.copy_(torch.cat([mha.W_q.weight, mha.W_k.weight, mha.W_v.weight]))
        theirs.out_proj.weight.copy_(mha.W_o.weight)
        if bias:
            theirs.in_proj_bias.copy_(torch.cat([mha.W_q.bias, mha.W_k.bias, mha.W_v.bias]))
            theirs.out_proj.bias.copy_(mha.W_o.bias)
    return theirs


MASKS = ["none", "2d", "padding", "batch", "full"]


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("mask_kind", MASKS)
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_multi_head_attention_matches_torch(seed, mask_kind, dtype):
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    num_heads = int(rng.choice([1, 2, 4]))
    d_model = num_heads * int(rng.integers(1, 5))
    B, Lq, Lk = (int(n) for n in rng.integers(1, 6, size=3))
    bias = bool(seed % 2 == 0)
    mine = ref.MultiHeadAttention(d_model, num_heads, bias).to(dtype)
    theirs = copy_into_torch(mine, d_model, num_heads, bias, dtype)
    query = torch.randn(B, Lq, d_model, dtype=dtype)
    key, value = torch.randn(B, Lk, d_model, dtype=dtype), torch.randn(B, Lk, d_model, dtype=dtype)

    mask, kwargs = None, {}
    if mask_kind != "none":
        shape = {"2d": (Lq, Lk), "padding": (B, 1, 1, Lk), "batch": (B, 1, Lq, Lk),
                 "full": (B, num_heads, Lq, Lk)}[mask_kind]
        m = rng.random(shape) < 0.6
        m[..., 0] = True
        mask = torch.from_numpy(m)
        if mask_kind == "2d":
            kwargs["attn_mask"] = ~mask  # torch: True = blocked
        elif mask_kind == "padding":
            kwargs["key_padding_mask"] = ~mask[:, 0, 0, :]
        else:
            kwargs["attn_mask"] = ~mask.expand(B, num_heads, Lq, Lk).reshape(B * num_heads, Lq, Lk)

    out, attn = mine(query, key, value, mask)
    want_out, want_attn = theirs(query, key, value, need_weights=True, average_attn_weights=False, **kwargs)
    assert out.shape == (B, Lq, d_model) and attn.shape == (B, num_heads, Lq, Lk)
    assert close(out, want_out, dtype)
    assert close(attn, want_attn, dtype)

    if dtype == torch.float64:  # gradients agree too
        dout = torch.randn_like(out)
        (out * dout).sum().backward()
        (want_out * dout).sum().backward()
        d = d_model
        for i, layer in enumerate([mine.W_q, mine.W_k, mine.W_v]):
            assert close(layer.weight.grad, theirs.in_proj_weight.grad[i * d:(i + 1) * d], dtype)
        assert close(mine.W_o.weight.grad, theirs.out_proj.weight.grad, dtype)


def test_heads_must_divide_d_model():
    with pytest.raises(ValueError):
        ref.MultiHeadAttention(10, 4)
