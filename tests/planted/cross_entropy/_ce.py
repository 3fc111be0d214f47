"""Correct cross-entropy pieces with knobs, so each planted mistake changes one thing."""
import numpy as np


def log_softmax(logits, shift=True, via_softmax=False, axis=1):
    logits = np.asarray(logits)
    if logits.dtype.kind != "f":
        logits = logits.astype(np.float64)
    z = logits - np.max(logits, axis=axis, keepdims=True) if shift else logits
    with np.errstate(all="ignore"):
        if via_softmax:
            e = np.exp(z)
            return np.log(e / e.sum(axis=axis, keepdims=True))
        return z - np.log(np.sum(np.exp(z), axis=axis, keepdims=True))


def cross_entropy(logits, targets, log_probs=None, reduce=np.mean, soft_mean_over_all=False):
    log_probs = log_softmax(logits) if log_probs is None else log_probs
    targets = np.asarray(targets)
    if targets.ndim == 1:
        return -reduce(log_probs[np.arange(len(targets)), targets])
    if soft_mean_over_all:
        return -np.mean(targets * log_probs)
    return -reduce(np.sum(targets * log_probs, axis=1))


def binary_cross_entropy(probs, targets):
    probs = np.asarray(probs, dtype=np.result_type(probs, np.float32))
    with np.errstate(divide="ignore"):
        log_p = np.maximum(np.log(probs), -100)
        log_1mp = np.maximum(np.log(1 - probs), -100)
    return -np.mean(targets * log_p + (1 - targets) * log_1mp)
