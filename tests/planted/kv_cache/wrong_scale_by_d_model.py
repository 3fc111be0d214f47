"""WRONG: scales the scores by 1/sqrt(d_model) instead of 1/sqrt(d_k), in forward and decode_step."""
from planted.kv_cache._base import make

EXPECT = 'divided by sqrt(d_model) instead of sqrt(d_k)'

CausalSelfAttention = make(scale_by_d_model=True)
