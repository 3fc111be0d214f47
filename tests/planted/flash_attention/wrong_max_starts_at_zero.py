"""WRONG: the running max starts at 0 instead of -inf: right while some score is above 0, 0/0 when every
score of a row is very negative (exp(-1e4 - 0) underflows)."""
from planted.flash_attention._blocked import attend

EXPECT = "one started at 0, not -inf"


def flash_attention(q, k, v, block_size=64, causal=False):
    return attend(q, k, v, block_size, causal, max_start=0.0)
