"""WRONG: a softmax within each block, the block outputs averaged: every block weighs the same."""
import numpy as np

from planted.flash_attention._blocked import check

EXPECT = "each block's own softmax"


def flash_attention(q, k, v, block_size=64, causal=False):
    q, k, v = np.asarray(q), np.asarray(k), np.asarray(v)
    check(q, k, block_size, causal)
    dtype = np.result_type(q, k, v)
    dtype = dtype if dtype.kind == "f" else np.float64
    Lq, Lk = q.shape[-2], k.shape[-2]
    outs = []
    for start in range(0, Lk, block_size):
        kb, vb = k[..., start:start + block_size, :], v[..., start:start + block_size, :]
        s = (q @ kb.swapaxes(-1, -2)).astype(np.float64) / np.sqrt(q.shape[-1])
        if causal:
            s = np.where(start + np.arange(kb.shape[-2]) > np.arange(Lq)[:, None], -np.inf, s)
        p = np.exp(s - s.max(axis=-1, keepdims=True))
        outs.append((p @ vb) / p.sum(axis=-1, keepdims=True))
    return np.mean(outs, axis=0).astype(dtype)
