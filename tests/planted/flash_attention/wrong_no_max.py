"""WRONG: exp() of the raw scores, with no running max: right for small scores, 0/0 or inf/inf for large ones."""
from planted.flash_attention._blocked import attend

EXPECT = "no running max"


def flash_attention(q, k, v, block_size=64, causal=False):
    return attend(q, k, v, block_size, causal, use_max=False)
