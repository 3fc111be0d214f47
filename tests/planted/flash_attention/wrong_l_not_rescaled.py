"""WRONG: the accumulator acc is rescaled when the max grows, the running sum l is not."""
from planted.flash_attention._blocked import attend

EXPECT = "l not rescaled when the running max grows"


def flash_attention(q, k, v, block_size=64, causal=False):
    return attend(q, k, v, block_size, causal, rescale_l=False)
