"""Graded tests for the affine kata. Run: pytest katas/affine   (-x stops at the first failure)."""
import numpy as np
import pytest

from sensei import Close, Ignore, Outputs, case, generated
from sensei.gradcheck import check_backward


FLATTEN = ("Flatten each example to one row: x is [N, d1, ..., dk] and x_flat is [N, D] in row-major order, "
           "example i being x[i].ravel(). Reshaping to (-1, N) or (D, N), or transposing x first, mixes "
           "the examples.")
DX_SHAPE = ("dx has x's shape [N, d1, ..., dk], not the flattened [N, D]: reshape the gradient back to "
            "x's shape before returning it.")
GRADS = ("db: b is added once per example, so db is a SUM of dout over the batch axis 0 (not a mean), "
         "shape [M]. dw: use x flattened to [N, D] as in the forward, shape [D, M]. dx: dout times the "
         "transpose of w, then back to x's shape.")
DTYPE = "float32 in, float32 out."


def a(*rows, dtype=np.float64):
    return np.array(rows, dtype=dtype)


def random_affine(rng, size, dtype=np.float64):
    """x of 1 to 3 trailing dimensions, D != M most of the time (so a missing transpose shows)."""
    n = int(rng.integers(1, size + 1))
    trailing = tuple(int(d) for d in rng.integers(1, 4, size=rng.integers(1, 4)))
    d, m = int(np.prod(trailing)), int(rng.integers(1, size + 2))
    return {"x": rng.standard_normal((n, *trailing)).astype(dtype),
            "w": rng.standard_normal((d, m)).astype(dtype),
            "b": rng.standard_normal(m).astype(dtype)}


CASES = [
    case("2-D x: out = x @ w + b", x=a([1.0, 2.0, 3.0], [-1.0, 0.0, 0.5]),
         w=a([1.0, 0.0], [0.0, 1.0], [1.0, -1.0]), b=a(0.5, -0.5)),
    case("3-D x is flattened per example", x=np.arange(12.0).reshape(2, 2, 3) / 4,
         w=np.arange(18.0).reshape(6, 3) / 9 - 1, b=a(1.0, 2.0, 3.0), hint=FLATTEN),
    case("4-D x (images N, C, H, W) is flattened per example", x=np.arange(24.0).reshape(3, 2, 2, 2) / 10 - 1,
         w=np.linspace(-1, 1, 16).reshape(8, 2), b=a(0.0, 1.0), hint=FLATTEN),
    case("a single example (N = 1)", x=a([[1.0, -2.0], [0.5, 4.0]]), w=a([1.0], [2.0], [3.0], [4.0]),
         b=a(0.25), hint=FLATTEN),
    case("the bias is added to every row", x=np.zeros((3, 2)), w=a([1.0, 2.0, 3.0], [4.0, 5.0, 6.0]),
         b=a(7.0, 8.0, 9.0)),
    case("5-D x with singleton dimensions", x=np.arange(8.0).reshape(2, 1, 2, 1, 2) - 3,
         w=np.arange(8.0).reshape(4, 2) / 3, b=a(1.0, -1.0), hint=FLATTEN),
    case("float32 in, float32 out", x=a([1.5, -2.0, 0.25], [3.0, 1.0, -1.0], dtype=np.float32),
         w=a([0.5, 1.0], [-1.0, 2.0], [0.0, 0.5], dtype=np.float32), b=a(0.1, 0.2, dtype=np.float32),
         hint=DTYPE),
    case("uint8 images with float64 weights give float64", x=np.array([[[0, 255], [128, 7]], [[1, 2], [3, 4]]],
                                                                       dtype=np.uint8),
         w=np.linspace(-0.01, 0.01, 8).reshape(4, 2), b=a(0.5, -0.5),
         hint="Integer pixels times float weights give float64: do not cast to x's dtype."),
    *generated("random shapes, size {size}", random_affine, sizes=[3, 7], seeds=range(4), hint=FLATTEN),
    *generated("random float32, size {size}", lambda rng, n: random_affine(rng, n, np.float32), sizes=[5],
               seeds=range(2), hint=DTYPE),
]

BACKWARD_CASES = [c for c in CASES if c.args["x"].dtype != np.uint8] + [
    case("backward: uint8 x gives float64 gradients", x=np.array([[3, 200], [0, 9]], dtype=np.uint8),
         w=a([0.5, -1.0, 2.0], [0.25, 0.0, -0.5]), b=a(0.0, 1.0, 2.0)),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_affine_forward(kata, case):
    kata.check("affine_forward", case, Outputs(out=Close(), cache=Ignore()), hint=FLATTEN)


@pytest.mark.parametrize("case", BACKWARD_CASES, ids=str)
def test_affine_backward(kata, case):
    # Numerical gradients only in float64 (float32 round-off is far above the 1e-6 they need).
    check_backward(kata, "affine_forward", "affine_backward", case, wrt=("x", "w", "b"), hint=GRADS,
                   grad_hints={"x": DX_SHAPE, "w": GRADS, "b": GRADS}, numeric=case.args["x"].dtype == np.float64)


def bench_case(n):
    rng = np.random.default_rng(0)
    return case("", x=rng.standard_normal((n, 3, 32, 32)), w=rng.standard_normal((3 * 32 * 32, 100)) * 0.01,
                b=np.zeros(100))


@pytest.mark.parametrize("n", [64, 256])
def test_benchmark_affine_forward(kata_bench, n):
    kata_bench("affine_forward", bench_case(n), label=f"N={n} x 3x32x32 -> M=100")
