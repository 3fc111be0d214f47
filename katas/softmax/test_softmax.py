"""Graded tests for the softmax kata. Run: pytest katas/softmax   (-x stops at the first failure)."""
import numpy as np
import pytest

from sensei import Close, case, generated, mistake
from sensei.data import a


def shift(fn):
    return (f"{fn}(): exp() of a large logit overflows to inf (exp(710) already does), and inf/inf is NaN. "
            "Subtract the max along the axis first: softmax(x) = softmax(x - max), and then every exp() is <= 1.")


def shift_low(fn):
    return (f"{fn}(): exp() of a very negative logit underflows to 0; if a whole row does, you get 0/0 = NaN. "
            "Subtract the max along the axis first: the largest entry then has exp(0) = 1.")


def keepdims(fn):
    return (f"{fn}(): reduce along `axis` with keepdims=True (np.sum(e, axis=axis, keepdims=True)), so that each "
            "slice's sum broadcasts back over that slice.")


def along_axis(fn):
    return f"{fn}(): normalise along the `axis` argument, not always the last axis."


LOG = ("log_softmax(): log(softmax(x)) is -inf where softmax underflows to 0. Compute it directly: with z = x - max, "
       "log_softmax = z - log(sum(exp(z))), which is finite wherever x is.")


# -- known mistakes (what each one returns; never shown) ----------------------------------------
def normalised(x, axis, max_of="slice", sum_of="slice", log=False):
    """softmax (or log_softmax) with one mistake's knob turned: shift by each slice's max, the whole
    array's max or nothing; divide by each slice's sum, the whole array's, or a sum without keepdims."""
    x = np.asarray(x)
    x = x if x.dtype.kind == "f" else x.astype(np.float64)
    if max_of == "slice":
        x = x - np.max(x, axis=axis, keepdims=True)
    elif max_of == "global":
        x = x - np.max(x)
    e = np.exp(x)
    s = {"slice": lambda: np.sum(e, axis=axis, keepdims=True), "global": lambda: np.sum(e),
         "no keepdims": lambda: np.sum(e, axis=axis)}[sum_of]()
    return x - np.log(s) if log else e / s


def both(name, fix, **knobs):
    """The same mistake in softmax() and in log_softmax()."""
    return [mistake(fn, name, fix=f"{fn}(): {fix}",
                    gives=lambda ref, x, axis=-1, log=log: normalised(x, axis, log=log, **knobs))
            for fn, log in (("softmax", False), ("log_softmax", True))]


MISTAKES = [
    *both("shifted by the max of the whole array, not of each slice",
          "subtract the max of EACH slice (np.max(x, axis=axis, keepdims=True)), not the max of the whole array: "
          "a slice far below the global max underflows to 0/0.", max_of="global"),
    *both("exp(x) with no max shift",
          "subtract the max along the axis first: exp() of a large logit overflows to inf, of a very negative one "
          "underflows to 0 (inf/inf and 0/0 are NaN); after the shift the largest exp() is 1.", max_of="none"),
    *both("normalised by the sum over the whole array",
          "normalise each slice by its own sum along `axis`. Summing the whole array is right only for 1-D input.",
          sum_of="global"),
    *both("summed along `axis` without keepdims=True (the sums broadcast the wrong way)",
          "reduce with keepdims=True (np.sum(e, axis=axis, keepdims=True)), so that each slice's sum broadcasts "
          "back over that slice.", sum_of="no keepdims"),
    mistake("softmax", "`axis` ignored: always normalised along the last axis",
            fix="softmax(): normalise along the `axis` argument, not always the last axis.",
            gives=lambda ref, x, axis=-1: ref.softmax(x)),
    mistake("log_softmax", "`axis` ignored: always normalised along the last axis",
            fix="log_softmax(): normalise along the `axis` argument, not always the last axis.",
            gives=lambda ref, x, axis=-1: ref.log_softmax(x)),
    mistake("log_softmax", "log(softmax(x)), which is -inf where softmax underflows to 0", fix=LOG,
            gives=lambda ref, x, axis=-1: np.log(ref.softmax(x, axis))),
]


def random_logits(rng, size, dtype=np.float64):
    shape = tuple(int(d) for d in rng.integers(1, size + 1, size=rng.integers(1, 4)))
    scale = float(rng.choice([1.0, 30.0, 1000.0]))
    return {"x": (rng.standard_normal(shape) * scale).astype(dtype),
            "axis": int(rng.integers(-len(shape), len(shape)))}



def common(fn, edge=(), polish=()):
    """The cases of softmax() and of log_softmax() (plus `edge` and `polish` ones): core, then edge cases,
    then polish (dtypes)."""
    return [
        case("a 1-D vector", x=a(1.0, 2.0, 3.0)),
        case("each row of a 2-D array is normalised separately", x=a([1.0, 2.0, 3.0], [1.0, 1.0, 1.0]),
             hint=keepdims(fn)),
        case("axis=0 normalises columns", x=a([1.0, 2.0], [3.0, 5.0], [0.0, 0.0]), axis=0, hint=along_axis(fn)),
        case("3-D input along the middle axis", x=np.arange(24.0).reshape(2, 3, 4) / 7, axis=1,
             hint=along_axis(fn)),
        case("negative axis -2", x=np.arange(12.0).reshape(3, 4) / 5, axis=-2, hint=along_axis(fn)),
        case("a constant row is uniform", x=np.full((2, 4), 7.5)),
        *generated("random shape, size {size}", random_logits, sizes=[3, 8], seeds=range(6)),
        # edge cases: extreme logits, -inf, a single element, an empty batch
        case("logits as large as 1e4", x=a([1e4, 1e4 - 1, 1e4 - 5], [1e4, -1e4, 0.0]), hint=shift(fn),
             layer="edge"),
        case("rows on very different scales", x=a([1e4, 1e4 - 1.0], [0.0, 1.0]), layer="edge",
             hint=f"{fn}(): subtract the max of EACH slice (np.max(x, axis=axis, keepdims=True)), not the max of "
                  "the whole array: a row far below the global max underflows to 0/0."),
        case("logits as negative as -1e4", x=a(-1e4, -1e4 - 2, -1e4 - 3), hint=shift_low(fn), layer="edge"),
        case("-inf entries get probability 0", x=a([0.0, -np.inf, 1.0], [-np.inf, 2.0, -np.inf]), layer="edge",
             hint=f"{fn}(): exp(-inf) = 0: with the max shift, -inf stays -inf and its probability is exactly 0."),
        case("a single element", x=a(3.0), layer="edge"),
        case("an empty batch keeps its shape", x=np.zeros((0, 5)), layer="edge",
             hint=f"{fn}(): a (0, 5) input gives a (0, 5) output: reduce along the axis, do not index row 0."),
        *edge,
        # polish: dtypes (float32 in, float32 out; integers give float64)
        case("float32 in, float32 out", x=a([0.5, -1.25, 3.0], [2.0, 2.0, -7.0], dtype=np.float32),
             layer="polish"),
        case("float32 logits of 1e4", x=a(1e4, 9990.0, 0.0, dtype=np.float32), hint=shift(fn), layer="polish"),
        case("integer logits give float64", x=np.array([[1, 2, 3], [-4, 0, 4]]), layer="polish",
             hint=f"{fn}(): integer input gives float64 output (convert with x.astype(np.float64) if you need)."),
        *generated("random float32, size {size}", lambda rng, n: random_logits(rng, n, np.float32),
                   sizes=[6], seeds=range(3), layer="polish"),
        *polish,
    ]


SOFTMAX_CASES = common("softmax")
LOG_SOFTMAX_CASES = common(
    "log_softmax",
    edge=[case("very negative entries stay finite", x=a([0.0, -1000.0, -2000.0], [5.0, 4.0, -800.0]), hint=LOG,
               layer="edge")],
    polish=[case("float32 very negative entries stay finite", x=a(0.0, -200.0, 10.0, dtype=np.float32), hint=LOG,
                 layer="polish")])


@pytest.mark.parametrize("case", SOFTMAX_CASES, ids=str)
def test_softmax(kata, case):
    kata.check("softmax", case, Close(rtol=1e-7, atol=1e-12))


def scaled_tolerance(x: np.ndarray) -> Close:
    """log_softmax's round-off grows with the logits: float32 cannot tell 1e4 from 1e4 + 4e-5."""
    finite = np.abs(x[np.isfinite(x)])
    peak = float(finite.max()) if finite.size else 0.0
    return Close(rtol=1e-7, atol=max(1e-9, 1e-14 * peak), atol32=max(1e-5, 1e-6 * peak))


@pytest.mark.parametrize("case", LOG_SOFTMAX_CASES, ids=str)
def test_log_softmax(kata, case):
    kata.check("log_softmax", case, scaled_tolerance(case.args["x"]))


@pytest.mark.parametrize("rows", [100, 10_000])
def test_benchmark_softmax(kata_bench, rows):
    x = np.random.default_rng(0).standard_normal((rows, 100)) * 10
    kata_bench("softmax", case("", x=x), label=f"{rows}x100")
