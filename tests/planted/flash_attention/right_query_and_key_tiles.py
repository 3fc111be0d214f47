"""RIGHT: FlashAttention-2 style: tiles of queries AND keys, computed in the inputs' dtype, the causal
blocks above the diagonal skipped, one python loop per tile."""
import math

import numpy as np


def flash_attention(q, k, v, block_size=64, causal=False):
    q, k, v = np.asarray(q), np.asarray(k), np.asarray(v)
    if block_size < 1:
        raise ValueError("block_size must be positive")
    Lq, Lk = q.shape[-2], k.shape[-2]
    if causal and Lq != Lk:
        raise ValueError("causal attention needs as many queries as keys")
    if Lk == 0:
        raise ValueError("at least one key is needed")
    dtype = np.result_type(q, k, v)
    if dtype.kind != "f":
        dtype = np.dtype(np.float64)
    q, k, v = q.astype(dtype, copy=False), k.astype(dtype, copy=False), v.astype(dtype, copy=False)
    out = np.empty((*q.shape[:-1], v.shape[-1]), dtype)
    scale = dtype.type(1.0 / math.sqrt(q.shape[-1]))
    for i0 in range(0, Lq, block_size):
        qi = q[..., i0:i0 + block_size, :] * scale
        n = qi.shape[-2]
        m = np.full((*qi.shape[:-1], 1), -np.inf, dtype)
        l = np.zeros_like(m)
        acc = np.zeros((*qi.shape[:-1], v.shape[-1]), dtype)
        last_key = i0 + n if causal else Lk  # keys beyond the tile's last query are all masked
        for j0 in range(0, last_key, block_size):
            kj, vj = k[..., j0:j0 + block_size, :], v[..., j0:j0 + block_size, :]
            s = np.matmul(qi, np.swapaxes(kj, -1, -2))
            if causal and j0 + kj.shape[-2] - 1 > i0:  # the tile straddles the diagonal
                s = np.where(np.arange(j0, j0 + kj.shape[-2]) > np.arange(i0, i0 + n)[:, None], -np.inf, s)
            m_new = np.maximum(m, s.max(-1, keepdims=True))
            p = np.exp(s - m_new)
            corr = np.exp(m - m_new)
            l = corr * l + p.sum(-1, keepdims=True)
            acc = corr * acc + p @ vj
            m = m_new
        out[..., i0:i0 + n, :] = acc / l
    return out
