"""WRONG: the beam is refilled to beam_size: a finished hypothesis does not keep its slot (and more than
beam_size hypotheses may come back)."""
from planted.beam_search._loop import search

EXPECT = "did not keep its slot"


def beam_search(step_fn, bos, eos, beam_size, max_len, length_penalty=0.0):
    return search(step_fn, bos, eos, beam_size, max_len, length_penalty, refill=True)
