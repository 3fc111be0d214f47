"""Reference solution for the flash_attention kata: exact attention over blocks of keys with an online softmax."""
from __future__ import annotations

import math

import numpy as np


def flash_attention(q: np.ndarray, k: np.ndarray, v: np.ndarray, block_size: int = 64,
                    causal: bool = False) -> np.ndarray:
    """softmax(q k^T / sqrt(d)) v over blocks of `block_size` keys, never holding the [Lq, Lk] scores."""
    q, k, v = np.asarray(q), np.asarray(k), np.asarray(v)
    Lq, Lk = q.shape[-2], k.shape[-2]
    if block_size < 1:
        raise ValueError(f"block_size must be >= 1, got {block_size}")
    if causal and Lq != Lk:
        raise ValueError(f"causal attention needs Lq == Lk, got Lq={Lq}, Lk={Lk}")
    if Lk == 0:
        raise ValueError("no keys: softmax over an empty set is undefined")
    dtype = np.result_type(q, k, v)
    dtype = dtype if dtype.kind == "f" else np.dtype(np.float64)
    # Accumulate in float64: a float32 running sum over thousands of blocks loses digits. A new
    # scaled array (never q *= ...): q belongs to the caller.
    qs = q.astype(np.float64) * (1.0 / math.sqrt(q.shape[-1]))    # [..., Lq, d]
    m = np.full((*q.shape[:-1], 1), -np.inf)                       # running max,  [..., Lq, 1]
    l = np.zeros_like(m)                                           # running sum,  [..., Lq, 1]
    acc = np.zeros((*q.shape[:-1], v.shape[-1]))                   # running numerator, [..., Lq, dv]
    rows = np.arange(Lq)[:, None]
    for start in range(0, Lk, block_size):  # the last block may be shorter
        kb, vb = k[..., start:start + block_size, :], v[..., start:start + block_size, :]
        s = qs @ kb.swapaxes(-1, -2)                               # [..., Lq, B]
        if causal:  # absolute key positions: block-local ones would mask the wrong keys
            s = np.where(start + np.arange(kb.shape[-2]) > rows, -np.inf, s)
        # Key 0 is in the first block and every query may see it, so m is finite from then on and
        # exp(m - m_new) is never exp(-inf - (-inf)).
        m_new = np.maximum(m, s.max(axis=-1, keepdims=True))
        alpha = np.exp(m - m_new)  # rescales what was summed against the old max
        p = np.exp(s - m_new)
        l = l * alpha + p.sum(axis=-1, keepdims=True)
        acc = acc * alpha + p @ vb
        m = m_new
    return (acc / l).astype(dtype, copy=False)
