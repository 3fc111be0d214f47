"""WRONG: the result ranked with np.argsort(normalised)[::-1]: equal normalised scores come in reverse order of
finishing."""
import numpy as np

EXPECT = "reverse order of finishing"


def beam_search(step_fn, bos, eos, beam_size, max_len, length_penalty=0.0):
    if beam_size < 1 or max_len < 1:
        raise ValueError("beam_size and max_len must be >= 1")
    beam, finished = [([bos], 0.0)], []
    for _ in range(max_len):
        candidates = [(tokens + [t], score + float(lp))
                      for tokens, score in beam for t, lp in enumerate(step_fn(tokens))]
        candidates.sort(key=lambda c: -c[1])
        beam = []
        for tokens, score in candidates[:beam_size - len(finished)]:
            (finished if tokens[-1] == eos else beam).append((tokens, score))
        if not beam:
            break
    finished += beam
    normalised = np.array([score / (len(tokens) - 1) ** length_penalty for tokens, score in finished])
    return [(finished[i][0], float(normalised[i])) for i in np.argsort(normalised)[::-1]]
