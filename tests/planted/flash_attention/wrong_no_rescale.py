"""WRONG: neither l nor acc is rescaled when the running max grows."""
from planted.flash_attention._blocked import attend

EXPECT = "neither l nor acc rescaled"


def flash_attention(q, k, v, block_size=64, causal=False):
    return attend(q, k, v, block_size, causal, rescale_l=False, rescale_acc=False)
