"""WRONG: step_fn's output used as an array: score + step_fn(prefix) fails when step_fn returns a list."""
EXPECT = "np.asarray"


def beam_search(step_fn, bos, eos, beam_size, max_len, length_penalty=0.0):
    if beam_size < 1 or max_len < 1:
        raise ValueError("beam_size and max_len must be >= 1")
    beam, finished = [([bos], 0.0)], []
    for _ in range(max_len):
        candidates = []
        for tokens, score in beam:
            totals = score + step_fn(tokens)  # a float plus an array, or a float plus a list
            candidates += [(tokens + [t], float(s)) for t, s in enumerate(totals)]
        candidates.sort(key=lambda c: -c[1])
        beam = []
        for tokens, score in candidates[:beam_size - len(finished)]:
            (finished if tokens[-1] == eos else beam).append((tokens, score))
        if not beam:
            break
    finished += beam
    out = [(tokens, score / (len(tokens) - 1) ** length_penalty) for tokens, score in finished]
    return sorted(out, key=lambda o: -o[1])
