"""The sampling reference against oracles written from the definitions: per-row loops over sorted lists
for the filters (the k-th largest value; the mass of the tokens strictly more probable), HF transformers'
warper formulas in torch where torch is installed, and chi-square tests (scipy.stats) of the reference's
draws against the brute-force distribution. Also: the grader's distribution bound passes a correct
sampler on many seeds and fails top-p-before-temperature."""
import math

import numpy as np
import pytest
from scipy.stats import chisquare

from katatest import ROOT, reference
from sensei import load_module

ref = reference("sampling")
graded = load_module(ROOT / "katas" / "sampling" / "test_sampling.py", "sampling_tests_for_oracle")


# -- brute force, from the definitions ------------------------------------------------------------
def brute_probs(row):
    row = [float(v) for v in row]
    top = max(row)
    e = [math.exp(v - top) if v != -math.inf else 0.0 for v in row]
    total = math.fsum(e)
    return [v / total for v in e]


def brute_top_k(x, k):
    out = np.array(x, copy=True)
    for row in out.reshape(-1, out.shape[-1]):
        values = sorted(row.tolist(), reverse=True)
        kth = values[min(k, len(values)) - 1]
        for i, v in enumerate(row.tolist()):
            if v < kth:
                row[i] = -np.inf
    return out


def brute_top_p(x, p):
    out = np.array(x, copy=True)
    if p == 1:
        return out
    for row in out.reshape(-1, out.shape[-1]):
        values = row.tolist()
        probs = brute_probs(values)
        for i, v in enumerate(values):
            above = math.fsum(probs[j] for j, w in enumerate(values) if w > v)
            if not above < p:
                row[i] = -np.inf
    return out


def brute_distribution(logits, temperature, top_k, top_p):
    x = np.asarray(logits, np.float64) / temperature
    if top_k is not None:
        x = brute_top_k(x, top_k)
    if top_p is not None:
        x = brute_top_p(x, top_p)
    return np.array([brute_probs(r) for r in x.reshape(-1, x.shape[-1])]).reshape(x.shape)


def prefix_sums(x):
    probs = np.array([brute_probs(r) for r in x.reshape(-1, x.shape[-1])])
    return np.cumsum(-np.sort(-probs, axis=-1), axis=-1)


def p_away_from_round_off(rng, x, margin=1e-6):
    sums = prefix_sums(x)
    while True:
        p = float(rng.uniform(0.05, 0.99))
        if np.min(np.abs(sums - p)) > margin:
            return p


def random_logits(rng, kind, dtype=np.float64):
    shape = tuple(int(d) for d in rng.integers(1, 6, size=rng.integers(1, 3))) + (int(rng.integers(1, 30)),)
    if kind == "normal":
        x = rng.standard_normal(shape) * rng.choice([0.3, 1.0, 4.0])
    elif kind == "ties":
        x = rng.integers(-3, 3, size=shape).astype(np.float64)
    else:  # some -inf, at least one finite logit per row
        x = rng.standard_normal(shape) * 2
        x[rng.random(shape) < 0.4] = -np.inf
        x[..., 0] = np.where(np.isfinite(x).any(-1), x[..., 0], 0.0)
    return x.astype(dtype)


KINDS = ["normal", "ties", "-inf"]


# -- the filters ----------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("seed", range(15))
def test_top_k_matches_brute_force(seed, kind):
    rng = np.random.default_rng(seed)
    for dtype in (np.float64, np.float32):
        x = random_logits(rng, kind, dtype)
        k = int(rng.integers(1, x.shape[-1] + 3))
        got = ref.top_k_filter(x, k)
        assert got.dtype == dtype and got.shape == x.shape
        np.testing.assert_array_equal(got, brute_top_k(x, k))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("seed", range(15))
def test_top_p_matches_brute_force(seed, kind):
    rng = np.random.default_rng(100 + seed)
    x = random_logits(rng, kind)
    for p in (p_away_from_round_off(rng, x), 1.0):
        got = ref.top_p_filter(x, p)
        assert got.dtype == x.dtype and got.shape == x.shape
        np.testing.assert_array_equal(got, brute_top_p(x, p))


def test_top_p_float32_matches_brute_force_away_from_round_off():
    rng = np.random.default_rng(7)
    for _ in range(20):
        x = random_logits(rng, "normal", np.float32)
        p = p_away_from_round_off(rng, x, margin=1e-4)
        got = ref.top_p_filter(x, p)
        assert got.dtype == np.float32
        np.testing.assert_array_equal(got, brute_top_p(x, p))


def test_statement_examples():
    x = np.log([0.5, 0.2, 0.2, 0.1])
    kept = lambda y: np.flatnonzero(y != -np.inf).tolist()  # noqa: E731
    assert kept(ref.top_k_filter(x, 2)) == [0, 1, 2]
    assert kept(ref.top_p_filter(x, 0.6)) == [0, 1, 2]
    assert kept(ref.top_p_filter(x, 0.4)) == [0]
    assert kept(ref.top_p_filter(x, 0.95)) == [0, 1, 2, 3]
    np.testing.assert_allclose(brute_distribution(x, 1.0, None, 0.6), [0.5 / 0.9, 0.2 / 0.9, 0.2 / 0.9, 0])


@pytest.mark.parametrize("seed", range(10))
def test_filters_match_hf_warpers_in_torch(seed):
    """HF's TopKLogitsWarper and TopPLogitsWarper formulas, on rows without ties (HF breaks ties by sort
    position; the contract keeps tied tokens together)."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(200 + seed)
    x = rng.standard_normal((4, 50)) * 2
    scores = torch.from_numpy(x)
    k = int(rng.integers(1, 50))
    hf_k = scores.masked_fill(scores < torch.topk(scores, k)[0][..., -1, None], -float("inf"))
    np.testing.assert_array_equal(ref.top_k_filter(x, k), hf_k.numpy())
    p = p_away_from_round_off(rng, x)
    sorted_logits, sorted_indices = torch.sort(scores, descending=False)
    cumulative = sorted_logits.softmax(dim=-1).cumsum(dim=-1)
    remove = cumulative <= (1 - p)
    remove[..., -1:] = False
    hf_p = scores.masked_fill(remove.scatter(1, sorted_indices, remove), -float("inf"))
    np.testing.assert_array_equal(ref.top_p_filter(x, p), hf_p.numpy())


def test_filters_leave_their_input_alone():
    x = np.random.default_rng(0).standard_normal((3, 9))
    before = x.copy()
    ref.top_k_filter(x, 2), ref.top_p_filter(x, 0.5), ref.apply_temperature(x, 0.5)
    ref.sample(x, np.random.default_rng(0), 0.7, 3, 0.8)
    np.testing.assert_array_equal(x, before)


# -- sample -----------------------------------------------------------------------------------------
SAMPLE_CONFIGS = [  # logits, temperature, top_k, top_p
    (np.log([0.5, 0.2, 0.2, 0.1]), 1.0, None, 0.6),
    (np.log([0.5, 0.2, 0.2, 0.1]), 0.5, None, 0.6),
    (np.log([0.5, 0.2, 0.2, 0.1]), 2.0, None, 0.85),
    (np.log([0.4, 0.3, 0.2, 0.1]), 1.0, 3, 0.75),
    (np.random.default_rng(1).standard_normal(30) * 2, 0.8, 12, 0.9),
    (np.array([3.0, 3.0, 1.0, -np.inf, 0.5]), 1.3, 2, None),
    (1000 + np.log([0.6, 0.3, 0.1]), 1.0, None, None),
]


@pytest.mark.parametrize("config", range(len(SAMPLE_CONFIGS)))
def test_sample_distribution_chisquare(config):
    logits, temperature, top_k, top_p = SAMPLE_CONFIGS[config]
    q = brute_distribution(logits, temperature, top_k, top_p)
    n = 50_000
    tokens = ref.sample(np.repeat(logits[None], n, axis=0), np.random.default_rng(config), temperature, top_k, top_p)
    assert tokens.dtype == np.int64 and tokens.shape == (n,)
    counts = np.bincount(tokens, minlength=len(logits))
    assert not counts[q == 0].any(), "a token of probability 0 was drawn"
    support = q > 0
    if support.sum() > 1:
        assert chisquare(counts[support], n * q[support]).pvalue > 1e-6


def test_sample_greedy_is_the_first_argmax():
    rng = np.random.default_rng(3)
    x = rng.integers(0, 4, size=(50, 6)).astype(np.float64)  # many ties
    want = [max(range(6), key=lambda i: (row[i], -i)) for row in x.tolist()]
    got = ref.sample(x, rng, temperature=0.0, top_k=2, top_p=0.5)
    assert got.dtype == np.int64
    assert got.tolist() == want


def test_sample_same_seed_same_tokens_and_1d_returns_an_integer():
    x = np.random.default_rng(4).standard_normal((100, 10))
    a = ref.sample(x, np.random.default_rng(9), 0.9, 5, 0.9)
    b = ref.sample(x, np.random.default_rng(9), 0.9, 5, 0.9)
    np.testing.assert_array_equal(a, b)
    one = ref.sample(x[0], np.random.default_rng(9))
    assert isinstance(one, np.integer) and np.asarray(one).dtype == np.int64


@pytest.mark.parametrize("bad", [dict(temperature=-1.0), dict(top_k=0), dict(top_p=0.0), dict(top_p=1.1),
                                 dict(temperature=0.0, top_k=0), dict(temperature=0.0, top_p=2.0)])
def test_sample_invalid(bad):
    with pytest.raises(ValueError):
        ref.sample(np.zeros(3), np.random.default_rng(0), **bad)


# -- the grader's bound: generous for a correct sampler, tight for a wrong order ----------------------
def counts_for(n, q_rows, draws):
    return np.stack([np.bincount(d, minlength=q_rows.shape[-1]) for d in draws])


@pytest.mark.parametrize("c", graded.DISTRIBUTION_CASES, ids=str)
def test_grader_bound_passes_the_reference_on_many_seeds(c):
    args = c.args
    logits = np.asarray(args["logits"])
    q = graded.rows_of(brute_distribution(logits, args["temperature"], args["top_k"], args["top_p"]))
    for seed in range(20):
        batch = np.repeat(logits[None], graded.DRAWS, axis=0)
        tokens = ref.sample(batch, np.random.default_rng(1000 + seed), args["temperature"], args["top_k"],
                            args["top_p"]).reshape(graded.DRAWS, -1)
        counts = counts_for(graded.DRAWS, q, tokens.T)
        assert graded.Drawn().problem(counts, q) is None, seed


def test_grader_bound_fails_top_p_before_temperature():
    """The mistake's draws (top-p measured on the raw logits, then tempered) fail the bound."""
    logits, temperature, top_p = np.log([0.5, 0.2, 0.2, 0.1]), 2.0, 0.85
    q = brute_distribution(logits, temperature, None, top_p)[None]
    kept = brute_top_p(logits, top_p)
    for seed in range(5):
        tokens = ref.sample(np.repeat((kept / temperature)[None], graded.DRAWS, axis=0),
                            np.random.default_rng(seed))
        assert graded.Drawn().problem(counts_for(graded.DRAWS, q, [tokens]), q) is not None
