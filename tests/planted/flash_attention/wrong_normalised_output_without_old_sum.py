"""WRONG: FlashAttention-1 style, the output kept normalised after every block, but the old output is
rescaled by exp(m_old - m_new) only, without its old sum l_old."""
import numpy as np

from planted.flash_attention._blocked import check

EXPECT = "rescaled without the old sum l"


def flash_attention(q, k, v, block_size=64, causal=False):
    q, k, v = np.asarray(q), np.asarray(k), np.asarray(v)
    check(q, k, block_size, causal)
    dtype = np.result_type(q, k, v)
    dtype = dtype if dtype.kind == "f" else np.float64
    Lq, Lk = q.shape[-2], k.shape[-2]
    m = np.full((*q.shape[:-1], 1), -np.inf)
    l = np.zeros_like(m)
    o = np.zeros((*q.shape[:-1], v.shape[-1]))
    for start in range(0, Lk, block_size):
        kb, vb = k[..., start:start + block_size, :], v[..., start:start + block_size, :]
        s = (q @ kb.swapaxes(-1, -2)).astype(np.float64) / np.sqrt(q.shape[-1])
        if causal:
            s = np.where(start + np.arange(kb.shape[-2]) > np.arange(Lq)[:, None], -np.inf, s)
        new = np.maximum(m, s.max(axis=-1, keepdims=True))
        p = np.exp(s - new)
        l_new = l * np.exp(m - new) + p.sum(axis=-1, keepdims=True)
        o = (np.exp(m - new) * o + p @ vb) / l_new  # missing: l * ... on the old output
        m, l = new, l_new
    return o.astype(dtype)
