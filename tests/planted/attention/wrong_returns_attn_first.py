"""WRONG: returns (attn, out) instead of (out, attn)."""
from planted.attention._base import make

EXPECT = '(attn, out) returned instead of (out, attn)'

_sdpa, causal_mask, MultiHeadAttention = make()


def scaled_dot_product_attention(q, k, v, mask=None):
    out, attn = _sdpa(q, k, v, mask)
    return attn, out
