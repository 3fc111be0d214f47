"""RIGHT: FlashAttention-1 style: the output is kept normalised after every block (o = acc / l), and
rescaled by l_old exp(m_old - m_new) / l_new when a block arrives; keys one block at a time via
np.einsum, running statistics as 1-D arrays."""
import numpy as np


def flash_attention(q, k, v, block_size=64, causal=False):
    q, k, v = np.asarray(q), np.asarray(k), np.asarray(v)
    if not block_size >= 1:
        raise ValueError(f"block_size={block_size}")
    Lq, Lk = q.shape[-2], k.shape[-2]
    if Lk < 1:
        raise ValueError("Lk = 0")
    if causal and Lq != Lk:
        raise ValueError("causal with Lq != Lk")
    want = np.result_type(q, k, v)
    want = want if want.kind == "f" else np.float64
    scale = q.shape[-1] ** -0.5
    o = np.zeros((*q.shape[:-1], v.shape[-1]))
    m = np.full(q.shape[:-1], -np.inf)
    l = np.zeros(q.shape[:-1])
    qpos = np.arange(Lq)
    start = 0
    while start < Lk:
        stop = min(Lk, start + block_size)
        s = np.einsum("...id,...jd->...ij", q, k[..., start:stop, :], dtype=np.float64) * scale
        if causal:
            s[..., np.arange(start, stop)[None, :] > qpos[:, None]] = -np.inf
        m_new = np.maximum(m, s.max(axis=-1))
        p = np.exp(s - m_new[..., None])
        l_new = l * np.exp(m - m_new) + p.sum(axis=-1)
        o = ((l * np.exp(m - m_new))[..., None] * o + np.einsum("...ij,...jv->...iv", p, v[..., start:stop, :])) \
            / l_new[..., None]
        m, l, start = m_new, l_new, stop
    return o.astype(want)
