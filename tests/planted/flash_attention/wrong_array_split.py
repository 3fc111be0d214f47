"""WRONG: blocks from np.array_split(k, Lk // block_size): right while block_size <= Lk (the pieces
cover every key), a crash for block_size > Lk (0 pieces)."""
import numpy as np

from planted.flash_attention._blocked import check

EXPECT = "0 pieces when block_size > Lk"


def flash_attention(q, k, v, block_size=64, causal=False):
    q, k, v = np.asarray(q), np.asarray(k), np.asarray(v)
    check(q, k, block_size, causal)
    dtype = np.result_type(q, k, v)
    dtype = dtype if dtype.kind == "f" else np.float64
    Lk = k.shape[-2]
    pieces = Lk // block_size
    m = np.full((*q.shape[:-1], 1), -np.inf)
    l = np.zeros_like(m)
    acc = np.zeros((*q.shape[:-1], v.shape[-1]))
    start = 0
    for kb, vb in zip(np.array_split(k, pieces, axis=-2), np.array_split(v, pieces, axis=-2)):
        s = (q @ kb.swapaxes(-1, -2)).astype(np.float64) / np.sqrt(q.shape[-1])
        if causal:
            s = np.where(start + np.arange(kb.shape[-2]) > np.arange(q.shape[-2])[:, None], -np.inf, s)
        new = np.maximum(m, s.max(axis=-1, keepdims=True))
        p = np.exp(s - new)
        l = l * np.exp(m - new) + p.sum(axis=-1, keepdims=True)
        acc = acc * np.exp(m - new) + p @ vb
        m, start = new, start + kb.shape[-2]
    return (acc / l).astype(dtype)
