"""A plain sampler with knobs, so each planted mistake is one changed knob: sorted masks for the
filters, an inverse CDF (one uniform per row) for the draw."""
import numpy as np


def softmax(x, shift=True, whole_batch=False):
    x = np.asarray(x, np.float64)
    if whole_batch:
        e = np.exp(x - np.max(x)) if shift else np.exp(x)
        return e / np.sum(e)
    e = np.exp(x - np.max(x, axis=-1, keepdims=True)) if shift else np.exp(x)
    return e / np.sum(e, axis=-1, keepdims=True)


def apply_temperature(logits, temperature, multiply=False):
    if temperature <= 0:
        raise ValueError("temperature must be > 0")
    return logits * temperature if multiply else logits / temperature


def top_k_filter(logits, k, how="value", in_place=False):
    if k < 1:
        raise ValueError("k must be >= 1")
    x = logits if in_place else np.array(logits, copy=True)
    V = x.shape[-1]
    if k >= V:
        return x
    if how == "argsort":  # the indices of the k largest: exactly k kept, ties split by index
        drop = np.argsort(-x, axis=-1, kind="stable")[..., k:]
        remove = np.zeros(x.shape, bool)
        np.put_along_axis(remove, drop, True, axis=-1)
    else:
        at = -k - 1 if how == "k+1" else -k
        remove = x < np.sort(x, axis=-1)[..., at][..., None]
    x[remove] = -np.inf
    return x


def top_p_filter(logits, p, crossing=True, shift=True, whole_batch=False, p_one=True, ties=True):
    if not 0 < p <= 1:
        raise ValueError("p must be in (0, 1]")
    x = np.array(logits, copy=True)
    if p == 1 and p_one:
        return x
    with np.errstate(all="ignore"):
        probs = softmax(x, shift, whole_batch)
        order = np.argsort(-x, axis=-1, kind="stable")
        sorted_probs = np.take_along_axis(probs, order, axis=-1)
        cum = np.cumsum(sorted_probs, axis=-1)
        remove_sorted = cum > p if not crossing else cum - sorted_probs >= p
    remove = np.zeros(x.shape, bool)
    np.put_along_axis(remove, order, remove_sorted, axis=-1)
    if ties:  # a token tied with a kept one is kept
        lowest_kept = np.min(np.where(remove, np.inf, x), axis=-1, keepdims=True)
        remove &= x < lowest_kept
    x[remove] = -np.inf
    return x


def sample(logits, rng, temperature=1.0, top_k=None, top_p=None, order="tkp", greedy=True, draw="rows",
           shift=True, filters=None):
    if temperature < 0:
        raise ValueError("temperature must be >= 0")
    if top_k is not None and top_k < 1:
        raise ValueError("top_k must be >= 1")
    if top_p is not None and not 0 < top_p <= 1:
        raise ValueError("top_p must be in (0, 1]")
    logits = np.asarray(logits)
    if temperature == 0 and greedy:
        return np.argmax(logits, axis=-1).astype(np.int64)
    k_filter, p_filter = filters or (top_k_filter, top_p_filter)
    x = logits
    for step in order:
        if step == "t":
            with np.errstate(all="ignore"):
                x = x / temperature
        elif step == "k" and top_k is not None:
            x = k_filter(x, top_k)
        elif step == "p" and top_p is not None:
            x = p_filter(x, top_p)
    with np.errstate(all="ignore"):
        cdf = np.cumsum(softmax(x, shift), axis=-1)
    rows = x.shape[:-1] + (1,)
    if draw == "shared":
        u = rng.random()
    elif draw == "global":
        u = np.random.random(rows)
    else:
        u = rng.random(rows)
    with np.errstate(all="ignore"):
        tokens = np.sum(cdf <= u * cdf[..., -1:], axis=-1)
    return np.minimum(tokens, x.shape[-1] - 1).astype(np.int64)
