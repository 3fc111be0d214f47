"""WRONG: the loop runs while the hypotheses have at most max_len tokens after bos: one step too many, and
step_fn gets hypotheses of max_len tokens."""
EXPECT = "one step past max_len"


def beam_search(step_fn, bos, eos, beam_size, max_len, length_penalty=0.0):
    if beam_size < 1 or max_len < 1:
        raise ValueError("beam_size and max_len must be >= 1")
    beam, finished = [([bos], 0.0)], []
    while beam and len(beam[0][0]) - 1 <= max_len:
        candidates = [(tokens + [t], score + float(lp))
                      for tokens, score in beam for t, lp in enumerate(step_fn(tokens))]
        candidates.sort(key=lambda c: -c[1])
        beam = []
        for tokens, score in candidates[:beam_size - len(finished)]:
            (finished if tokens[-1] == eos else beam).append((tokens, score))
    finished += beam
    out = [(tokens, score / (len(tokens) - 1) ** length_penalty) for tokens, score in finished]
    return sorted(out, key=lambda o: -o[1])
