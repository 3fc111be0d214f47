"""WRONG: keeps the keys and values on self: every cache shares one store."""
from planted.kv_cache._base import make

EXPECT = 'state kept on self'

CausalSelfAttention = make(state_on_self=True)
