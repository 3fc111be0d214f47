"""RIGHT: another formula: each block gives its own normalised output and log-sum-exp; two partial
results merge as o = (e^(lse1 - lse) o1 + e^(lse2 - lse) o2), lse = logaddexp(lse1, lse2)."""
import numpy as np


def _block(qs, kb, vb, mask):
    s = qs @ kb.swapaxes(-1, -2)
    if mask is not None:
        s = np.where(mask, s, -np.inf)
    mx = s.max(axis=-1, keepdims=True)
    finite = np.isfinite(mx)
    mx = np.where(finite, mx, 0.0)  # a row whose keys are all masked: weight exp(-inf) = 0 below
    e = np.exp(s - mx)
    total = e.sum(axis=-1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(finite, (e @ vb) / total, 0.0), np.where(finite, mx + np.log(total), -np.inf)


def flash_attention(q, k, v, block_size=64, causal=False):
    q, k, v = np.asarray(q), np.asarray(k), np.asarray(v)
    Lq, Lk = q.shape[-2], k.shape[-2]
    if block_size < 1 or Lk == 0 or (causal and Lq != Lk):
        raise ValueError("invalid flash_attention arguments")
    kind = np.result_type(q, k, v)
    out_dtype = kind if kind.kind == "f" else np.float64
    qs = q.astype(np.float64) / np.sqrt(q.shape[-1])
    out, lse = None, None
    for start in range(0, Lk, block_size):
        stop = min(start + block_size, Lk)
        mask = (np.arange(start, stop)[None, :] <= np.arange(Lq)[:, None]) if causal else None
        o_b, lse_b = _block(qs, k[..., start:stop, :], v[..., start:stop, :], mask)
        if out is None:
            out, lse = o_b, lse_b
            continue
        new = np.logaddexp(lse, lse_b)
        with np.errstate(invalid="ignore"):
            w_old = np.where(np.isfinite(lse), np.exp(lse - new), 0.0)
            w_new = np.where(np.isfinite(lse_b), np.exp(lse_b - new), 0.0)
        out, lse = w_old * out + w_new * o_b, new
    return out.astype(out_dtype)
