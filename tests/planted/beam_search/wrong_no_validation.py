"""WRONG: beam_size < 1 and max_len < 1 are not rejected."""
from planted.beam_search._loop import search

EXPECT = "beam_size < 1 raises ValueError"


def beam_search(step_fn, bos, eos, beam_size, max_len, length_penalty=0.0):
    return search(step_fn, bos, eos, beam_size, max_len, length_penalty, validate=False)
