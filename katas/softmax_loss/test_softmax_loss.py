"""Graded tests for the softmax_loss kata. Run: pytest katas/softmax_loss   (-x stops at the first failure).

Each case checks the loss and dW against the reference, then dW against a numerical gradient of
YOUR loss (centred differences), so a gradient that disagrees with your own loss is named as such.
"""
import numpy as np
import pytest

from sensei import Close, Outputs, Problem, Scalar, case, generated
from sensei.gradcheck import check_loss_gradient

GRAD = ("The gradient of -log softmax(s)[y] with respect to the scores s is softmax(s) - onehot(y): "
        "subtract 1 at the correct class of each row. Then dW = X^T times that [N, C] matrix.")
MEAN = ("The data loss is the MEAN over the N examples: divide both the loss and its gradient by N "
        "(the regularisation term is not divided).")
REG = ("The penalty is reg * sum(W * W), with no 0.5 in front, so its gradient is 2 * reg * W; it is "
       "added once, not per example.")
SHIFT = ("exp() of a large score overflows to inf (exp(710) already does), and inf/inf is NaN. Subtract "
         "each row's max score first: softmax does not change when a constant is subtracted from a row.")
LOG_SOFTMAX = ("log(softmax(s)[y]) is log(0) = -inf when the correct class's probability underflows (here "
               "it is about exp(-1000)). Compute -log p_y as log(sum(exp(s - max))) - (s_y - max).")
SHAPE = ("dW has W's shape [D, C]: X is [N, D] and the scores' gradient is [N, C], so dW contracts them "
         "over N: X^T times the scores' gradient, not the other way round.")
RANDOM = "Mean over N of -log softmax(X @ W)[i, y[i]], plus reg * sum(W * W); dW the gradient of exactly that."


class Gradient(Close):
    """Close, with a shape message aimed at the usual mix-up of dW's axes."""

    def problem(self, got, expected):
        if isinstance(got, np.ndarray) and got.shape != np.shape(expected):
            return Problem(f"wrong shape: expected {np.shape(expected)}, got {got.shape}", hint=SHAPE)
        return super().problem(got, expected)


def spec(case) -> Outputs:
    """Round-off grows with the scores: allow an absolute error that scales with them."""
    peak = float(np.max(np.abs(case.args["X"] @ case.args["W"]), initial=0.0))
    return Outputs(loss=Scalar(rtol=1e-7, atol=max(1e-9, 1e-14 * peak)),
                   dW=Gradient(rtol=1e-6, atol=1e-8))


def a(*rows, dtype=np.float64):
    return np.array(rows, dtype=dtype)


def random_problem(rng, n, dtype=np.float64, reg=None):
    """D != C (a transposed dW shows), small D * C (the numerical gradient stays cheap)."""
    d = int(rng.integers(2, 7))
    c = int(rng.integers(2, 8))
    c += c == d
    return {"W": (rng.standard_normal((d, c)) * 0.5).astype(dtype),
            "X": rng.standard_normal((n, d)).astype(dtype),
            "y": rng.integers(0, c, size=n),
            "reg": float(rng.choice([0.0, 0.05, 0.5])) if reg is None else reg}


CASES = [
    case("one example, no regularisation", W=a([0.5, -0.2, 0.1], [0.3, 0.8, -0.5]), X=a([1.0, 2.0]),
         y=np.array([2]), reg=0.0, hint=GRAD),
    case("the mean over N examples", W=a([0.5, -0.2, 0.1], [0.3, 0.8, -0.5]),
         X=a([1.0, 2.0], [-1.0, 0.5], [2.0, -0.5]), y=np.array([2, 1, 0]), reg=0.0, hint=MEAN),
    case("regularisation only: X = 0", W=a([1.0, -2.0, 0.5], [0.25, 3.0, -1.0]), X=np.zeros((2, 2)),
         y=np.array([0, 1]), reg=0.1, hint=REG),
    case("loss and gradient with regularisation", W=a([0.2, -0.4, 0.6], [-0.3, 0.1, 0.9]),
         X=a([1.0, 0.0], [0.5, -2.0], [-1.0, 1.0], [3.0, 0.25]), y=np.array([1, 2, 0, 1]), reg=0.25, hint=REG),
    case("shapes: N, D and C all differ", W=np.linspace(-1, 1, 8).reshape(4, 2),
         X=np.arange(12.0).reshape(3, 4) / 6 - 1, y=np.array([1, 0, 0]), reg=0.1, hint=SHAPE),
    case("scores of 1e4: stable", W=a([50.0, 50.0, 49.99], [50.0, 49.99, 50.0]), X=a([100.0, 100.0], [100.0, -100.0]),
         y=np.array([1, 0]), reg=0.0, hint=SHIFT),
    case("the correct class far below the best: loss 1000, not inf", W=a([-100.0, 0.0]), X=a([10.0]),
         y=np.array([0]), reg=0.0, hint=LOG_SOFTMAX),
    case("equal scores: every class has probability 1/C", W=np.zeros((3, 4)),
         X=a([1.0, 2.0, 3.0], [-1.0, 0.0, 1.0]), y=np.array([3, 0]), reg=0.5, hint=GRAD),
    case("every example of the same class", W=a([0.1, 0.2], [0.3, -0.4], [0.5, 0.6]),
         X=a([1.0, 1.0, 1.0], [0.5, -0.5, 2.0], [2.0, 0.0, -1.0]), y=np.array([1, 1, 1]), reg=0.05, hint=GRAD),
    case("a single class costs 0 (plus the penalty)", W=a([0.5], [-1.5]), X=a([1.0, 2.0], [3.0, -4.0]),
         y=np.array([0, 0]), reg=0.1, hint=REG),
    case("int32 labels", W=a([0.5, -0.2, 0.1], [0.3, 0.8, -0.5]), X=a([1.0, 2.0], [0.0, -1.0]),
         y=np.array([0, 2], dtype=np.int32), reg=0.0),
    case("float32 in, float32 out", W=a([0.5, -0.2, 0.1], [0.3, 0.8, -0.5], dtype=np.float32),
         X=a([1.0, 2.0], [-1.0, 0.5], dtype=np.float32), y=np.array([2, 0]), reg=0.1,
         hint="float32 W and X give a float32 dW: a helper array made without dtype= (np.zeros, np.eye) is "
              "float64 and upcasts the gradient."),
    # Seeds whose gradient has no entry below 1e-2, so that the numerical check (whose round-off is
    # about 1e-10) has a wide margin for every correct solution.
    *generated("random n={size}", random_problem, sizes=[1], seeds=[1, 2, 3], hint=RANDOM),
    *generated("random n={size}", random_problem, sizes=[5], seeds=[1, 2, 8], hint=RANDOM),
    *generated("random n={size}", random_problem, sizes=[30], seeds=[2, 3, 6], hint=RANDOM),
    *generated("random float32 n={size}", lambda rng, n: random_problem(rng, n, np.float32), sizes=[20],
               seeds=range(2), hint=RANDOM),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_softmax_loss(kata, case):
    check_loss_gradient(kata, "softmax_loss", case, wrt="W", expect=spec(case), hint=case.hint or RANDOM)


@pytest.mark.parametrize("n", [500, 2000])
def test_benchmark_softmax_loss(kata_bench, n):
    rng = np.random.default_rng(0)
    bench = case("", W=rng.standard_normal((3073, 10)) * 1e-4, X=rng.standard_normal((n, 3073)),
                 y=rng.integers(0, 10, size=n), reg=5e-6)
    kata_bench("softmax_loss", bench, label=f"N={n} D=3073 C=10")
