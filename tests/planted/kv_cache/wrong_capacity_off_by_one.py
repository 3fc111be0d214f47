"""WRONG: raises when the cache holds max_len - 1 tokens: only max_len - 1 steps fit."""
from planted.kv_cache._base import make

EXPECT = 'off-by-one capacity check'

CausalSelfAttention = make(capacity=-1)
