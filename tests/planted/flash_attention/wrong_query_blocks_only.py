"""WRONG: tiles the QUERIES (block_size rows at a time) against all Lk keys: each tile holds [block, Lk]
scores, the whole matrix when Lq <= block_size."""
import numpy as np

from planted.flash_attention._blocked import check

EXPECT = "Tiling only the queries"


def flash_attention(q, k, v, block_size=64, causal=False):
    q, k, v = np.asarray(q), np.asarray(k), np.asarray(v)
    check(q, k, block_size, causal)
    dtype = np.result_type(q, k, v)
    dtype = dtype if dtype.kind == "f" else np.float64
    Lq, Lk = q.shape[-2], k.shape[-2]
    out = np.zeros((*q.shape[:-1], v.shape[-1]))
    for start in range(0, Lq, block_size):
        qb = q[..., start:start + block_size, :]
        s = (qb @ k.swapaxes(-1, -2)).astype(np.float64) / np.sqrt(q.shape[-1])
        if causal:
            rows = start + np.arange(qb.shape[-2])[:, None]
            s = np.where(np.arange(Lk) > rows, -np.inf, s)
        p = np.exp(s - s.max(axis=-1, keepdims=True))
        out[..., start:start + block_size, :] = (p @ v) / p.sum(axis=-1, keepdims=True)
    return out.astype(dtype)
