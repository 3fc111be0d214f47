"""WRONG: the constructor accepts max_len < 1."""
from planted.kv_cache._base import make

EXPECT = 'raise ValueError when max_len < 1'

CausalSelfAttention = make(check_max_len=False)
