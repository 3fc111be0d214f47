"""RIGHT: heapq.nsmallest over (-score, flat index) keys, the scores of the beam kept in a NumPy array, and the
result ranked by np.lexsort on (finishing order, -normalised score)."""
import heapq

import numpy as np


def beam_search(step_fn, bos, eos, beam_size, max_len, length_penalty=0.0):
    if beam_size < 1:
        raise ValueError("beam_size < 1")
    if max_len < 1:
        raise ValueError("max_len < 1")
    beam, scores = [(bos,)], np.zeros(1)
    done_tokens, done_scores = [], []
    step = 0
    while beam and step < max_len:
        step += 1
        total = scores[:, None] + np.vstack([np.asarray(step_fn(list(h)), dtype=np.float64) for h in beam])
        vocab = total.shape[1]
        keys = ((-value, flat) for flat, value in enumerate(total.ravel().tolist()))
        kept = heapq.nsmallest(beam_size - len(done_tokens), keys)
        new_beam, new_scores = [], []
        for neg, flat in kept:
            h, t = divmod(flat, vocab)
            if t == eos:
                done_tokens.append(beam[h] + (t,))
                done_scores.append(-neg)
            else:
                new_beam.append(beam[h] + (t,))
                new_scores.append(-neg)
        beam, scores = new_beam, np.array(new_scores)
    done_tokens += beam
    done_scores += list(scores)
    lengths = np.array([len(t) - 1 for t in done_tokens], dtype=np.float64)
    normalised = np.array(done_scores, dtype=np.float64) / lengths ** length_penalty
    order = np.lexsort((np.arange(len(done_tokens)), -normalised))
    return [(list(done_tokens[i]), normalised[i]) for i in order]
