"""Reference solution for the sampling kata: temperature, top-k, top-p (nucleus) and sampling."""
from __future__ import annotations

import numpy as np


def _removed(logits: np.ndarray, keep: np.ndarray) -> np.ndarray:
    return np.where(keep, logits, logits.dtype.type(-np.inf))  # -inf in the logits' dtype: no upcast


def apply_temperature(logits: np.ndarray, temperature: float) -> np.ndarray:
    """logits / temperature (temperature > 0)."""
    if not temperature > 0:  # also refuses NaN
        raise ValueError(f"temperature must be > 0, got {temperature} (greedy is sample(..., temperature=0))")
    return logits / temperature


def top_k_filter(logits: np.ndarray, k: int) -> np.ndarray:
    """Keep every logit >= the k-th largest of its row; the others become -inf."""
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    logits = np.asarray(logits)
    V = logits.shape[-1]
    if k >= V:
        return logits.copy()
    # The k-th largest VALUE, not the indices of k tokens: every logit tied with it stays.
    kth = np.partition(logits, V - k, axis=-1)[..., V - k:V - k + 1]  # (..., 1)
    return _removed(logits, logits >= kth)


def top_p_filter(logits: np.ndarray, p: float) -> np.ndarray:
    """Keep a token iff the probability of the tokens strictly more probable than it is < p."""
    if not 0 < p <= 1:
        raise ValueError(f"p must be in (0, 1], got {p}")
    logits = np.asarray(logits)
    if p == 1:
        return logits.copy()  # no filtering at all, even of tokens whose probability underflows to 0
    desc = np.sort(logits, axis=-1)[..., ::-1]  # (..., V), most probable first
    # float64 sums: the boundary is a comparison with p, which float32 round-off could move.
    e = np.exp(desc.astype(np.float64) - desc[..., :1])  # max shift: exp() <= 1, no overflow
    probs = e / np.sum(e, axis=-1, keepdims=True)
    # Sorted token i is kept iff the mass before it (cumsum[i - 1]) is < p; the top token always is.
    # Counting, then cutting at that token's VALUE, keeps the crossing token and every tie of it.
    n_keep = 1 + np.sum(np.cumsum(probs, axis=-1)[..., :-1] < p, axis=-1, keepdims=True)
    cutoff = np.take_along_axis(desc, n_keep - 1, axis=-1)  # (..., 1)
    return _removed(logits, logits >= cutoff)


def sample(logits: np.ndarray, rng: np.random.Generator, temperature: float = 1.0, top_k: int | None = None,
           top_p: float | None = None) -> np.ndarray:
    """One token id per row, drawn from softmax(top_p(top_k(logits / temperature)))."""
    if temperature < 0:
        raise ValueError(f"temperature must be >= 0, got {temperature}")
    if top_k is not None and top_k < 1:
        raise ValueError(f"top_k must be >= 1, got {top_k}")
    if top_p is not None and not 0 < top_p <= 1:
        raise ValueError(f"top_p must be in (0, 1], got {top_p}")
    logits = np.asarray(logits)
    if temperature == 0:  # greedy: the limit of softmax(x / T) as T -> 0, with no division by 0
        return np.argmax(logits, axis=-1).astype(np.int64)  # argmax: the lowest index on ties
    x = apply_temperature(logits, temperature)
    # HF's order: the nucleus is measured on the tempered distribution, after top-k.
    if top_k is not None:
        x = top_k_filter(x, top_k)
    if top_p is not None:
        x = top_p_filter(x, top_p)
    # Gumbel-max: argmax(x + G), G iid Gumbel(0, 1), is a draw from softmax(x), independently per row;
    # no exp() to overflow, and a removed token (-inf) can never win.
    return np.argmax(x + rng.gumbel(size=x.shape), axis=-1).astype(np.int64)
