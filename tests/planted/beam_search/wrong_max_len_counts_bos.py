"""WRONG: max_len counts bos: one step too few."""
from planted.beam_search._loop import search

EXPECT = "max_len counted bos"


def beam_search(step_fn, bos, eos, beam_size, max_len, length_penalty=0.0):
    return search(step_fn, bos, eos, beam_size, max_len, length_penalty, steps=-1)
