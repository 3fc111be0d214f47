"""A learner-style blocked attention with knobs, so each planted mistake is one changed knob."""
import math

import numpy as np


def check(q, k, block_size, causal):
    if block_size < 1:
        raise ValueError("block_size must be >= 1")
    if causal and q.shape[-2] != k.shape[-2]:
        raise ValueError("causal needs Lq == Lk")
    if k.shape[-2] == 0:
        raise ValueError("no keys")


def attend(q, k, v, block_size=64, causal=False, *, rescale_l=True, rescale_acc=True, update_max=True,
           use_max=True, last_block=True, local_mask=False, mask_diagonal=False, divisor=None, keep_dtype=True,
           validate=True, max_start=-np.inf):
    q, k, v = np.asarray(q), np.asarray(k), np.asarray(v)
    if validate:
        check(q, k, block_size, causal)
    dtype = np.result_type(q, k, v)
    out_dtype = dtype if dtype.kind == "f" and keep_dtype else np.float64
    d, Lq, Lk = q.shape[-1], q.shape[-2], k.shape[-2]
    scale = 1.0 / (math.sqrt(d) if divisor is None else divisor(d))
    m = np.full(q.shape[:-1], max_start)
    l = np.zeros(q.shape[:-1])
    acc = np.zeros((*q.shape[:-1], v.shape[-1]))
    query = np.arange(Lq)
    end = Lk if last_block else Lk - block_size + 1
    for n, start in enumerate(range(0, end, block_size)):
        kb, vb = k[..., start:start + block_size, :], v[..., start:start + block_size, :]
        s = np.einsum("...qd,...kd->...qk", q, kb).astype(np.float64) * scale
        if causal:
            key = np.arange(kb.shape[-2]) + (0 if local_mask else start)
            future = key[None, :] >= query[:, None] if mask_diagonal else key[None, :] > query[:, None]
            s = np.where(future, -np.inf, s)
        if not use_max:
            new_m = np.zeros_like(m)
        elif update_max or n == 0:
            new_m = np.maximum(m, s.max(axis=-1))
        else:
            new_m = m
        alpha = np.exp(m - new_m)
        p = np.exp(s - new_m[..., None])
        l = (l * alpha if rescale_l else l) + p.sum(axis=-1)
        acc = (acc * alpha[..., None] if rescale_acc else acc) + np.einsum("...qk,...kv->...qv", p, vb)
        m = new_m
    return (acc / l[..., None]).astype(out_dtype)
