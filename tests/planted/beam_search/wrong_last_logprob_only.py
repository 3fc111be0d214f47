"""WRONG: a candidate is scored by its last log-prob, not the running sum."""
from planted.beam_search._loop import search

EXPECT = "last log-prob only"


def beam_search(step_fn, bos, eos, beam_size, max_len, length_penalty=0.0):
    return search(step_fn, bos, eos, beam_size, max_len, length_penalty, last_only=True)
