"""Graded tests for the maxpool kata. Run: pytest katas/maxpool   (-x stops at the first failure)."""
import numpy as np
import pytest

from sensei import Case, Close, Ignore, Outputs, case, generated
from sensei.gradcheck import check_backward


WINDOWS = ("Window (i, j) covers rows i*stride ... i*stride + pool_height - 1 and columns j*stride ... "
           "j*stride + pool_width - 1; out[n, c, i, j] is its max.")
SIZE = ("H' = 1 + (H - pool_height) // stride, likewise W'. When the stride does not divide evenly the rows "
        "and columns left over are dropped (floor, as torch does): rounding up adds a partial window.")
STRIDE = ("Windows start every `stride` rows and columns, not every pool_height: with stride < pool size "
          "they overlap, with stride > pool size they leave gaps.")
HW = "pool_height runs along H (axis 2) and pool_width along W (axis 3); do not swap them."
NEGATIVE = ("The max of an all-negative window is negative: start from the window's own values (or -inf), "
            "never from 0 or a 'very small' constant such as -1e9.")
FIRST = ("A window with several equal maxima sends its whole gradient to ONE position, the first in "
         "row-major order (row by row, left to right), as torch does: np.argmax of the flattened window "
         "gives it. A mask of all positions equal to the max credits every tie; the last one, or the "
         "first in column order, is another position.")
OVERLAP = ("With stride < pool size, windows overlap and one pixel can be the max of several windows: its "
           "gradient is the SUM of theirs. Add (+=) into dx; assigning (=) keeps only one window's.")
GRADS = "The gradient of a max is dout at the position of the max and 0 elsewhere in the window."
INVALID = ("A pool larger than the input has no valid window (H' < 1): raise ValueError, as the statement "
           "says; do not return an empty array.")


def pool(ph, pw=None, stride=None):
    pw = ph if pw is None else pw
    return {"pool_height": ph, "pool_width": pw, "stride": ph if stride is None else stride}


def image(*rows, dtype=np.float64):
    """One image of one channel, [1, 1, H, W]."""
    return np.array(rows, dtype=dtype)[None, None]


def distinct(rng, shape, dtype=np.float64):
    """Values at least 0.25 apart, so no window holds a tie and a numerical gradient is exact."""
    values = (rng.permutation(int(np.prod(shape))) - np.prod(shape) / 2) * 0.25
    return values.reshape(shape).astype(dtype)


def random_pool(rng, size, dtype=np.float64, tied=False):
    """Random shapes and pools (1 to 3 on a side), strides 1 to 3; H and W up to pool + size."""
    ph, pw, stride = (int(v) for v in rng.integers(1, 4, size=3))
    N, C = (int(v) for v in rng.integers(1, 3, size=2))
    H, W = int(rng.integers(ph, ph + size)), int(rng.integers(pw, pw + size))
    if tied:  # a few integer values: many windows hold several equal maxima
        x = rng.integers(0, 3, size=(N, C, H, W)).astype(dtype)
    else:
        x = distinct(rng, (N, C, H, W), dtype)
    return {"x": x, "pool_param": {"pool_height": ph, "pool_width": pw, "stride": stride}}


EXAMPLE = image([1, 2, 0, 3], [4, 4, 1, 1], [0, 2, 5, 6], [3, 1, 6, 2])
RNG = np.random.default_rng(0)

# Cases graded on both passes: (case with the forward's hint, the backward's hint).
SHARED = [
    (case("the statement's example: 2x2 pool, stride 2", x=EXAMPLE, pool_param=pool(2), hint=WINDOWS), FIRST),
    (case("distinct values, 2x2 pool, stride 2", x=distinct(RNG, (1, 1, 4, 4)), pool_param=pool(2),
          hint=WINDOWS), GRADS),
    (case("several images and channels", x=distinct(RNG, (2, 3, 4, 6)), pool_param=pool(2), hint=WINDOWS),
     GRADS),
    (case("a constant input: every window is one big tie", x=np.full((1, 2, 4, 4), 3.0), pool_param=pool(2),
          hint=WINDOWS),
     FIRST),
    (case("ties in overlapping windows: the first max in row-major order", x=image([1, 5, 5], [5, 5, 2]),
          pool_param=pool(2, 2, 1), hint=STRIDE), FIRST + " " + OVERLAP),
    (case("ties with a 2x3 pool: row-major, not column-major", x=image([0, 1, 7, 3], [7, 7, 2, 7]),
          pool_param=pool(2, 3, 1), hint=HW + " " + STRIDE), FIRST),
    (case("overlapping windows, stride 1: a shared max collects every window's gradient",
          x=image([1, 2, 3], [4, 9, 5], [6, 7, 8]), pool_param=pool(2, 2, 1), hint=STRIDE), OVERLAP),
    (case("overlapping 3x3 windows, stride 1", x=distinct(RNG, (1, 2, 5, 5)), pool_param=pool(3, 3, 1),
          hint=STRIDE), OVERLAP),
    (case("overlapping 3x3 windows, stride 2", x=distinct(RNG, (2, 1, 7, 7)), pool_param=pool(3, 3, 2),
          hint=STRIDE), OVERLAP),
    (case("a stride that does not divide evenly: the last row and column are dropped",
          x=distinct(RNG, (1, 2, 5, 7)), pool_param=pool(2, 2, 2), hint=SIZE), GRADS),
    (case("stride larger than the pool leaves gaps", x=distinct(RNG, (1, 1, 7, 8)), pool_param=pool(2, 2, 3),
          hint=STRIDE + " " + SIZE), GRADS),
    (case("a non-square pool on a non-square input", x=distinct(RNG, (1, 2, 4, 7)), pool_param=pool(2, 3, 1),
          hint=HW), HW + " " + OVERLAP),
    (case("a tall pool, stride 2", x=distinct(RNG, (2, 1, 7, 4)), pool_param=pool(3, 1, 2), hint=HW), HW),
    (case("a 1x1 pool with stride 1 copies the input", x=distinct(RNG, (1, 2, 3, 3)), pool_param=pool(1, 1, 1),
          hint=WINDOWS), GRADS),
    (case("one window covering the whole input", x=distinct(RNG, (2, 2, 3, 4)), pool_param=pool(3, 4, 1),
          hint=SIZE), GRADS),
    (case("all-negative values", x=distinct(RNG, (1, 2, 4, 4)) - 10.0, pool_param=pool(2),
          hint=NEGATIVE), GRADS),
    (case("-inf and very negative values", x=image([-np.inf, -np.inf, -1e300, -np.inf],
                                                    [-np.inf, -np.inf, -np.inf, -2e300],
                                                    [-5e307, -1e308, -np.inf, -np.inf],
                                                    [-1e308, -3e307, -np.inf, -np.inf]),
          pool_param=pool(2), hint=NEGATIVE),
     FIRST + " A window of -inf only is a tie too: its gradient goes to its first position."),
    (case("float32 in, float32 out", x=distinct(RNG, (2, 2, 5, 5), np.float32), pool_param=pool(2, 2, 1)),
     OVERLAP),
    *((c, "") for c in generated("random shapes, size {size}", random_pool, sizes=[2, 6], seeds=range(5))),
    *((c, FIRST) for c in generated("random shapes with tied values, size {size}",
                                    lambda rng, n: random_pool(rng, n, tied=True), sizes=[2, 6], seeds=range(5))),
    *((c, "") for c in generated("random float32 shapes, size {size}",
                                 lambda rng, n: random_pool(rng, n, np.float32), sizes=[6], seeds=range(2))),
]

FORWARD_HINTS = {c.name: c.hint for c, _ in SHARED}
FORWARD_CASES = [
    *(c for c, _ in SHARED),
    case("a pool larger than the input is invalid", x=np.zeros((1, 1, 2, 3)), pool_param=pool(3, 2, 1),
         raises=ValueError, hint=INVALID),
    case("a pool wider than the input is invalid", x=np.zeros((1, 1, 5, 2)), pool_param=pool(2, 3, 2),
         raises=ValueError, hint=INVALID),
    *generated("random larger shapes, size {size}", random_pool, sizes=[20], seeds=range(2)),
]

BACKWARD_CASES = [
    *(Case(c.name, c.args, hint=backward_hint, generator=c.generator, seed=c.seed, size=c.size)
      for c, backward_hint in SHARED),
    *generated("random larger shapes, size {size}", random_pool, sizes=[20], seeds=range(2)),
    *generated("random larger shapes with tied values, size {size}",
               lambda rng, n: random_pool(rng, n, tied=True), sizes=[20], seeds=range(2), hint=FIRST),
]

OUT = Outputs(out=Close(rtol=0, atol=0, rtol32=0, atol32=0), cache=Ignore())  # a max is exact
NUMERIC_LIMIT = 300  # entries of x: larger cases skip the (slow) numerical gradient


@pytest.mark.parametrize("case", FORWARD_CASES, ids=str)
def test_max_pool_forward(kata, case):
    kata.check("max_pool_forward", case, OUT, hint=WINDOWS)


def numerically_checkable(x: np.ndarray) -> bool:
    """A numerical gradient of a max is only defined away from ties and infinities: float64 values
    at least 0.25 apart (see the step h below)."""
    values = np.sort(x, axis=None)
    return (x.dtype == np.float64 and x.size <= NUMERIC_LIMIT and bool(np.isfinite(values).all())
            and bool((np.diff(values) >= 0.25).all()))


@pytest.mark.parametrize("case", BACKWARD_CASES, ids=str)
def test_max_pool_backward(kata, case):
    # Checkable inputs have values at least 0.25 apart: a step h of 0.01 never moves a max, so
    # the slope is exact, with far less round-off than a tiny h.
    check_backward(kata, "max_pool_forward", "max_pool_backward", case, wrt=("x",),
                   expect=Outputs(dx=Close(rtol=1e-6, atol=1e-8)),
                   numeric=numerically_checkable(case.args["x"]), h=1e-2, hint=case.hint or GRADS,
                   forward_hint=FORWARD_HINTS.get(case.name, ""))


# -- benchmarks: pytest katas/maxpool --benchmark-only -------------------------------------------
BENCH = {"N=8 C=16 32x32 pool 2x2 stride 2": ((8, 16, 32, 32), pool(2, 2, 2)),
         "N=8 C=16 32x32 pool 3x3 stride 2": ((8, 16, 32, 32), pool(3, 3, 2)),
         "N=16 C=64 16x16 pool 2x2 stride 2": ((16, 64, 16, 16), pool(2, 2, 2))}


def bench_case(label):
    shape, pool_param = BENCH[label]
    return case("", x=np.random.default_rng(0).standard_normal(shape), pool_param=pool_param)


def forward_backward(module):
    """max_pool_forward then max_pool_backward of one module, timed as one call."""
    def run(x, pool_param, dout):
        return module.max_pool_backward(dout, module.max_pool_forward(x, pool_param)[1])
    return run


@pytest.mark.parametrize("label", list(BENCH))
def test_benchmark_max_pool_forward(kata_bench, label):
    kata_bench("max_pool_forward", bench_case(label), label=label)


@pytest.mark.parametrize("label", list(BENCH))
def test_benchmark_max_pool_backward(kata, kata_bench, label):
    forward = bench_case(label)
    out, cache = kata.call("max_pool_forward", forward)  # not started or failing: reported as usual
    dout = np.random.default_rng(1).standard_normal(np.shape(out))
    kata.call("max_pool_backward", Case("", {"dout": dout, "cache": cache}))
    kata_bench(("max_pool_forward + max_pool_backward", forward_backward), Case("", {**forward.args, "dout": dout}),
               label=label)
