"""WRONG: candidates ranked by np.argsort(scores)[::-1], which puts the higher flat index first among equal
scores."""
import numpy as np

EXPECT = "argsort()[::-1]"


def beam_search(step_fn, bos, eos, beam_size, max_len, length_penalty=0.0):
    if beam_size < 1 or max_len < 1:
        raise ValueError("beam_size and max_len must be >= 1")
    beam, scores, finished = [[bos]], np.zeros(1), []
    for _ in range(max_len):
        logp = np.stack([np.asarray(step_fn(h), dtype=float) for h in beam])
        flat = (scores[:, None] + logp).ravel()
        best = np.argsort(flat)[::-1][:beam_size - len(finished)]
        vocab = logp.shape[1]
        new_beam, new_scores = [], []
        for i in best:
            tokens = beam[i // vocab] + [int(i % vocab)]
            if tokens[-1] == eos:
                finished.append((tokens, flat[i]))
            else:
                new_beam.append(tokens)
                new_scores.append(flat[i])
        beam, scores = new_beam, np.array(new_scores)
        if not beam:
            break
    finished += list(zip(beam, scores))
    out = [(t, float(s) / (len(t) - 1) ** length_penalty) for t, s in finished]
    return sorted(out, key=lambda o: -o[1])
