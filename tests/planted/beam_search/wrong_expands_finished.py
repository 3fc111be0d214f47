"""WRONG: a hypothesis ending in eos stays in the beam and is expanded further (no finished list): the
search runs past eos."""
EXPECT = "expanded past eos"


def beam_search(step_fn, bos, eos, beam_size, max_len, length_penalty=0.0):
    if beam_size < 1 or max_len < 1:
        raise ValueError("beam_size and max_len must be >= 1")
    beam = [([bos], 0.0)]
    for _ in range(max_len):
        candidates = [(tokens + [t], score + float(lp))
                      for tokens, score in beam for t, lp in enumerate(step_fn(tokens))]
        beam = sorted(candidates, key=lambda c: -c[1])[:beam_size]
    out = [(tokens, score / (len(tokens) - 1) ** length_penalty) for tokens, score in beam]
    return sorted(out, key=lambda o: -o[1])
