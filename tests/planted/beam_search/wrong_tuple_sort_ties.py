"""WRONG: candidates sorted as (score, tokens) tuples with reverse=True: equal scores go to the larger token
list."""
EXPECT = "sorted (score, tokens) in reverse"


def beam_search(step_fn, bos, eos, beam_size, max_len, length_penalty=0.0):
    if beam_size < 1 or max_len < 1:
        raise ValueError("beam_size and max_len must be >= 1")
    beam, finished = [(0.0, [bos])], []
    for _ in range(max_len):
        candidates = []
        for score, tokens in beam:
            for t, lp in enumerate(step_fn(tokens)):
                candidates.append((score + float(lp), tokens + [t]))
        candidates.sort(reverse=True)
        beam = []
        for score, tokens in candidates[:beam_size - len(finished)]:
            (finished if tokens[-1] == eos else beam).append((score, tokens))
        if not beam:
            break
    finished += beam
    out = [(tokens, score / (len(tokens) - 1) ** length_penalty) for score, tokens in finished]
    return sorted(out, key=lambda o: o[1], reverse=True)
