"""WRONG: plain attention: the whole [Lq, Lk] score matrix at once (block_size ignored). Right values, 64 MiB of scores."""
import numpy as np

from planted.flash_attention._blocked import check

EXPECT = "never hold the [Lq, Lk] score matrix"


def flash_attention(q, k, v, block_size=64, causal=False):
    q, k, v = np.asarray(q), np.asarray(k), np.asarray(v)
    check(q, k, block_size, causal)
    dtype = np.result_type(q, k, v)
    dtype = dtype if dtype.kind == "f" else np.float64
    s = (q @ k.swapaxes(-1, -2)).astype(np.float64) / np.sqrt(q.shape[-1])
    if causal:
        s = np.where(np.triu(np.ones(s.shape[-2:], dtype=bool), 1), -np.inf, s)
    p = np.exp(s - s.max(axis=-1, keepdims=True))
    return ((p @ v) / p.sum(axis=-1, keepdims=True)).astype(dtype)
