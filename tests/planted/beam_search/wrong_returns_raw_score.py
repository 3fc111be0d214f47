"""WRONG: the raw score is returned instead of the normalised one."""
from planted.beam_search._loop import search

EXPECT = "raw score returned instead"


def beam_search(step_fn, bos, eos, beam_size, max_len, length_penalty=0.0):
    return search(step_fn, bos, eos, beam_size, max_len, length_penalty, return_raw=True)
