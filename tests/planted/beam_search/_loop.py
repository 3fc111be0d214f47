"""A plain-Python beam search for the planted files, with one knob per classic mistake (all off: right)."""
import numpy as np


def search(step_fn, bos, eos, beam_size, max_len, length_penalty=0.0, *, refill=False, steps=0,
           drop_truncated=False, top1=False, last_only=False, n_offset=0, rank_raw=False, return_raw=False,
           truncated_raw=False, validate=True):
    if validate and (beam_size < 1 or max_len < 1):
        raise ValueError("beam_size and max_len must be >= 1")
    beam = [([bos], 0.0)]
    finished = []  # (tokens, score, truncated)
    for _ in range(max_len + steps):
        candidates = []
        for tokens, score in beam:
            logp = np.asarray(step_fn(tokens), dtype=float)
            for t in ([int(np.argmax(logp))] if top1 else range(len(logp))):
                candidates.append((tokens + [t], logp[t] if last_only else score + logp[t]))
        candidates.sort(key=lambda c: -c[1])  # stable: ties keep the h * V + t order
        slots = beam_size if refill else beam_size - len(finished)
        beam = []
        for tokens, score in candidates[:slots]:
            if tokens[-1] == eos:
                finished.append((tokens, score, False))
            else:
                beam.append((tokens, score))
        if not beam:
            break
    if not drop_truncated:
        finished += [(tokens, score, True) for tokens, score in beam]
    results = []
    for tokens, score, cut in finished:
        norm = score if truncated_raw and cut else score / (len(tokens) - 1 + n_offset) ** length_penalty
        results.append((tokens, float(score if return_raw else norm), score if rank_raw else norm))
    results.sort(key=lambda r: -r[2])
    return [(tokens, s) for tokens, s, _ in results]
