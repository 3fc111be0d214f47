"""Graded tests for the softmax kata. Run: pytest katas/softmax   (-x stops at the first failure)."""
import numpy as np
import pytest

from sensei import Close, case, generated

SHIFT = ("exp() of a large logit overflows to inf (exp(710) already does), and inf/inf is NaN. Subtract "
         "the max along the axis first: softmax(x) = softmax(x - max), and then every exp() is <= 1.")
SHIFT_LOW = ("exp() of a very negative logit underflows to 0; if a whole row does, you get 0/0 = NaN. "
             "Subtract the max along the axis first: the largest entry then has exp(0) = 1.")
AXIS = ("Reduce along `axis` only, with keepdims=True: np.sum(e, axis=axis, keepdims=True). Summing the "
        "whole array is right only for 1-D input.")
LOG = ("log(softmax(x)) is -inf where softmax underflows to 0. Compute it directly: with z = x - max, "
       "log_softmax = z - log(sum(exp(z))), which is finite wherever x is.")


def random_logits(rng, size, dtype=np.float64):
    shape = tuple(int(d) for d in rng.integers(1, size + 1, size=rng.integers(1, 4)))
    scale = float(rng.choice([1.0, 30.0, 1000.0]))
    return {"x": (rng.standard_normal(shape) * scale).astype(dtype),
            "axis": int(rng.integers(-len(shape), len(shape)))}


def a(*values, dtype=np.float64):
    return np.array(values, dtype=dtype)


COMMON = [
    case("a 1-D vector", x=a(1.0, 2.0, 3.0)),
    case("each row of a 2-D array is normalised separately", x=a([1.0, 2.0, 3.0], [1.0, 1.0, 1.0]), hint=AXIS),
    case("axis=0 normalises columns", x=a([1.0, 2.0], [3.0, 5.0], [0.0, 0.0]), axis=0, hint=AXIS),
    case("3-D input along the middle axis", x=np.arange(24.0).reshape(2, 3, 4) / 7, axis=1, hint=AXIS),
    case("negative axis -2", x=np.arange(12.0).reshape(3, 4) / 5, axis=-2, hint=AXIS),
    case("logits as large as 1e4", x=a([1e4, 1e4 - 1, 1e4 - 5], [1e4, -1e4, 0.0]), hint=SHIFT),
    case("rows on very different scales", x=a([1e4, 1e4 - 1.0], [0.0, 1.0]),
         hint="Subtract the max of EACH slice (np.max(x, axis=axis, keepdims=True)), not the max of the "
              "whole array: a row far below the global max underflows to 0/0."),
    case("logits as negative as -1e4", x=a(-1e4, -1e4 - 2, -1e4 - 3), hint=SHIFT_LOW),
    case("-inf entries get probability 0", x=a([0.0, -np.inf, 1.0], [-np.inf, 2.0, -np.inf]),
         hint="exp(-inf) = 0: with the max shift, -inf stays -inf and its probability is exactly 0."),
    case("a constant row is uniform", x=np.full((2, 4), 7.5)),
    case("a single element", x=a(3.0)),
    case("an empty batch keeps its shape", x=np.zeros((0, 5)),
         hint="A (0, 5) input gives a (0, 5) output: reduce along the axis, do not index row 0."),
    case("float32 in, float32 out", x=a([0.5, -1.25, 3.0], [2.0, 2.0, -7.0], dtype=np.float32)),
    case("float32 logits of 1e4", x=a(1e4, 9990.0, 0.0, dtype=np.float32), hint=SHIFT),
    case("integer logits give float64", x=np.array([[1, 2, 3], [-4, 0, 4]]),
         hint="Integer input gives float64 output (convert with x.astype(np.float64) if you need)."),
    *generated("random shape, size {size}", random_logits, sizes=[3, 8], seeds=range(6)),
    *generated("random float32, size {size}", lambda rng, n: random_logits(rng, n, np.float32),
               sizes=[6], seeds=range(3)),
]

SOFTMAX_CASES = COMMON
LOG_SOFTMAX_CASES = [
    *COMMON,
    case("very negative entries stay finite", x=a([0.0, -1000.0, -2000.0], [5.0, 4.0, -800.0]), hint=LOG),
    case("float32 very negative entries stay finite", x=a(0.0, -200.0, 10.0, dtype=np.float32), hint=LOG),
]


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
