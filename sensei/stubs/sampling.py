"""Kata: sampling from a language model's logits. Read katas/sampling/README.md, then fill in the functions.

Grade yourself with:  pytest katas/sampling
"""
import numpy as np


def apply_temperature(logits: np.ndarray, temperature: float) -> np.ndarray:
    """logits / temperature, for logits [..., V] (float32 in, float32 out).

    temperature <= 0 raises ValueError (greedy decoding is sample(..., temperature=0)).
    """
    raise NotImplementedError


def top_k_filter(logits: np.ndarray, k: int) -> np.ndarray:
    """Keep every logit >= the k-th largest of its row (the last axis); the others become -inf.

    Ties at the k-th value are all kept (more than k may survive); k >= V keeps every token.
    Returns a new array of the logits' shape and dtype; kept logits unchanged. k < 1: ValueError.
    """
    raise NotImplementedError


def top_p_filter(logits: np.ndarray, p: float) -> np.ndarray:
    """Nucleus filtering over softmax(logits) of each row (the last axis).

    A token is kept iff the total probability of the tokens STRICTLY more probable than it is < p:
    the token that crosses p is kept, and so is every token tied with it; the most probable token
    always is. p = 1 keeps every token. Returns a new array of the logits' shape and dtype; kept
    logits unchanged, removed ones -inf. p <= 0 or p > 1: ValueError.
    """
    raise NotImplementedError


def sample(logits: np.ndarray, rng: np.random.Generator, temperature: float = 1.0, top_k: int | None = None,
           top_p: float | None = None) -> np.ndarray:
    """One token id per row of logits [..., V]: int64 ids of shape logits.shape[:-1] (1-D logits: a numpy
    integer or a 0-d array).

    Each row is drawn independently, with `rng` only, from the softmax of
    top_p_filter(top_k_filter(apply_temperature(logits, temperature), top_k), top_p), in that order;
    None disables a filter. temperature == 0 is greedy: the argmax of each row (lowest index on ties).
    temperature < 0, top_k < 1 or top_p outside (0, 1]: ValueError, whatever the temperature.
    """
    raise NotImplementedError
