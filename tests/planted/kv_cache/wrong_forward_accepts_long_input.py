"""WRONG: forward accepts sequences longer than max_len."""
from planted.kv_cache._base import make

EXPECT = 'x.shape[1] > max_len'

CausalSelfAttention = make(check_long=False)
