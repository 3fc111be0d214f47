"""WRONG: causal mask j >= i: a query may not attend to itself (query 0 sees nothing: NaN)."""
from planted.flash_attention._blocked import attend

EXPECT = "the diagonal blocked"


def flash_attention(q, k, v, block_size=64, causal=False):
    return attend(q, k, v, block_size, causal, mask_diagonal=True)
