"""WRONG: q *= 1 / sqrt(d) on the caller's array (right values, but the input is changed)."""
import numpy as np

from planted.flash_attention._blocked import attend

EXPECT = "modified its input `q` in place"


def flash_attention(q, k, v, block_size=64, causal=False):
    q = np.asarray(q)
    if q.dtype.kind == "f":
        q *= 1.0 / np.sqrt(q.shape[-1])
        return attend(q, k, v, block_size, causal, divisor=lambda d: 1.0)
    return attend(q, k, v, block_size, causal)
