"""WRONG: accumulates in float64 and returns float64 for float32 inputs."""
from planted.flash_attention._blocked import attend

EXPECT = "wrong dtype"


def flash_attention(q, k, v, block_size=64, causal=False):
    return attend(q, k, v, block_size, causal, keep_dtype=False)
