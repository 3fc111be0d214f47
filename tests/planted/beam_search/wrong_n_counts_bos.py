"""WRONG: the length n of the penalty counts bos."""
from planted.beam_search._loop import search

EXPECT = "the length n counts bos"


def beam_search(step_fn, bos, eos, beam_size, max_len, length_penalty=0.0):
    return search(step_fn, bos, eos, beam_size, max_len, length_penalty, n_offset=1)
