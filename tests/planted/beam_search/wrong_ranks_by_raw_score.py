"""WRONG: the result is ranked by the raw score, though the normalised score is returned."""
from planted.beam_search._loop import search

EXPECT = "ranked by the raw score"


def beam_search(step_fn, bos, eos, beam_size, max_len, length_penalty=0.0):
    return search(step_fn, bos, eos, beam_size, max_len, length_penalty, rank_raw=True)
