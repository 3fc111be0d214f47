"""WRONG: range(0, Lk - block_size + 1, block_size): the last, shorter block is dropped."""
from planted.flash_attention._blocked import attend

EXPECT = "the last, shorter block dropped"


def flash_attention(q, k, v, block_size=64, causal=False):
    return attend(q, k, v, block_size, causal, last_block=False)
