"""WRONG: the causal mask compares the key's index INSIDE its block with the query's position."""
from planted.flash_attention._blocked import attend

EXPECT = "causal mask from block-local key indices"


def flash_attention(q, k, v, block_size=64, causal=False):
    return attend(q, k, v, block_size, causal, local_mask=True)
