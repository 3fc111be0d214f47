"""The beam_search reference against oracles written from the definition: exhaustive search (every
sequence enumerated and ranked) when the beam is large enough, greedy decoding at beam_size 1, and the
statement's steps transcribed literally at small beams; plus properties of any result."""
import itertools

import numpy as np
import pytest

from katatest import reference

ref = reference("beam_search")


class Table:
    """A toy model: random log-probs for every prefix, drawn once; records the prefixes it is given."""

    def __init__(self, rng, vocab, values=None, low=-4.0, high=0.0):
        self.rng, self.vocab, self.values, self.low, self.high = rng, vocab, values, low, high
        self.rows, self.calls = {}, []

    def row(self, prefix):
        prefix = tuple(int(t) for t in prefix)
        if prefix not in self.rows:
            draw = (self.rng.choice(self.values, self.vocab) if self.values is not None
                    else self.rng.uniform(self.low, self.high, self.vocab))
            self.rows[prefix] = [float(x) for x in draw]
        return self.rows[prefix]

    def __call__(self, prefix):
        self.calls.append(list(prefix))
        return np.array(self.row(prefix))


def every_sequence(lm, bos, eos, max_len):
    """(tokens, raw score, finishing step) of every sequence a search can return."""
    out = []
    for length in range(1, max_len + 1):
        for tail in itertools.product(range(lm.vocab), repeat=length):
            if eos in tail[:-1] or (tail[-1] != eos and length < max_len):
                continue
            tokens = [bos, *tail]
            score = sum(lm.row(tokens[:k])[tokens[k]] for k in range(1, len(tokens)))
            out.append((tokens, score))
    return out


def exhaustive(lm, bos, eos, max_len, length_penalty):
    """Every sequence, best first by score / n ** length_penalty (no ties with continuous log-probs)."""
    seqs = every_sequence(lm, bos, eos, max_len)
    return sorted(((t, s / (len(t) - 1) ** length_penalty) for t, s in seqs), key=lambda r: -r[1])


def greedy(lm, bos, eos, max_len, length_penalty):
    tokens, score = [bos], 0.0
    while len(tokens) - 1 < max_len and tokens[-1] != eos:  # bos != eos
        row = lm.row(tokens)
        t = int(np.argmax(row))  # the first maximum: the lower token on ties
        tokens, score = tokens + [t], score + row[t]
    return [(tokens, score / (len(tokens) - 1) ** length_penalty)]


def literal(lm, bos, eos, beam_size, max_len, length_penalty):
    """The statement's steps, one by one, in plain Python."""
    beam, finished = [([bos], 0.0)], []
    for _ in range(max_len):
        slots = beam_size - len(finished)
        candidates = [(score + lm.row(tokens)[t], h * lm.vocab + t, tokens + [t])
                      for h, (tokens, score) in enumerate(beam) for t in range(lm.vocab)]
        kept = sorted(candidates, key=lambda c: (-c[0], c[1]))[:slots]
        finished += [(tokens, score) for score, _, tokens in kept if tokens[-1] == eos]
        beam = [(tokens, score) for score, _, tokens in kept if tokens[-1] != eos]
        if not beam:
            break
    finished += beam
    ranked = sorted(range(len(finished)), key=lambda k: (
        -finished[k][1] / (len(finished[k][0]) - 1) ** length_penalty, k))
    return [(finished[k][0], finished[k][1] / (len(finished[k][0]) - 1) ** length_penalty) for k in ranked]


def same(got, want):
    assert [list(map(int, t)) for t, _ in got] == [t for t, _ in want]
    np.testing.assert_allclose([s for _, s in got], [s for _, s in want], rtol=1e-12, atol=1e-12)


def draw(seed):
    rng = np.random.default_rng(seed)
    vocab = int(rng.integers(2, 5))
    bos, eos = (int(x) for x in rng.choice(vocab, 2, replace=False))
    max_len = int(rng.integers(1, 5 if vocab <= 3 else 4))
    length_penalty = float(rng.choice([0.0, 0.5, 1.0, 2.0]))
    return rng, vocab, bos, eos, max_len, length_penalty


@pytest.mark.parametrize("seed", range(40))
def test_a_large_beam_is_exhaustive_search(seed):
    rng, vocab, bos, eos, max_len, length_penalty = draw(seed)
    lm = Table(rng, vocab)
    want = exhaustive(lm, bos, eos, max_len, length_penalty)
    got = ref.beam_search(lm, bos, eos, len(want) + int(rng.integers(0, 3)), max_len, length_penalty)
    same(got, want)


@pytest.mark.parametrize("seed", range(30))
def test_beam_size_1_is_greedy_decoding(seed):
    rng, vocab, bos, eos, max_len, length_penalty = draw(seed)
    lm = Table(rng, vocab, values=[-0.5, -1.0, -2.0] if seed % 2 else None)  # odd seeds: ties
    same(ref.beam_search(lm, bos, eos, 1, max_len, length_penalty), greedy(lm, bos, eos, max_len, length_penalty))


@pytest.mark.parametrize("seed, tied", list(itertools.product(range(40), [False, True])))
def test_small_beams_follow_the_statement_step_by_step(seed, tied):
    rng, vocab, bos, eos, max_len, length_penalty = draw(seed)
    vocab += 1
    lm = Table(rng, vocab, values=[-0.5, -1.0, -1.5] if tied else None)
    if tied:
        length_penalty = 0.0  # exact ties among normalised scores need exact arithmetic
    beam_size = int(rng.integers(1, 5))
    same(ref.beam_search(lm, bos, eos, beam_size, max_len, length_penalty),
         literal(lm, bos, eos, beam_size, max_len, length_penalty))


@pytest.mark.parametrize("seed", range(40))
def test_properties_of_any_result(seed):
    rng, vocab, bos, eos, max_len, length_penalty = draw(seed)
    lm = Table(rng, vocab + 1, low=-2.0, high=2.0)
    beam_size = int(rng.integers(1, 6))
    got = ref.beam_search(lm, bos, eos, beam_size, max_len, length_penalty)
    every = {tuple(t): s for t, s in every_sequence(lm, bos, eos, max_len)}
    assert 1 <= len(got) <= beam_size
    assert len({tuple(t) for t, _ in got}) == len(got)
    normalised = [s for _, s in got]
    assert normalised == sorted(normalised, reverse=True)
    for tokens, score in got:
        assert tuple(tokens) in every  # starts with bos; ends in eos, or is max_len long without eos
        assert score == pytest.approx(every[tuple(tokens)] / (len(tokens) - 1) ** length_penalty, rel=1e-12)
    # step_fn only ever saw hypotheses of the beam: no eos after bos, fewer than max_len tokens after bos,
    # and at most beam_size of them of each length.
    assert all(eos not in p[1:] and len(p) - 1 < max_len for p in lm.calls)
    lengths = [len(p) for p in lm.calls]
    assert all(lengths.count(n) <= beam_size for n in set(lengths))
    # The best sequence of all is at least as good as the best the beam found.
    best = max(s / (len(t) - 1) ** length_penalty for t, s in every_sequence(lm, bos, eos, max_len))
    assert best >= normalised[0] - 1e-12


def test_the_worked_example():
    table = {0: [-3, -0.5, -0.6], 1: [-2, -1.5, -0.25]}
    step_fn = lambda prefix: table[prefix[-1]]  # noqa: E731
    assert ref.beam_search(step_fn, 0, 2, 2, 3) == [([0, 2], -0.6), ([0, 1, 2], -0.75)]
    assert ref.beam_search(step_fn, 0, 2, 2, 3, 1.0) == [([0, 1, 2], -0.375), ([0, 2], -0.6)]


@pytest.mark.parametrize("beam_size, max_len", [(0, 3), (-1, 3), (2, 0), (2, -1)])
def test_invalid_sizes_raise(beam_size, max_len):
    with pytest.raises(ValueError):
        ref.beam_search(lambda prefix: [-1.0, -2.0], 0, 1, beam_size, max_len)
