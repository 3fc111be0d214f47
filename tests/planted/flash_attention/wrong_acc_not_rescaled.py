"""WRONG: the running sum l is rescaled when the max grows, the accumulator acc is not."""
from planted.flash_attention._blocked import attend

EXPECT = "acc not rescaled when the running max grows"


def flash_attention(q, k, v, block_size=64, causal=False):
    return attend(q, k, v, block_size, causal, rescale_acc=False)
