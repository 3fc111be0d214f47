"""WRONG: forward applies no causal mask: every position sees the future."""
from planted.kv_cache._base import make

EXPECT = 'forward is not causal'

CausalSelfAttention = make(causal='none')
