"""WRONG: the hypotheses still open after max_len steps are dropped."""
from planted.beam_search._loop import search

EXPECT = "truncated at max_len dropped"


def beam_search(step_fn, bos, eos, beam_size, max_len, length_penalty=0.0):
    return search(step_fn, bos, eos, beam_size, max_len, length_penalty, drop_truncated=True)
