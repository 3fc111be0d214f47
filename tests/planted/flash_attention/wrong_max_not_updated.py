"""WRONG: the running max is set by the first block and never updated: later, larger scores overflow exp()."""
from planted.flash_attention._blocked import attend

EXPECT = "never updated (exp overflows)"


def flash_attention(q, k, v, block_size=64, causal=False):
    return attend(q, k, v, block_size, causal, update_max=False)
