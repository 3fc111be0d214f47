"""Graded tests for the dropout kata. Run: pytest katas/dropout   (-x stops at the first failure).

The mask is random and the random generator is yours to choose, so dropout is graded by its
properties, not against the reference's mask.
"""
import dataclasses
import math

import numpy as np
import pytest

from sensei import Case, Close, case, mistake
from sensei.show import describe

FORWARD, BACKWARD = "dropout_forward", "dropout_backward"

KEEP = ("dropout_forward(): p is the probability of KEEPING a unit (the CS231n convention); torch's "
        "F.dropout(x, p) uses the opposite meaning: its p is the probability of DROPPING.")
INVERTED = ("dropout_forward(): inverted dropout divides every kept unit by p at training time (x / p) and sets "
            "every dropped unit to 0, so the expected output stays x.")
NOT_SCALED = "dropout_forward(): the kept units were not divided by p: a kept unit is x / p (inverted dropout)."
MULTIPLIED = "dropout_forward(): divide the kept units by p (x / p), do not multiply them by p."
P_ONE = "dropout_forward(): with p = 1 every unit is kept (p is the probability of KEEPING) and divided by 1."
TEST_MODE = ("dropout_forward(): test mode is the identity: out equals x, with no mask and no scaling "
             "(inverted dropout already scaled at training time).")
TEST_SCALED = ("dropout_forward(): test mode is the identity, with no scaling: inverted dropout already divided "
               "the kept units by p at training time.")
TEST_MASK = "dropout_forward(): test mode is the identity: draw no mask in test mode, out equals x."
SAME_MASK = ("dropout_backward(): the backward goes through the forward's own mask (keep it in the cache): "
             "drawing a new mask in the backward does not match.")
BACKWARD_SCALE = ("dropout_backward(): the 1/p scaling of the forward is in the gradient too: dx = dout / p where "
                  "the unit was kept, 0 where it was dropped.")
BACKWARD_TEST = "dropout_backward(): in test mode the forward is the identity, so dx equals dout."
SEED = ("dropout_forward(): the same seed must give the same mask: when dropout_param has a 'seed', build your "
        "random generator from it on every call.")
FRESH = ("dropout_forward(): without a seed, each call must draw a new mask: a fixed default seed drops the same "
         "units at every training step.")
DTYPE = {FORWARD: ("dropout_forward(): float32 in, float32 out: a mask made without dtype= is float64 and upcasts "
                   "x; build it in x's dtype (integer x gives float64)."),
         BACKWARD: "dropout_backward(): dx keeps dout's dtype (float32 in, float32 out)."}


def _in_test_mode(dropout_param):
    if dropout_param.get("mode") != "test":
        raise ValueError("a test-mode mistake")
    return dropout_param["p"]


# Known mistakes of test mode, where the output is deterministic (what each gives; never shown).
MISTAKES = [
    mistake(FORWARD, "out scaled by p in test mode (the old, non-inverted dropout)", fix=TEST_SCALED,
            gives=lambda ref, x, dropout_param: x * np.asarray(_in_test_mode(dropout_param), x.dtype)),
    mistake(FORWARD, "out divided by p in test mode", fix=TEST_SCALED,
            gives=lambda ref, x, dropout_param: x / np.asarray(_in_test_mode(dropout_param), x.dtype)),
]



def away_from_zero(rng, shape, dtype=np.float64):
    """Values with |x| in [0.5, 2]: out == 0 then means 'dropped', never 'x was 0'."""
    return (rng.uniform(0.5, 2.0, size=shape) * rng.choice([-1.0, 1.0], size=shape)).astype(dtype)


RNG = np.random.default_rng(12345)
SMALL = away_from_zero(RNG, (4, 5))
MEDIUM = away_from_zero(RNG, (20, 30))


def train(p, seed=0, **extra):
    return {"p": p, "mode": "train", **({"seed": seed} if seed is not None else {}), **extra}


TRAIN_CASES = [
    case("p = 0.8 on a small matrix", x=SMALL, dropout_param=train(0.8), hint=INVERTED),
    case("p = 0.3", x=MEDIUM, dropout_param=train(0.3, seed=1), hint=INVERTED),
    case("p = 0.5 on a 1-D vector", x=MEDIUM[0], dropout_param=train(0.5, seed=2), hint=INVERTED),
    case("a 4-D input (N, C, H, W)", x=MEDIUM.reshape(2, 3, 10, 10), dropout_param=train(0.7, seed=3),
         hint=INVERTED),
    case("no seed given", x=MEDIUM, dropout_param=train(0.6, seed=None), hint=INVERTED),
    # Edge cases: p = 1, an empty batch.
    case("p = 1 keeps every unit unchanged", x=SMALL, dropout_param=train(1.0), hint=P_ONE, layer="edge"),
    case("an empty batch keeps its shape", x=np.zeros((0, 5)), dropout_param=train(0.5), layer="edge",
         hint="dropout_forward(): a (0, 5) input gives a (0, 5) output."),
    # Polish: dtypes.
    case("float32 in, float32 out", x=MEDIUM.astype(np.float32), dropout_param=train(0.4, seed=4),
         hint=DTYPE[FORWARD], layer="polish"),
    case("integer x gives float64", x=np.arange(1, 21).reshape(4, 5), dropout_param=train(0.5, seed=5),
         layer="polish",
         hint="dropout_forward(): x / p of an integer x is not an integer: return float64 (do not cast back to "
              "x's dtype)."),
]


def learner_forward(kata, case):
    """The learner's (out, cache)."""
    return kata.call(FORWARD, case, parts=("out", "cache"))


def out_dtype(x):
    return x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)


def check_array(kata, name, case, got, shape, dtype, what="out"):
    if not isinstance(got, np.ndarray):
        kata.fail(name, case, f"{what} should be a numpy array, got {describe(got)}",
                  hint=f"{name}(): return a numpy array (np.ndarray), not a list or a tensor.")
    if got.shape != shape:
        kata.fail(name, case, f"{what} has shape {got.shape}, expected {shape}",
                  hint=f"{name}(): dropout works elementwise: the output has the input's shape.")
    if got.dtype != dtype:
        kata.fail(name, case, f"{what} has dtype {got.dtype}, expected {dtype}", hint=DTYPE[name], layer="polish")


def tolerance(dtype):
    return 1e-5 if dtype == np.float32 else 1e-12


def check_zero_or_scaled(kata, case, out):
    """Every output is 0 (dropped) or x / p (kept)."""
    x, p = case.args["x"], case.args["dropout_param"]["p"]
    scaled = x.astype(np.float64) / p
    o = out.astype(np.float64)
    bad = (o != 0) & ~np.isclose(o, scaled, rtol=tolerance(out.dtype), atol=0)
    if bad.any():
        i = tuple(int(k) for k in np.argwhere(bad)[0])
        ratio = o[i] / x[i]
        guess, hint = "", case.hint or INVERTED
        if np.isclose(ratio, 1.0):
            guess, hint = " (that is x itself: the kept units were not divided by p)", NOT_SCALED
        elif np.isclose(ratio, 1 / (1 - p)) and p != 0.5:
            guess, hint = " (that is x / (1 - p): p was taken as the drop probability)", KEEP
        elif np.isclose(ratio, p):
            guess, hint = " (that is x * p: multiplied instead of divided)", MULTIPLIED
        kata.fail(FORWARD, case, f"{int(bad.sum())} of {out.size} outputs are neither 0 nor x / p",
                  details=[f"at {list(i)}: x = {x[i]!r}, p = {p}, so a kept unit is {scaled[i]!r}; "
                           f"got {o[i]!r}{guess}"], hint=hint)


@pytest.mark.parametrize("case", TRAIN_CASES, ids=str)
def test_train_output_is_zero_or_x_over_p(kata, case):
    out, _ = learner_forward(kata, case)
    x = case.args["x"]
    check_array(kata, FORWARD, case, out, x.shape, out_dtype(x))
    check_zero_or_scaled(kata, case, out)
    if case.args["dropout_param"]["p"] == 1 and not np.array_equal(out, x):
        everything = x.size and not np.any(out)
        kata.fail(FORWARD, case, "with p = 1 every unit was dropped: p was taken as the drop probability"
                  if everything else "with p = 1 some units were dropped", got=out, expected=x,
                  hint=KEEP if everything else case.hint)


# -- the kept fraction, on large inputs --------------------------------------------------------
LARGE = away_from_zero(np.random.default_rng(7), (200, 500))


def kept_fraction_case(p, seed, dtype=np.float64):
    suffix = ", float32" if dtype != np.float64 else ""
    return case(f"kept fraction with p = {p}, seed {seed}, {LARGE.size} units{suffix}", x=LARGE.astype(dtype),
                dropout_param=train(p, seed=seed))


FRACTION_CASES = [kept_fraction_case(p, seed) for p, seed in ((0.8, 0), (0.25, 1), (0.9, 2), (0.5, 3))] + [
    dataclasses.replace(kept_fraction_case(0.7, 4, np.float32), tier="polish"),
    case(f"kept fraction without a seed, p = 0.2, {LARGE.size} units", x=LARGE, dropout_param=train(0.2, None)),
]


@pytest.mark.parametrize("case", FRACTION_CASES, ids=str)
def test_kept_fraction_is_p(kata, case):
    out, _ = learner_forward(kata, case)
    x, p = case.args["x"], case.args["dropout_param"]["p"]
    check_array(kata, FORWARD, case, out, x.shape, out_dtype(x))
    kept = float(np.mean(out != 0))
    # Binomial spread: 6 standard deviations, so a correct solution fails once in ~10^9 draws.
    allowed = 6 * math.sqrt(p * (1 - p) / x.size) + 1 / x.size
    if abs(kept - p) > allowed:
        guess = " (about 1 - p: p was taken as the drop probability)" if abs(kept - (1 - p)) <= allowed else ""
        kata.fail(FORWARD, case, f"kept {kept:.4f} of the units{guess}, expected p = {p} (within {allowed:.4f})",
                  hint=KEEP)
    check_zero_or_scaled(kata, case, out)


# -- seeds --------------------------------------------------------------------------------------
SEED_CASES = [
    case("the same seed gives the same output twice", x=MEDIUM, dropout_param=train(0.5, seed=42)),
    case("the same seed, float32", x=MEDIUM.astype(np.float32), dropout_param=train(0.8, seed=7), layer="polish"),
]


@pytest.mark.parametrize("case", SEED_CASES, ids=str)
def test_same_seed_same_output(kata, case):
    first, _ = learner_forward(kata, case)
    second, _ = learner_forward(kata, case)
    check_array(kata, FORWARD, case, first, case.args["x"].shape, out_dtype(case.args["x"]))
    if not (isinstance(second, np.ndarray) and np.array_equal(first, second)):
        kata.fail(FORWARD, case, "two calls with the same seed gave different outputs",
                  details=[f"first call:  {int(np.sum(first != 0))} units kept",
                           f"second call: {int(np.sum(np.asarray(second) != 0))} units kept, "
                           f"{int(np.sum((first != 0) != (np.asarray(second) != 0)))} units differ"],
                  hint=SEED)


def test_no_seed_draws_a_new_mask_each_call(kata):
    c = case("two calls without a seed", x=MEDIUM, dropout_param=train(0.5, seed=None))
    first, _ = learner_forward(kata, c)
    second, _ = learner_forward(kata, c)
    if np.array_equal(np.asarray(first) != 0, np.asarray(second) != 0):
        kata.fail(FORWARD, c, f"two calls without a seed dropped exactly the same {int(np.sum(first == 0))} "
                  f"of {first.size} units", hint=FRESH)


# -- test mode ----------------------------------------------------------------------------------
TEST_CASES = [
    case("test mode returns x", x=SMALL, dropout_param={"p": 0.3, "mode": "test"}, hint=TEST_MODE),
    case("test mode with a seed returns x", x=MEDIUM, dropout_param={"p": 0.8, "mode": "test", "seed": 3},
         hint=TEST_MODE),
    case("test mode keeps float32", x=SMALL.astype(np.float32), dropout_param={"p": 0.5, "mode": "test"},
         hint=TEST_MODE, layer="polish"),
    case("test mode on a 3-D input", x=MEDIUM.reshape(5, 4, 30), dropout_param={"p": 0.6, "mode": "test"},
         hint=TEST_MODE),
]


@pytest.mark.parametrize("case", TEST_CASES, ids=str)
def test_test_mode_is_identity(kata, case):
    out, _ = learner_forward(kata, case)
    x = case.args["x"]
    check_array(kata, FORWARD, case, out, x.shape, x.dtype)
    dropped = (out == 0) & (x != 0)
    if dropped.any() and np.all(dropped | (out == x) | np.isclose(out, x / case.args["dropout_param"]["p"])):
        kata.fail(FORWARD, case, f"looks like: a dropout mask applied in test mode ({int(dropped.sum())} of "
                  f"{out.size} units are 0)", got=out, expected=x, hint=TEST_MASK)
    kata.compare(FORWARD, case, out, x, Close(rtol=0, atol=0, rtol32=0, atol32=0), hint=TEST_MODE,
                 what="out should equal x")


# -- invalid parameters -------------------------------------------------------------------------
INVALID_CASES = [
    case("p = 0 is invalid", x=SMALL, dropout_param=train(0.0), raises=ValueError,
         hint="dropout_forward(): p is the probability of keeping a unit: 0 < p <= 1. p = 0 would divide by 0."),
    case("p > 1 is invalid", x=SMALL, dropout_param=train(1.5), raises=ValueError,
         hint="dropout_forward(): p is a probability: 0 < p <= 1, else raise ValueError."),
    case("negative p is invalid", x=SMALL, dropout_param=train(-0.2), raises=ValueError,
         hint="dropout_forward(): p is a probability: 0 < p <= 1, else raise ValueError."),
    case("mode 'eval' is invalid", x=SMALL, dropout_param={"p": 0.5, "mode": "eval"}, raises=ValueError,
         hint="dropout_forward(): mode is 'train' or 'test'; anything else (torch's 'eval' too) raises ValueError."),
]


@pytest.mark.parametrize("case", INVALID_CASES, ids=str)
def test_invalid_parameters(kata, case):
    kata.check(FORWARD, case)


# -- the backward -------------------------------------------------------------------------------
BACKWARD_CASES = [
    case("backward: p = 0.6", x=MEDIUM, dropout_param=train(0.6, seed=11)),
    case("backward: p = 0.25 on a 3-D input", x=MEDIUM.reshape(4, 5, 30), dropout_param=train(0.25, seed=12)),
    case("backward: no seed", x=MEDIUM, dropout_param=train(0.8, seed=None)),
    case("backward: test mode gives dout", x=MEDIUM, dropout_param={"p": 0.4, "mode": "test"}),
    case("backward: p = 1", x=SMALL, dropout_param=train(1.0), layer="edge"),
    case("backward: float32", x=MEDIUM.astype(np.float32), dropout_param=train(0.5, seed=13), layer="polish"),
]


@pytest.mark.parametrize("case", BACKWARD_CASES, ids=str)
def test_backward_uses_the_same_mask(kata, case):
    out, cache = learner_forward(kata, case)
    x, p = case.args["x"], case.args["dropout_param"]["p"]
    check_array(kata, FORWARD, case, out, x.shape, out_dtype(x))
    dout = away_from_zero(np.random.default_rng(0), x.shape, out.dtype)
    shown = Case(case.name, {**case.args, "dout": dout})
    dx = kata.call(BACKWARD, Case(case.name, {"dout": dout, "cache": cache}, hint=SAME_MASK))
    check_array(kata, BACKWARD, shown, dx, dout.shape, dout.dtype, what="dx")
    if case.args["dropout_param"]["mode"] == "test":
        kata.compare(BACKWARD, shown, dx, dout, Close(rtol=0, atol=0, rtol32=0, atol32=0),
                     what="in test mode dx should equal dout", hint=BACKWARD_TEST)
        return
    dropped = out == 0
    moved = (dx == 0) != dropped
    if moved.any():
        i = tuple(int(k) for k in np.argwhere(moved)[0])
        kata.fail(BACKWARD, shown, f"dx is 0 at {int(np.sum((dx == 0) & ~dropped))} kept units and nonzero at "
                  f"{int(np.sum((dx != 0) & dropped))} dropped units",
                  details=[f"at {list(i)}: the forward {'dropped' if dropped[i] else 'kept'} the unit "
                           f"(out = {out[i]!r}), but dx = {dx[i]!r}"], hint=SAME_MASK)
    want = dout.astype(np.float64) / p
    bad = ~dropped & ~np.isclose(dx, want, rtol=tolerance(dx.dtype), atol=0)
    if bad.any():
        i = tuple(int(k) for k in np.argwhere(bad)[0])
        kata.fail(BACKWARD, shown, f"{int(bad.sum())} kept units have dx != dout / p",
                  details=[f"at {list(i)}: dout = {dout[i]!r}, p = {p}, so dx should be {want[i]!r}; got {dx[i]!r}"],
                  hint=BACKWARD_SCALE)


@pytest.mark.parametrize("size", [1000])
def test_benchmark_dropout_forward(kata_bench, size):
    x = np.random.default_rng(0).standard_normal((size, size))
    kata_bench(FORWARD, case("", x=x, dropout_param=train(0.5, seed=0)), label=f"{size}x{size}")
