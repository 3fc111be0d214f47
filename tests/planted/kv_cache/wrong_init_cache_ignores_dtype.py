"""WRONG: init_cache makes float32 zeros whatever the module's dtype (breaks after .double())."""
from planted.kv_cache._base import make

EXPECT = 'init_cache ignores the dtype'

CausalSelfAttention = make(float32_cache=True)
