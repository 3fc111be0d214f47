"""Graded tests for the affine kata. Run: pytest katas/affine   (-x stops at the first failure)."""
import dataclasses

import numpy as np
import pytest

from sensei import Close, Ignore, Outputs, case, generated, mistake
from sensei.data import a
from sensei.gradcheck import check_backward


FLATTEN = ("affine_forward(): flatten each example to one row: x [N, d1, ..., dk] becomes x_flat [N, D] in "
           "row-major order, example i being x[i].ravel(). Reshaping to (-1, N), or transposing x first, mixes "
           "the examples.")
BIAS = "affine_forward(): out = x_flat @ w + b: b [M] is added to every row."
NO_CAST = "affine_forward(): integer pixels times float weights give float64: do not cast to x's dtype."
DTYPE = "affine_forward(): float32 in, float32 out."
DX_SHAPE = ("affine_backward(): dx has x's shape [N, d1, ..., dk], not the flattened [N, D]: reshape the "
            "gradient back to x's shape before returning it.")
DX_TRANSPOSE = ("affine_backward(): dx is dout [N, M] times the transpose of w ([M, D]), then back to x's "
                "shape: dout times the transpose of w.")
DW_FLAT = "affine_backward(): dw is [D, M]: use x flattened to [N, D] as in the forward, transposed, times dout."
DB_SUM = ("affine_backward(): b is added once per example, so db is a SUM of dout over the batch axis 0 (not a "
          "mean), shape [M].")
GRADS = ("affine_backward(): dx is dout times the transpose of w, in x's shape; dw is x flattened to [N, D], "
         "transposed, times dout; db sums dout over the batch.")
BACKWARD_DTYPE = "affine_backward(): the gradients keep the inputs' float dtype (float32 in, float32 out)."



def random_affine(rng, size, dtype=np.float64):
    """x of 1 to 3 trailing dimensions, D != M most of the time (so a missing transpose shows)."""
    n = int(rng.integers(1, size + 1))
    trailing = tuple(int(d) for d in rng.integers(1, 4, size=rng.integers(1, 4)))
    d, m = int(np.prod(trailing)), int(rng.integers(1, size + 2))
    return {"x": rng.standard_normal((n, *trailing)).astype(dtype),
            "w": rng.standard_normal((d, m)).astype(dtype),
            "b": rng.standard_normal(m).astype(dtype)}




FORWARD_SPEC = Outputs(out=Close(), cache=Ignore())
GRAD_SPEC = Outputs(**{name: Close(rtol=1e-6, atol=1e-8) for name in ("dx", "dw", "db")})


# -- known mistakes: what each gives on a case's arguments (to name it; never shown) -------------
def _flat(x):
    return x.reshape(x.shape[0], -1)


def _grads(ref, x, w, b, dout):
    _, cache = ref.affine_forward(x, w, b)
    return ref.affine_backward(dout, cache)


MISTAKES = [
    mistake("affine_forward", "x flattened with reshape(-1, N).T: the examples' features are mixed", fix=FLATTEN,
            gives=lambda ref, x, w, b: (x.reshape(-1, x.shape[0]).T @ w + b, None)),
    mistake("affine_forward", "x transposed before flattening: the examples' features are mixed", fix=FLATTEN,
            gives=lambda ref, x, w, b: (x.T.reshape(x.shape[0], -1) @ w + b, None)),
    mistake("affine_forward", "the bias b left out", fix=BIAS, gives=lambda ref, x, w, b: (_flat(x) @ w, None)),
    mistake("affine_backward", "db the MEAN of dout over the batch instead of the sum", fix=DB_SUM,
            gives=lambda ref, x, w, b, dout: (*_grads(ref, x, w, b, dout)[:2], dout.mean(axis=0))),
    mistake("affine_backward", "db summed over every axis: one number instead of [M]", fix=DB_SUM,
            gives=lambda ref, x, w, b, dout: (*_grads(ref, x, w, b, dout)[:2], dout.sum())),
    mistake("affine_backward", "dw from x as it came, not flattened to [N, D]", fix=DW_FLAT,
            gives=lambda ref, x, w, b, dout: (_grads(ref, x, w, b, dout)[0], x.T @ dout,
                                              _grads(ref, x, w, b, dout)[2])),
    mistake("affine_backward", "dx left flattened, [N, D] instead of x's shape", fix=DX_SHAPE,
            gives=lambda ref, x, w, b, dout: (dout @ w.T, *_grads(ref, x, w, b, dout)[1:])),
]




CASES = [
    case("2-D x: out = x @ w + b", x=a([1.0, 2.0, 3.0], [-1.0, 0.0, 0.5]),
         w=a([1.0, 0.0], [0.0, 1.0], [1.0, -1.0]), b=a(0.5, -0.5), hint=FLATTEN),
    case("3-D x is flattened per example", x=np.arange(12.0).reshape(2, 2, 3) / 4,
         w=np.arange(18.0).reshape(6, 3) / 9 - 1, b=a(1.0, 2.0, 3.0), hint=FLATTEN),
    case("4-D x (images N, C, H, W) is flattened per example", x=np.arange(24.0).reshape(3, 2, 2, 2) / 10 - 1,
         w=np.linspace(-1, 1, 16).reshape(8, 2), b=a(0.0, 1.0), hint=FLATTEN),
    case("the bias is added to every row", x=np.zeros((3, 2)), w=a([1.0, 2.0, 3.0], [4.0, 5.0, 6.0]),
         b=a(7.0, 8.0, 9.0), hint=BIAS),
    *generated("random shapes, size {size}", random_affine, sizes=[3, 7], seeds=range(4), hint=FLATTEN),
    # Edge cases: degenerate shapes.
    case("a single example (N = 1)", x=a([[1.0, -2.0], [0.5, 4.0]]), w=a([1.0], [2.0], [3.0], [4.0]),
         b=a(0.25), hint=FLATTEN, layer="edge"),
    case("5-D x with singleton dimensions", x=np.arange(8.0).reshape(2, 1, 2, 1, 2) - 3,
         w=np.arange(8.0).reshape(4, 2) / 3, b=a(1.0, -1.0), hint=FLATTEN, layer="edge"),
    # Polish: dtypes.
    case("float32 in, float32 out", x=a([1.5, -2.0, 0.25], [3.0, 1.0, -1.0], dtype=np.float32),
         w=a([0.5, 1.0], [-1.0, 2.0], [0.0, 0.5], dtype=np.float32), b=a(0.1, 0.2, dtype=np.float32),
         hint=DTYPE, layer="polish"),
    case("uint8 images with float64 weights give float64", x=np.array([[[0, 255], [128, 7]], [[1, 2], [3, 4]]],
                                                                       dtype=np.uint8),
         w=np.linspace(-0.01, 0.01, 8).reshape(4, 2), b=a(0.5, -0.5), hint=NO_CAST, layer="polish"),
    *generated("random float32, size {size}", lambda rng, n: random_affine(rng, n, np.float32), sizes=[5],
               seeds=range(2), hint=DTYPE, layer="polish"),
]

# The backward's cases: the forward's (their hints are about the forward), and uint8 x.
BACKWARD_CASES = [dataclasses.replace(c, hint=BACKWARD_DTYPE if c.layer == "polish" else "")
                  for c in CASES if c.args["x"].dtype != np.uint8] + [
    case("backward: uint8 x gives float64 gradients", x=np.array([[3, 200], [0, 9]], dtype=np.uint8),
         w=a([0.5, -1.0, 2.0], [0.25, 0.0, -0.5]), b=a(0.0, 1.0, 2.0), hint=BACKWARD_DTYPE, layer="polish"),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_affine_forward(kata, case):
    kata.check("affine_forward", case, FORWARD_SPEC, hint=FLATTEN)


@pytest.mark.parametrize("case", BACKWARD_CASES, ids=str)
def test_affine_backward(kata, case):
    # Numerical gradients only in float64 (float32 round-off is far above the 1e-6 they need).
    check_backward(kata, "affine_forward", "affine_backward", case, wrt=("x", "w", "b"), hint=GRADS,
                   expect=GRAD_SPEC, grad_hints={"x": DX_SHAPE, "w": DW_FLAT, "b": DB_SUM},
                   numeric=case.args["x"].dtype == np.float64)


def bench_case(n):
    rng = np.random.default_rng(0)
    return case("", x=rng.standard_normal((n, 3, 32, 32)), w=rng.standard_normal((3 * 32 * 32, 100)) * 0.01,
                b=np.zeros(100))


@pytest.mark.parametrize("n", [64, 256])
def test_benchmark_affine_forward(kata_bench, n):
    kata_bench("affine_forward", bench_case(n), label=f"N={n} x 3x32x32 -> M=100")
