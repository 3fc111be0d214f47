"""Kata: beam search. Read katas/beam_search/README.md, then fill in the function.

Grade yourself with:  pytest katas/beam_search
"""
from collections.abc import Callable, Sequence


def beam_search(step_fn: Callable[[list[int]], Sequence[float]], bos: int, eos: int, beam_size: int,
                max_len: int, length_penalty: float = 0.0) -> list[tuple[list[int], float]]:
    """Beam search with a shrinking beam.

    step_fn(prefix) gives the V next-token log-probs after prefix (a list of ints, bos first), as a
    list or a 1-D array. A hypothesis's score is the sum of the log-probs of its tokens after bos.
    Each of at most max_len steps expands every hypothesis of the beam by every token and keeps the
    beam_size - len(finished) best candidates (equal scores: the lower flat index h * V + t); those
    ending in eos are finished, the others form the next beam. After max_len steps the beam joins the
    finished ones as it is (truncated). Stop when the beam is empty.

    Returns every finished hypothesis as (tokens with bos, normalised score), best first by
    score / n ** length_penalty (n = tokens after bos, eos included; equal: order of finishing).
    Raises ValueError if beam_size < 1 or max_len < 1.
    """
    raise NotImplementedError
