"""WRONG: each hypothesis proposes only its own best token: beam_size greedy searches."""
from planted.beam_search._loop import search

EXPECT = "top-1 token"


def beam_search(step_fn, bos, eos, beam_size, max_len, length_penalty=0.0):
    return search(step_fn, bos, eos, beam_size, max_len, length_penalty, top1=True)
