"""WRONG: splits heads with view(B, H, L, d_k) without the transpose (invisible when L = 1)."""
from planted.kv_cache._base import make

EXPECT = 'heads split with view(B, H, L, d_k), without the transpose'

CausalSelfAttention = make(split_transpose=False)
