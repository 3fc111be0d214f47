"""WRONG: never checks the capacity: a full cache takes one token more."""
from planted.kv_cache._base import make

EXPECT = 'already holds max_len'

CausalSelfAttention = make(capacity=1, check_capacity=False)
