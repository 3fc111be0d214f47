"""Reference solution for the beam_search kata: beam search with a shrinking beam."""
from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np


def beam_search(step_fn: Callable[[list[int]], Sequence[float]], bos: int, eos: int, beam_size: int,
                max_len: int, length_penalty: float = 0.0) -> list[tuple[list[int], float]]:
    """The finished hypotheses of a beam search, best first by score / n ** length_penalty."""
    if beam_size < 1:
        raise ValueError(f"beam_size must be >= 1, got {beam_size}")
    if max_len < 1:
        raise ValueError(f"max_len must be >= 1, got {max_len}")
    beam, scores = [[bos]], np.zeros(1)
    finished = []  # (tokens, raw score), in the order they finished
    for _ in range(max_len):
        logp = np.array([step_fn(list(h)) for h in beam], dtype=np.float64)  # (B, V)
        candidates = (scores[:, None] + logp).ravel()  # (B * V,): flat index h * V + t
        # A finished hypothesis keeps its slot, so the beam shrinks. The stable sort of -scores breaks
        # ties by the lower flat index (argsort()[::-1] would reverse them).
        best = np.argsort(-candidates, kind="stable")[:beam_size - len(finished)]
        vocab = logp.shape[1]
        grown = [(beam[i // vocab] + [int(i % vocab)], candidates[i]) for i in best]
        finished += [(tokens, s) for tokens, s in grown if tokens[-1] == eos]
        beam = [tokens for tokens, _ in grown if tokens[-1] != eos]
        scores = np.array([s for tokens, s in grown if tokens[-1] != eos])
        if not beam:
            break
    finished += zip(beam, scores)  # truncated at max_len: no eos, ranked after equal finished ones
    # n counts the tokens after bos (eos included); every hypothesis has n >= 1.
    normalised = [float(s) / (len(tokens) - 1) ** length_penalty for tokens, s in finished]
    order = sorted(range(len(finished)), key=lambda k: -normalised[k])  # stable: finishing order on ties
    return [(finished[k][0], normalised[k]) for k in order]
