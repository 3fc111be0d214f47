"""RIGHT: plain Python lists, the way one writes it on a whiteboard: candidates sorted by (-score, h, t)."""


def beam_search(step_fn, bos, eos, beam_size, max_len, length_penalty=0.0):
    if beam_size < 1 or max_len < 1:
        raise ValueError("beam_size and max_len must be >= 1")
    beam = [([bos], 0.0)]
    finished = []
    for _ in range(max_len):
        candidates = []
        for h, (tokens, score) in enumerate(beam):
            for t, lp in enumerate(step_fn(list(tokens))):
                candidates.append((-(score + float(lp)), h, t))
        candidates.sort()
        next_beam = []
        for neg, h, t in candidates[:beam_size - len(finished)]:
            grown = (beam[h][0] + [t], -neg)
            (finished if t == eos else next_beam).append(grown)
        beam = next_beam
        if not beam:
            break
    finished += beam
    ranked = sorted(((tokens, score / (len(tokens) - 1) ** length_penalty) for tokens, score in finished),
                    key=lambda r: r[1], reverse=True)  # reverse=True keeps equal items in order
    return ranked
