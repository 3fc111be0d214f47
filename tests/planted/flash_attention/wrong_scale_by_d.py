"""WRONG: scores divided by d instead of sqrt(d)."""
from planted.flash_attention._blocked import attend

EXPECT = "divided by d instead of sqrt(d)"


def flash_attention(q, k, v, block_size=64, causal=False):
    return attend(q, k, v, block_size, causal, divisor=lambda d: d)
