"""Graded tests for the flash_attention kata. Run: pytest katas/flash_attention   (-x stops at the first failure)."""
from __future__ import annotations

import math
import tracemalloc

import numpy as np
import pytest

from sensei import Close, Later, case, crash, generated, mistake
from sensei.data import a

FA = "flash_attention()"
SPEC = Close(rtol=1e-7, atol=1e-9, rtol32=1e-4, atol32=1e-5,
             shape_hint=f"{FA}: the output is [..., Lq, dv]: one row per query, v's last axis.")

# -- hints ----------------------------------------------------------------------------------------
ONLINE = (f"{FA}: per query keep a running max m, sum l and accumulator acc; for each block of scores s: "
          "m' = max(m, max s), l = l * exp(m - m') + sum exp(s - m'), acc = acc * exp(m - m') + exp(s - m') v_b; "
          "at the end out = acc / l.")
RESCALE = (f"{FA}: when a block raises the running max, what you summed so far was weighted by exp(s - m_old): "
           "multiply BOTH l and acc by exp(m_old - m_new) before adding the block.")
SCALE = f"{FA}: divide the scores q k^T by sqrt(d), d = q.shape[-1] (not by d, and not by nothing)."
LAST_BLOCK = (f"{FA}: the last block may be shorter: loop `for start in range(0, Lk, block_size)` and slice "
              "k[..., start:start + block_size, :] (a slice past the end just stops); Lk // block_size blocks "
              "drop the tail, and there are none at all when block_size > Lk.")
CAUSAL = (f"{FA}: causal: query i attends key j when j <= i, with j the key's ABSOLUTE position "
          "(start + its index in the block), not its index inside the block.")
HUGE = (f"{FA}: exp() of a score above ~709 is inf: subtract the running max, and UPDATE it with every block "
        "(m' = max(m, max of the block's scores)) so that every exp() is <= 1.")
TINY = (f"{FA}: exp(-1e4) underflows to 0, so the sum is 0 and the output 0/0: subtract the running max "
        "before exp(), so the largest term of each row is exp(0) = 1.")
DTYPE = (f"{FA}: float32 in, float32 out (accumulating in float64 is fine: cast the result back); "
         "integer inputs give float64.")
MEMORY = (f"{FA}: never hold the [Lq, Lk] score matrix: loop over blocks of KEYS, keeping per query only the "
          "running max, sum and accumulator, so each step holds [Lq, block_size] scores. Tiling only the queries "
          "still holds [block, Lk] scores (the whole matrix when Lq <= block_size), and a full [Lq, Lk] causal mask "
          "is as large.")


# -- known mistakes: what each outputs (our code, in the grading process; never shown) ---------------
def online(q, k, v, block_size=64, causal=False, *, rescale="both", running_max="running", blocks="all",
           mask="absolute", divisor="sqrt", combine="online"):
    """Blocked attention with one knob turned. rescale: both | l (acc not) | acc (l not) | none;
    running_max: running | first (set by the first block, never updated) | none (no max at all);
    blocks: all | drop_last; mask: absolute | local (block-local key index) | strict (j < i) | ahead (j <= i + 1);
    divisor: sqrt | d | one; combine: online | fa1 (normalised output rescaled without the old sum) |
    mean (each block's own softmax, the block outputs averaged)."""
    q, k, v = np.asarray(q), np.asarray(k), np.asarray(v)
    dtype = np.result_type(q, k, v)
    dtype = dtype if dtype.kind == "f" else np.dtype(np.float64)
    d, Lq, Lk = q.shape[-1], q.shape[-2], k.shape[-2]
    qs = q.astype(np.float64) / {"sqrt": math.sqrt(d), "d": d, "one": 1.0}[divisor]
    m = np.full((*q.shape[:-1], 1), -np.inf)
    l = np.zeros_like(m)
    acc = np.zeros((*q.shape[:-1], v.shape[-1]))
    rows = np.arange(Lq)[:, None]
    stop = Lk - block_size + 1 if blocks == "drop_last" else Lk
    starts = list(range(0, max(stop, 0), block_size))
    for n, start in enumerate(starts):
        kb, vb = k[..., start:start + block_size, :], v[..., start:start + block_size, :]
        s = qs @ kb.swapaxes(-1, -2)
        if causal:
            cols = np.arange(kb.shape[-2]) + (0 if mask == "local" else start)
            blocked = {"absolute": cols > rows, "local": cols > rows, "strict": cols >= rows,
                       "ahead": cols > rows + 1}[mask]
            s = np.where(blocked, -np.inf, s)
        if combine == "mean":
            p = np.exp(s - s.max(axis=-1, keepdims=True))
            acc = acc + (p @ vb) / p.sum(axis=-1, keepdims=True) / len(starts)
            continue
        if running_max == "none":
            m_new = np.zeros_like(m)
        elif running_max == "first" and n > 0:
            m_new = m
        else:
            m_new = np.maximum(m, s.max(axis=-1, keepdims=True))
        alpha = np.exp(m - m_new)
        p = np.exp(s - m_new)
        l_new = l * (alpha if rescale in ("both", "l") else 1.0) + p.sum(axis=-1, keepdims=True)
        if combine == "fa1":  # acc holds the normalised output
            acc = (alpha * acc + p @ vb) / l_new
        else:
            acc = acc * (alpha if rescale in ("both", "acc") else 1.0) + p @ vb
        l, m = l_new, m_new
    out = acc if combine in ("fa1", "mean") else acc / l
    return out.astype(dtype)


def variant(**knobs):
    return lambda ref, *args: online(*args, **knobs)


MISTAKES = [
    mistake("flash_attention", "acc not rescaled when the running max grows (l is)",
            fix=f"{FA}: when the max grows, rescale the accumulator too: acc = acc * exp(m_old - m_new) + "
                "exp(s - m_new) @ v_block (l gets the same factor).", gives=variant(rescale="l")),
    mistake("flash_attention", "l not rescaled when the running max grows (acc is)",
            fix=f"{FA}: when the max grows, rescale the running sum too: l = l * exp(m_old - m_new) + "
                "sum exp(s - m_new) (acc gets the same factor).", gives=variant(rescale="acc")),
    mistake("flash_attention", "neither l nor acc rescaled when the running max grows", fix=RESCALE,
            gives=variant(rescale="none")),
    mistake("flash_attention", "the running max set by the first block and never updated (exp overflows)",
            fix=HUGE, gives=variant(running_max="first")),
    # A max started at 0 instead of -inf gives the same NaN on scores near -1e4 (the case that catches both).
    mistake("flash_attention", "no running max (or one started at 0, not -inf): exp() of unshifted scores",
            fix=f"{FA}: exp() overflows to inf above ~709 and underflows to 0 below ~-745 (then inf/inf or 0/0): "
                "start the running max at -inf, update it with every block (m' = max(m, max s)) and take "
                "exp(s - m'), whose largest term is exp(0) = 1.", gives=variant(running_max="none")),
    mistake("flash_attention", "the last, shorter block dropped", fix=LAST_BLOCK, gives=variant(blocks="drop_last")),
    mistake("flash_attention", "causal mask from block-local key indices", fix=CAUSAL, gives=variant(mask="local")),
    mistake("flash_attention", "causal mask off by one: the diagonal blocked (j < i)",
            fix=f"{FA}: causal: query i attends keys j <= i, itself INCLUDED (mask j > i, not j >= i).",
            gives=variant(mask="strict")),
    mistake("flash_attention", "causal mask off by one: one future key let through (j <= i + 1)",
            fix=f"{FA}: causal: query i attends keys j <= i: mask j > i.", gives=variant(mask="ahead")),
    mistake("flash_attention", "scores divided by d instead of sqrt(d)", fix=SCALE, gives=variant(divisor="d")),
    mistake("flash_attention", "scores not scaled by 1/sqrt(d)", fix=SCALE, gives=variant(divisor="one")),
    mistake("flash_attention", "a normalised running output rescaled without the old sum l",
            fix=f"{FA}: if you keep the output normalised per block, the old output carries its old sum: "
                "o = (l_old * exp(m_old - m_new) * o + exp(s - m_new) @ v_b) / l_new. Simpler: keep acc "
                "unnormalised and divide by l once, at the end.", gives=variant(combine="fa1")),
    mistake("flash_attention", "each block's own softmax, the block outputs averaged",
            fix=f"{FA}: the softmax runs over ALL keys: one running max, sum and accumulator per query across "
                "the blocks; per-block softmaxes weigh each block equally.", gives=variant(combine="mean")),
    crash("flash_attention", "np.array_split(k, Lk // block_size): 0 pieces when block_size > Lk", fix=LAST_BLOCK,
          raised="number sections must be larger than 0"),
    crash("flash_attention", "np.split(k, Lk // block_size): fails when block_size does not divide Lk",
          fix=LAST_BLOCK, raised="array split does not result in an equal division"),
    crash("flash_attention", "np.split(k, Lk // block_size): 0 pieces when block_size > Lk", fix=LAST_BLOCK,
          raised="integer modulo by zero"),
]


# -- inputs ---------------------------------------------------------------------------------------
def r(rng, *shape, scale=1.0, dtype=np.float64):
    return (rng.standard_normal(shape) * scale).astype(dtype)


def random_attention(rng, size, dtype=np.float64):
    """Random leading axes, lengths, widths, block size (1, dividing or not, >= Lk) and causal flag."""
    batch = tuple(int(b) for b in rng.integers(1, 4, size=rng.integers(0, 3)))
    causal = bool(rng.random() < 0.4)
    Lq, Lk = (int(n) for n in rng.integers(1, size + 1, size=2))
    Lq = Lk if causal else Lq
    d, dv = (int(n) for n in rng.integers(1, 7, size=2))
    block_size = int(rng.choice([1, 2, 3, int(rng.integers(1, Lk + 1)), Lk, Lk + int(rng.integers(1, 5))]))
    scale = float(rng.choice([1.0, 3.0]))
    return {"q": r(rng, *batch, Lq, d, scale=scale, dtype=dtype), "k": r(rng, *batch, Lk, d, scale=scale, dtype=dtype),
            "v": r(rng, *batch, Lk, dv, dtype=dtype), "block_size": block_size, "causal": causal}


_rng = np.random.default_rng(26)
Q9, K9, V9 = r(_rng, 5, 9), r(_rng, 11, 9), r(_rng, 11, 3)  # d = 9: sqrt(d) = 3, not d
Q7, K7, V7 = r(_rng, 7, 3), r(_rng, 7, 3), r(_rng, 7, 2)
# Scores grow from ~0 (block 1) to ~1e4 (later blocks): the max must be updated or exp() overflows.
GROWING = dict(q=a([100.0, 0.0], [0.0, 100.0], [70.0, 70.0]),
               k=a([0.0, 0.0], [0.01, -0.01], [141.0, 0.0], [0.0, 141.0], [100.0, 99.0], [-141.0, 0.0]),
               v=a([1.0, -1.0], [2.0, 0.0], [3.0, 5.0], [-4.0, 1.0], [0.5, 0.25], [9.0, 9.0]))
# Every score near -1e4, within a few units of the others: softmax is far from one-hot.
SINKING = dict(q=a([100.0, 100.0], [100.0, 99.9]),
               k=a([-70.5, -70.5], [-70.51, -70.5], [-70.5, -70.48], [-70.52, -70.5], [-70.49, -70.5]),
               v=a([1.0], [2.0], [3.0], [4.0], [5.0]))

CASES = [
    case("the worked example: one query, 3 keys, block_size 2", q=a([1.0, 0.0]), k=a([1.0, 0.0], [0.0, 1.0], [1.0, 1.0]),
         v=a([1.0], [2.0], [4.0]), block_size=2, hint=ONLINE),
    case("Lq = 5, Lk = 11, d = 9, dv = 3, block_size 4 (does not divide 11)", q=Q9, k=K9, v=V9, block_size=4,
         hint=LAST_BLOCK),
    case("block_size 1: one key per block", q=Q9, k=K9, v=V9, block_size=1, hint=RESCALE),
    case("block_size 11 = Lk: a single block", q=Q9, k=K9, v=V9, block_size=11, hint=ONLINE),
    case("block_size 64 > Lk = 11: a single short block", q=Q9, k=K9, v=V9, block_size=64, hint=LAST_BLOCK),
    case("the default block_size (64) over Lk = 150 keys", q=r(_rng, 6, 4), k=r(_rng, 150, 4, scale=2.0),
         v=r(_rng, 150, 5), hint=LAST_BLOCK),
    case("leading axes [2, 3, L, d], block_size 3", q=r(_rng, 2, 3, 4, 5), k=r(_rng, 2, 3, 8, 5),
         v=r(_rng, 2, 3, 8, 2), block_size=3,
         hint=f"{FA}: only the last two axes are matrix axes: k.swapaxes(-1, -2), and reduce over axis -1."),
    case("causal, L = 7, block_size 3", q=Q7, k=K7, v=V7, block_size=3, causal=True, hint=CAUSAL),
    case("causal, block_size 1", q=Q7, k=K7, v=V7, block_size=1, causal=True, hint=CAUSAL),
    case("causal, block_size 16 > L = 7", q=Q7, k=K7, v=V7, block_size=16, causal=True, hint=CAUSAL),
    case("causal with leading axes [2, 6, 3], block_size 4", q=r(_rng, 2, 6, 3), k=r(_rng, 2, 6, 3),
         v=r(_rng, 2, 6, 4), block_size=4, causal=True, hint=CAUSAL),
    *generated("random shapes and block sizes, size {size}", random_attention, sizes=[5, 24], seeds=range(4),
               hint=ONLINE),
    # edge cases: huge scores, degenerate lengths
    case("scores near -1e4 (exp underflows without the max)", **SINKING, block_size=2, hint=TINY, layer="edge"),
    case("scores grow from 0 to 1e4 across the blocks", **GROWING, block_size=2, hint=HUGE, layer="edge"),
    case("a single key: every query gives it weight 1", q=r(_rng, 3, 2), k=a([0.5, -1.0]), v=a([3.0, -2.0, 1.0]),
         block_size=4, layer="edge", hint=f"{FA}: with one key the softmax is [1]: the output is v's row for every query."),
    case("causal, L = 1", q=a([2.0, 1.0]), k=a([-1.0, 3.0]), v=a([7.0]), block_size=1, causal=True, layer="edge",
         hint=CAUSAL),
    case("Lq = 0 gives an empty [0, dv] output", q=np.zeros((0, 3)), k=r(_rng, 4, 3), v=r(_rng, 4, 2), block_size=2,
         layer="edge", hint=f"{FA}: no queries: return an empty [..., 0, dv] array (np.zeros((*q.shape[:-1], dv)))."),
    case("Lq = 0 with leading axes [2, 0, 3]", q=np.zeros((2, 0, 3)), k=r(_rng, 2, 4, 3), v=r(_rng, 2, 4, 2),
         block_size=3, layer="edge", hint=f"{FA}: no queries: return an empty [..., 0, dv] array."),
    # polish: dtypes
    case("float32 in, float32 out", q=r(_rng, 4, 6, dtype=np.float32), k=r(_rng, 9, 6, dtype=np.float32),
         v=r(_rng, 9, 3, dtype=np.float32), block_size=4, hint=DTYPE, layer="polish"),
    case("float32, causal", q=Q7.astype(np.float32), k=K7.astype(np.float32), v=V7.astype(np.float32), block_size=3,
         causal=True, hint=DTYPE, layer="polish"),
    case("float32 scores of 1e4 stay finite", **{n: x.astype(np.float32) for n, x in GROWING.items()}, block_size=2,
         hint=HUGE, layer="polish"),
    case("integer inputs give float64", q=np.array([[1, 0], [2, -1]]), k=np.array([[1, 1], [0, 2], [-1, 1]]),
         v=np.array([[1], [2], [3]]), block_size=2, hint=DTYPE, layer="polish"),
    *generated("random float32, size {size}", lambda rng, n: random_attention(rng, n, np.float32), sizes=[12],
               seeds=range(2), hint=DTYPE, layer="polish"),
]

BLOCK = f"{FA}: block_size < 1 is invalid: raise ValueError (a loop with step 0 or a negative step is no tiling)."
INVALID = [
    case("block_size 0", q=r(_rng, 2, 3), k=r(_rng, 4, 3), v=r(_rng, 4, 2), block_size=0, raises=ValueError,
         hint=BLOCK),
    case("block_size -2", q=r(_rng, 2, 3), k=r(_rng, 4, 3), v=r(_rng, 4, 2), block_size=-2, raises=ValueError,
         hint=BLOCK),
    case("causal with Lq = 3 != Lk = 5", q=r(_rng, 3, 2), k=r(_rng, 5, 2), v=r(_rng, 5, 2), block_size=2, causal=True,
         raises=ValueError, hint=f"{FA}: causal needs Lq == Lk (top-left and bottom-right alignments disagree "
                                 "otherwise): raise ValueError."),
    case("no keys (Lk = 0)", q=r(_rng, 2, 3), k=np.zeros((0, 3)), v=np.zeros((0, 2)), block_size=2, raises=ValueError,
         hint=f"{FA}: a softmax over no keys is undefined (0/0): raise ValueError when Lk = 0."),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_flash_attention(kata, case):
    kata.check("flash_attention", case, SPEC)


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid_input_raises(kata, case):
    kata.check("flash_attention", case)


# -- memory: measured in the worker, around the learner's call only ----------------------------------
BOUND = 16 * 2**20
MiB = 2**20


def traced(module, q, k, v, block_size):
    """Runs in the worker: the learner's call under tracemalloc (which sees NumPy's allocations);
    returns the output and the traced peak in bytes."""
    tracemalloc.start()
    try:
        out = module.flash_attention(q, k, v, block_size)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return out, peak


def test_memory_never_holds_the_score_matrix(kata):
    rng = np.random.default_rng(0)
    Lq, Lk = 256, 32768  # the [Lq, Lk] score matrix is 64 MiB; 256 key blocks (a few ms each, traced)
    c = case(f"q [{Lq}, 4], k and v [{Lk}, 4] float64, block_size 128: traced peak under 16 MiB",
             q=r(rng, Lq, 4), k=r(rng, Lk, 4), v=r(rng, Lk, 4), block_size=128, hint=MEMORY)
    want = Later(kata.expected, "flash_attention", c)  # computed while the worker traces yours
    out, peak = kata.run("flash_attention", c, traced, *c.args.values(), meanwhile=want)
    kata.compare("flash_attention", c, out, want.result(), SPEC)
    if peak <= BOUND:
        return
    scores = Lq * Lk * 8
    held = (f"as much as the whole [{Lq}, {Lk}] score matrix ({scores / MiB:.1f} MiB) or more"
            if peak >= scores else "more than copies of the inputs and [Lq, block_size] blocks need")
    kata.fail("flash_attention", c, f"your call allocated {peak / MiB:.1f} MiB at peak; the bound is "
              f"{BOUND / MiB:.0f} MiB: never hold the [Lq, Lk] score matrix",
              details=[f"that is {held}",
                       f"(k and v are {Lk * 4 * 8 / MiB:.0f} MiB each; one [{Lq}, 128] block of scores is "
                       f"{Lq * 128 * 8 / 1024:.0f} KiB)"], hint=MEMORY)


# -- benchmarks: pytest katas/flash_attention --benchmark-only -----------------------------------------
@pytest.mark.parametrize("L", [256, 1024, 2048])
def test_benchmark_flash_attention(kata_bench, L):
    rng = np.random.default_rng(0)
    c = case("", q=r(rng, L, 64), k=r(rng, L, 64), v=r(rng, L, 64), block_size=64)
    kata_bench("flash_attention", c, label=f"L={L} d=64 block_size=64")
