"""WRONG: no checks of the arguments: block_size -2 gives an empty loop and a NaN output, causal with
Lq != Lk masks by a misaligned diagonal, Lk = 0 gives 0/0."""
import numpy as np

from planted.flash_attention._blocked import attend

EXPECT = "raise ValueError"


def flash_attention(q, k, v, block_size=64, causal=False):
    with np.errstate(all="ignore"):
        return attend(q, k, v, block_size, causal, validate=False)
