"""WRONG: decode_step reuses forward's causal mask: tril of the [1, t+1] score row keeps only token 0."""
from planted.kv_cache._base import make

EXPECT = 'a causal mask in decode_step'

CausalSelfAttention = make(decode_mask=True)
