"""WRONG: the length penalty is applied when a hypothesis reaches eos, never to the truncated ones."""
from planted.beam_search._loop import search

EXPECT = "truncated hypotheses not normalised"


def beam_search(step_fn, bos, eos, beam_size, max_len, length_penalty=0.0):
    return search(step_fn, bos, eos, beam_size, max_len, length_penalty, truncated_raw=True)
