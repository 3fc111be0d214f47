"""WRONG: decode_step attends over the cache BEFORE appending the new token's key and value."""
from planted.kv_cache._base import make

EXPECT = 'attending BEFORE appending'

CausalSelfAttention = make(before_append=True)
