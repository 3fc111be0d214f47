"""WRONG: the causal mask is triu instead of tril: position i attends to i..L-1."""
from planted.kv_cache._base import make

EXPECT = 'the causal mask upside down'

CausalSelfAttention = make(causal='triu')
