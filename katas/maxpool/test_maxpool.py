"""Graded tests for the maxpool kata. Run: pytest katas/maxpool   (-x stops at the first failure)."""
import math

import numpy as np
import pytest

from sensei import Case, Close, Ignore, Outputs, case, generated, mistake
from sensei.gradcheck import check_backward


WINDOWS = ("max_pool_forward(): window (i, j) covers rows i*stride ... i*stride + pool_height - 1 and columns "
           "j*stride ... j*stride + pool_width - 1; out[n, c, i, j] is its max.")
SIZE = "max_pool_forward(): H' = 1 + (H - pool_height) // stride and W' = 1 + (W - pool_width) // stride."
FLOOR = ("max_pool_forward(): when the stride does not divide H - pool_height evenly, the rows left over are "
         "dropped (floor, as torch does): rounding up adds a partial window.")
STRIDE = ("max_pool_forward(): windows start every `stride` rows and columns, not every pool_height: with "
          "stride < pool size they overlap, with stride > pool size they leave gaps.")
HW = "max_pool_forward(): pool_height runs along H (axis 2) and pool_width along W (axis 3); do not swap them."
NEGATIVE = ("max_pool_forward(): the max of an all-negative window is negative: start from the window's own "
            "values (or -inf), never from 0 or a 'very small' constant such as -1e9.")
FIRST = ("max_pool_backward(): a window with several equal maxima sends its whole gradient to ONE position, "
         "the first in row-major order (row by row, left to right), as torch does.")
OVERLAP = ("max_pool_backward(): with stride < pool size one pixel can be the max of several windows: its "
           "gradient is the SUM of theirs. Add (+=) into dx; assigning (=) keeps only one window's.")
HW_BACK = "max_pool_backward(): pool_height runs along H and pool_width along W in the backward too."
GRADS = ("max_pool_backward(): the gradient of a max is dout at the position of the max and 0 elsewhere in "
         "the window.")
DTYPE = "max_pool_forward(): out keeps x's float dtype (float32 in, float32 out)."
DTYPE_BACK = "max_pool_backward(): dx keeps x's float dtype (float32 in, float32 out)."
INVALID = ("max_pool_forward(): a pool larger than the input has no valid window (H' < 1): raise ValueError, "
           "as the statement says; do not return an empty array.")


# -- known mistakes: what each one outputs (loops over windows, our code, never shown) -----------
def _params(pool_param):
    return pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]


def _ceil_forward(ref, x, pool_param):
    """Partial windows at the end: the max of what is left of them."""
    ph, pw, stride = _params(pool_param)
    H, W = x.shape[2:]
    rows = (math.ceil((H - ph) / stride)) * stride + ph
    cols = (math.ceil((W - pw) / stride)) * stride + pw
    padded = np.pad(x, ((0, 0), (0, 0), (0, rows - H), (0, cols - W)), constant_values=-np.inf)
    return ref.max_pool_forward(padded, pool_param)


def _first(window):
    flat = window.reshape(*window.shape[:2], -1)
    return (np.arange(flat.shape[2]) == flat.argmax(axis=2)[..., None]).reshape(window.shape)


def _last(window):
    flat = window.reshape(*window.shape[:2], -1)
    k = flat.shape[2] - 1 - flat[..., ::-1].argmax(axis=2)
    return (np.arange(flat.shape[2]) == k[..., None]).reshape(window.shape)


def _first_by_columns(window):
    return _first(window.transpose(0, 1, 3, 2)).transpose(0, 1, 3, 2)


def _every_tie(window):
    return window == window.max(axis=(2, 3), keepdims=True)


def _shared_by_ties(window):
    ties = _every_tie(window)
    return ties / ties.sum(axis=(2, 3), keepdims=True)


def _routed(pick, assign=False):
    """gives() of a backward that sends window (i, j)'s gradient to pick(window) (weights)."""
    def gives(ref, x, pool_param, dout):
        ph, pw, stride = _params(pool_param)
        dx = np.zeros(x.shape, dtype=dout.dtype)
        for i in range(dout.shape[2]):
            for j in range(dout.shape[3]):
                rows, cols = slice(i * stride, i * stride + ph), slice(j * stride, j * stride + pw)
                grad = pick(x[:, :, rows, cols]) * dout[:, :, i, j, None, None]
                if assign:
                    dx[:, :, rows, cols] = grad
                else:
                    dx[:, :, rows, cols] += grad
        return (dx,)
    return gives


MISTAKES = [
    mistake("max_pool_forward", "the running max starts at 0: an all-negative window gives 0",
            fix=NEGATIVE, gives=lambda ref, x, p: (np.maximum(ref.max_pool_forward(x, p)[0], 0), None)),
    mistake("max_pool_forward", "the running max starts at a 'very small' constant (-1e9), not -inf",
            fix=NEGATIVE, gives=lambda ref, x, p: (np.maximum(ref.max_pool_forward(x, p)[0], -1e9), None)),
    mistake("max_pool_forward", "the stride is ignored: windows move by the pool size",
            fix=STRIDE, gives=lambda ref, x, p: ref.max_pool_forward(x, {**p, "stride": p["pool_height"]})),
    mistake("max_pool_forward", "pool_height and pool_width swapped",
            fix=HW, gives=lambda ref, x, p: ref.max_pool_forward(
                x, {**p, "pool_height": p["pool_width"], "pool_width": p["pool_height"]})),
    mistake("max_pool_forward", "the output size rounded up: partial windows at the end",
            fix=FLOOR, gives=_ceil_forward),
    mistake("max_pool_backward", "each window's gradient assigned (=), so overlapping windows overwrite each other",
            fix="max_pool_backward(): a pixel that is the max of several windows gets the SUM of their "
                "gradients: Add (+=) into dx, never assign.",
            gives=_routed(_first, assign=True)),
    mistake("max_pool_backward", "the gradient goes to the LAST of several tied maxima",
            fix="max_pool_backward(): send a tied window's gradient to its FIRST max in row-major order "
                "(np.argmax of the flattened window), not the last.",
            gives=_routed(_last)),
    mistake("max_pool_backward", "the gradient goes to the first tied max in column order",
            fix="max_pool_backward(): the first max in row-major order (row by row, left to right), not "
                "column by column (argmax of the transposed window).",
            gives=_routed(_first_by_columns)),
    mistake("max_pool_backward", "a mask of every position equal to the max credits every tie",
            fix="max_pool_backward(): the whole gradient goes to ONE position, the first max in row-major order, "
                "not to every tied max.",
            gives=_routed(_every_tie)),
    mistake("max_pool_backward", "the gradient is split equally among tied maxima",
            fix="max_pool_backward(): the whole gradient goes to ONE position, the first max in row-major order: "
                "ties do not share it.",
            gives=_routed(_shared_by_ties)),
]




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

# Cases graded on both passes: (case with the forward's hint, the backward's hint). In order:
# distinct values (no ties) first, then overlapping windows, the output size, and ties last.
SHARED = [
    (case("distinct values, 2x2 pool, stride 2", x=distinct(RNG, (1, 1, 4, 4)), pool_param=pool(2),
          hint=WINDOWS), GRADS),
    (case("several images and channels", x=distinct(RNG, (2, 3, 4, 6)), pool_param=pool(2), hint=WINDOWS),
     GRADS),
    (case("a 1x1 pool with stride 1 copies the input", x=distinct(RNG, (1, 2, 3, 3)), pool_param=pool(1, 1, 1),
          hint=WINDOWS), GRADS),
    (case("a stride that does not divide evenly: the last row and column are dropped",
          x=distinct(RNG, (1, 2, 5, 7)), pool_param=pool(2, 2, 2), hint=FLOOR), GRADS),
    (case("a non-square pool on a non-square input", x=distinct(RNG, (1, 2, 4, 7)), pool_param=pool(2, 3, 1),
          hint=HW), OVERLAP),
    (case("a tall pool, stride 2", x=distinct(RNG, (2, 1, 7, 4)), pool_param=pool(3, 1, 2), hint=HW), HW_BACK),
    (case("overlapping windows, stride 1: a shared max collects every window's gradient",
          x=image([1, 2, 3], [4, 9, 5], [6, 7, 8]), pool_param=pool(2, 2, 1), hint=STRIDE), OVERLAP),
    (case("overlapping 3x3 windows, stride 1", x=distinct(RNG, (1, 2, 5, 5)), pool_param=pool(3, 3, 1),
          hint=STRIDE), OVERLAP),
    (case("overlapping 3x3 windows, stride 2", x=distinct(RNG, (2, 1, 7, 7)), pool_param=pool(3, 3, 2),
          hint=STRIDE), OVERLAP),
    (case("stride larger than the pool leaves gaps", x=distinct(RNG, (1, 1, 7, 8)), pool_param=pool(2, 2, 3),
          hint=STRIDE), GRADS),
    (case("one window covering the whole input", x=distinct(RNG, (2, 2, 3, 4)), pool_param=pool(3, 4, 1),
          hint=SIZE), GRADS),
    (case("all-negative values", x=distinct(RNG, (1, 2, 4, 4)) - 10.0, pool_param=pool(2),
          hint=NEGATIVE), GRADS),
    (case("ties with a 2x3 pool: row-major, not column-major", x=image([0, 1, 7, 3], [7, 7, 2, 7]),
          pool_param=pool(2, 3, 1), hint=HW), FIRST),
    (case("ties in overlapping windows: the first max in row-major order", x=image([1, 5, 5], [5, 5, 2]),
          pool_param=pool(2, 2, 1), hint=STRIDE), FIRST),
    (case("the statement's example: 2x2 pool, stride 2", x=EXAMPLE, pool_param=pool(2), hint=WINDOWS), FIRST),
    *((c, "") for c in generated("random shapes, size {size}", random_pool, sizes=[2, 6], seeds=range(5))),
    *((c, FIRST) for c in generated("random shapes with tied values, size {size}",
                                    lambda rng, n: random_pool(rng, n, tied=True), sizes=[2, 6], seeds=range(5))),
    (case("a constant input: every window is one big tie", x=np.full((1, 2, 4, 4), 3.0), pool_param=pool(2),
          hint=WINDOWS, layer="edge"), FIRST),
    (case("-inf and very negative values", x=image([-np.inf, -np.inf, -1e300, -np.inf],
                                                    [-np.inf, -np.inf, -np.inf, -2e300],
                                                    [-5e307, -1e308, -np.inf, -np.inf],
                                                    [-1e308, -3e307, -np.inf, -np.inf]),
          pool_param=pool(2), hint=NEGATIVE, layer="edge"),
     "max_pool_backward(): a window of -inf only is a tie too: its gradient goes to its first position."),
    (case("float32 in, float32 out", x=distinct(RNG, (2, 2, 5, 5), np.float32), pool_param=pool(2, 2, 1),
          hint=DTYPE, layer="polish"), DTYPE_BACK),
    *((c, DTYPE_BACK) for c in generated("random float32 shapes, size {size}",
                                         lambda rng, n: random_pool(rng, n, np.float32), sizes=[6], seeds=range(2),
                                         hint=DTYPE, layer="polish")),
]

FORWARD_HINTS = {c.name: c.hint for c, _ in SHARED}
CORE = sum(1 for c, _ in SHARED if c.layer == "core")  # core cases first, then edge cases and polish
FORWARD_CASES = [
    *(c for c, _ in SHARED[:CORE]),
    *generated("random larger shapes, size {size}", random_pool, sizes=[20], seeds=range(2)),
    *(c for c, _ in SHARED[CORE:]),
    case("a pool larger than the input is invalid", x=np.zeros((1, 1, 2, 3)), pool_param=pool(3, 2, 1),
         raises=ValueError, hint=INVALID),
    case("a pool wider than the input is invalid", x=np.zeros((1, 1, 5, 2)), pool_param=pool(2, 3, 2),
         raises=ValueError, hint=INVALID),
]


def backward_case(c, backward_hint):
    return Case(c.name, c.args, hint=backward_hint, generator=c.generator, seed=c.seed, size=c.size, tier=c.tier)


BACKWARD_CASES = [
    *(backward_case(c, h) for c, h in SHARED[:CORE]),
    *generated("random larger shapes, size {size}", random_pool, sizes=[20], seeds=range(2)),
    *generated("random larger shapes with tied values, size {size}",
               lambda rng, n: random_pool(rng, n, tied=True), sizes=[20], seeds=range(2), hint=FIRST),
    *(backward_case(c, h) for c, h in SHARED[CORE:]),
]

OUT = Outputs(out=Close(rtol=0, atol=0, rtol32=0, atol32=0), cache=Ignore())  # a max is exact
GRAD_SPEC = Outputs(dx=Close(rtol=1e-6, atol=1e-8))
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
    numeric = numerically_checkable(case.args["x"])
    grade = dict(wrt=("x",), expect=GRAD_SPEC, h=1e-2, hint=case.hint or GRADS,
                 forward_hint=FORWARD_HINTS.get(case.name, ""))
    check_backward(kata, "max_pool_forward", "max_pool_backward", case, numeric=numeric, **grade)


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
