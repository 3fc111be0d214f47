"""RIGHT: one row at a time in plain Python: sorted lists for the filters, the definitions read literally
(a tie-aware k-th value, the mass strictly above each token), and rng.choice for each row's draw."""
import math

import numpy as np


def _rows(x):
    return x.reshape(-1, x.shape[-1])


def apply_temperature(logits, temperature):
    if temperature <= 0:
        raise ValueError("temperature must be positive")
    return np.asarray(logits) / temperature


def top_k_filter(logits, k):
    if k < 1:
        raise ValueError("k must be at least 1")
    out = np.array(logits, copy=True)
    for row in _rows(out):
        values = sorted(row.tolist(), reverse=True)
        if k < len(values):
            kth = values[k - 1]
            for i in range(len(row)):
                if row[i] < kth:
                    row[i] = -math.inf
    return out


def _probabilities(row):
    top = max(row)
    e = [math.exp(v - top) if v != -math.inf else 0.0 for v in row]
    total = sum(e)
    return [v / total for v in e]


def top_p_filter(logits, p):
    if not 0 < p <= 1:
        raise ValueError("p must be in (0, 1]")
    out = np.array(logits, copy=True)
    if p == 1:
        return out
    for row in _rows(out):
        values = row.tolist()
        probs = _probabilities(values)
        # Group equal logits: every token of a group has the same mass strictly above it.
        groups = {}
        for i, w in enumerate(values):
            groups.setdefault(w, []).append(i)
        above = 0.0
        keep = set()
        for v in sorted(groups, reverse=True):
            if above >= p:
                break
            keep.update(groups[v])
            above += sum(probs[i] for i in groups[v])
        for i in range(len(row)):
            if i not in keep:
                row[i] = -math.inf
    return out


def sample(logits, rng, temperature=1.0, top_k=None, top_p=None):
    if temperature < 0:
        raise ValueError("negative temperature")
    if top_k is not None and top_k < 1:
        raise ValueError("top_k must be at least 1")
    if top_p is not None and not 0 < top_p <= 1:
        raise ValueError("top_p must be in (0, 1]")
    logits = np.asarray(logits)
    out = np.zeros(logits.shape[:-1], dtype=np.int64)
    flat = out.reshape(-1)
    for r, row in enumerate(_rows(logits)):
        if temperature == 0:
            flat[r] = int(np.argmax(row))
            continue
        x = apply_temperature(row, temperature)
        if top_k is not None:
            x = top_k_filter(x, top_k)
        if top_p is not None:
            x = top_p_filter(x, top_p)
        flat[r] = rng.choice(len(x), p=_probabilities(x.tolist()))
    return out if logits.ndim > 1 else out[()]
