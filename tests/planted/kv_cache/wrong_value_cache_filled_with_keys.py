"""WRONG: the value cache gets the token's key (copy-paste of the key line)."""
from planted.kv_cache._base import make

EXPECT = 'value cache filled with the keys'

CausalSelfAttention = make(value_is_key=True)
