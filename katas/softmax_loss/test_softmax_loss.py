"""Graded tests for the softmax_loss kata. Run: pytest katas/softmax_loss   (-x stops at the first failure).

The loss alone is graded first, on every case. Then each case checks dW: a known mistake is named
first; then dW against a numerical gradient of YOUR loss (centred differences), so a gradient that
disagrees with your own loss is named as such; then the loss and dW against the reference.
"""
import numpy as np
import pytest

from sensei import Close, Ignore, Outputs, Scalar, case, generated, mistake
from sensei.data import a
from sensei.gradcheck import check_loss_gradient

GRAD = ("softmax_loss(): the gradient of -log softmax(s)[y] on the scores s is softmax(s) - onehot(y): "
        "subtract 1 at the correct class of each row.")
MEAN = "softmax_loss(): the data loss is the MEAN over the N examples: divide both the loss and its gradient by N."
MEAN_GRAD = ("softmax_loss(): the loss is a mean over N, so its gradient is divided by N too: divide both the "
             "loss and its gradient by N.")
REG = "softmax_loss(): the penalty is reg * sum(W * W), with no 0.5 in front; it is added once, not per example."
REG_GRAD = "softmax_loss(): the penalty reg * sum(W * W) is part of the loss, so its gradient is 2 * reg * W in dW."
REG_DOUBLE = "softmax_loss(): d/dW of reg * sum(W * W) is 2 * reg * W (the square's 2), not reg * W."
SHIFT = ("softmax_loss(): exp() of a large score overflows to inf (exp(710) already does), and inf/inf is NaN. "
         "Subtract each row's max score first: softmax does not change when a constant is subtracted.")
LOG_SOFTMAX = ("softmax_loss(): log(softmax(s)[y]) is log(0) = -inf when the correct class's probability "
               "underflows. Compute -log p_y as log(sum(exp(s - max))) - (s_y - max).")
SHAPE = ("softmax_loss(): dW has W's shape [D, C]: X is [N, D] and the scores' gradient [N, C], so dW = X^T "
         "times the scores' gradient, not the other way round.")
EQUAL = "softmax_loss(): equal scores give every class probability 1/C, so the data loss is log(C)."
ONE_CLASS = "softmax_loss(): with one class its probability is 1: the data loss and its gradient are 0."
DTYPE = ("softmax_loss(): float32 W and X give a float32 dW: a helper array made without dtype= (np.zeros, "
         "np.eye) is float64 and upcasts the gradient.")
RANDOM = ("softmax_loss(): the mean over N of -log softmax(X @ W)[i, y[i]], plus reg * sum(W * W); dW the "
          "gradient of exactly that.")








def spec(case, grad=True) -> Outputs:
    """Round-off grows with the scores: allow an absolute error that scales with them."""
    peak = float(np.max(np.abs(case.args["X"] @ case.args["W"]), initial=0.0))
    return Outputs(loss=Scalar(rtol=1e-7, atol=max(1e-9, 1e-14 * peak)),
                 dW=Close(rtol=1e-6, atol=1e-8, shape_hint=SHAPE) if grad else Ignore())


# -- known mistakes: what each gives on a case's arguments (to name it; never shown) -------------
def _softmax_loss(W, X, y, reg, *, shift=True, log_of_probs=False, eps=0.0, max_back=True, reduce=np.mean,
                  divide_grad=True, minus_one=True, reg_loss=1.0, reg_grad=2.0, reg_over_n=False, transpose=False):
    """A float64 softmax loss with one knob per classic mistake."""
    W64, X64 = np.asarray(W, np.float64), np.asarray(X, np.float64)
    n, rows = X64.shape[0], np.arange(X64.shape[0])
    scores = X64 @ W64
    top = scores.max(axis=1, keepdims=True) if shift else 0.0
    z = scores - top
    exp = np.exp(z)
    probs = exp / exp.sum(axis=1, keepdims=True)
    if log_of_probs or eps:
        per_example = -np.log(probs[rows, y] + eps)
    elif max_back:
        per_example = np.log(exp.sum(axis=1)) - z[rows, y]
    else:  # log(sum(exp(s - max))) - s_y: the max is never added back
        per_example = np.log(exp.sum(axis=1)) - scores[rows, y]
    penalty = reg_loss * reg * np.sum(W64 * W64) / (n if reg_over_n else 1)
    loss = reduce(per_example) + penalty
    dscores = probs.copy()
    if minus_one:
        dscores[rows, y] -= 1
    if divide_grad:
        dscores /= n
    dW = X64.T @ dscores + reg_grad * reg * W64 / (n if reg_over_n else 1)
    dW = (dW.T if transpose else dW).astype(np.result_type(W, X, np.float32) if np.asarray(W).dtype.kind == "f"
                                             else np.float64)
    return loss, dW


def _mistake(name, fix, **knobs):
    return mistake("softmax_loss", name, fix=fix, gives=lambda ref, W, X, y, reg: _softmax_loss(W, X, y, reg, **knobs))


MISTAKES = [
    _mistake("the loss and its gradient SUMMED over the N examples instead of averaged", MEAN,
             reduce=np.sum, divide_grad=False),
    _mistake("the gradient not divided by N (the loss is a mean)", MEAN_GRAD, divide_grad=False),
    _mistake("the correct class's 1 not subtracted from the probabilities", GRAD, minus_one=False),
    _mistake("the penalty 0.5 * reg * sum(W * W) (gradient reg * W)", REG, reg_loss=0.5, reg_grad=1.0),
    _mistake("the penalty's gradient left out of dW", REG_GRAD, reg_grad=0.0),
    _mistake("the penalty's gradient reg * W instead of 2 * reg * W", REG_DOUBLE, reg_grad=1.0),
    _mistake("the penalty divided by N with the data loss", REG, reg_over_n=True),
    _mistake("log-sum-exp without the max added back", (
        "softmax_loss(): logsumexp(s) = max + log(sum(exp(s - max))): add the max back, or take the correct "
        "class's score from the shifted s - max too."), max_back=False),
    _mistake("no max shift before exp(): the scores overflow", SHIFT, shift=False),
    _mistake("log(softmax(s)[y]): -inf where the correct class's probability underflows", LOG_SOFTMAX,
             log_of_probs=True),
    *[_mistake(f"an epsilon inside the log (-log(p_y + {eps:g}))", (
        "softmax_loss(): no epsilon inside the log: log(p + eps) changes every term. Compute -log p_y as "
        "log(sum(exp(s - max))) - (s_y - max): it is exact and finite."), eps=eps)
      for eps in [10.0 ** -k for k in range(3, 17)]],
    _mistake("dW transposed: [C, D] instead of W's [D, C]", SHAPE, transpose=True),
]





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
         X=a([1.0, 0.0], [0.5, -2.0], [-1.0, 1.0], [3.0, 0.25]), y=np.array([1, 2, 0, 1]), reg=0.25, hint=REG_GRAD),
    case("shapes: N, D and C all differ", W=np.linspace(-1, 1, 8).reshape(4, 2),
         X=np.arange(12.0).reshape(3, 4) / 6 - 1, y=np.array([1, 0, 0]), reg=0.1, hint=SHAPE),
    case("every example of the same class", W=a([0.1, 0.2], [0.3, -0.4], [0.5, 0.6]),
         X=a([1.0, 1.0, 1.0], [0.5, -0.5, 2.0], [2.0, 0.0, -1.0]), y=np.array([1, 1, 1]), reg=0.05, hint=GRAD),
    # Seeds whose gradient has no entry below 1e-2, so that the numerical check (whose round-off is
    # about 1e-10) has a wide margin for every correct solution.
    *generated("random n={size}", random_problem, sizes=[1], seeds=[1, 2, 3], hint=RANDOM),
    *generated("random n={size}", random_problem, sizes=[5], seeds=[1, 2, 8], hint=RANDOM),
    *generated("random n={size}", random_problem, sizes=[30], seeds=[2, 3, 6], hint=RANDOM),
    # Edge cases: extreme scores, ties, a single class.
    case("scores of 1e4: stable", W=a([50.0, 50.0, 49.99], [50.0, 49.99, 50.0]), X=a([100.0, 100.0], [100.0, -100.0]),
         y=np.array([1, 0]), reg=0.0, hint=SHIFT, layer="edge"),
    case("the correct class far below the best: loss 1000, not inf", W=a([-100.0, 0.0]), X=a([10.0]),
         y=np.array([0]), reg=0.0, hint=LOG_SOFTMAX, layer="edge"),
    case("equal scores: every class has probability 1/C", W=np.zeros((3, 4)),
         X=a([1.0, 2.0, 3.0], [-1.0, 0.0, 1.0]), y=np.array([3, 0]), reg=0.5, hint=EQUAL, layer="edge"),
    case("a single class costs 0 (plus the penalty)", W=a([0.5], [-1.5]), X=a([1.0, 2.0], [3.0, -4.0]),
         y=np.array([0, 0]), reg=0.1, hint=ONE_CLASS, layer="edge"),
    # Polish: dtypes.
    case("int32 labels", W=a([0.5, -0.2, 0.1], [0.3, 0.8, -0.5]), X=a([1.0, 2.0], [0.0, -1.0]),
         y=np.array([0, 2], dtype=np.int32), reg=0.0, layer="polish",
         hint="softmax_loss(): int32 labels index like int64 ones."),
    case("float32 in, float32 out", W=a([0.5, -0.2, 0.1], [0.3, 0.8, -0.5], dtype=np.float32),
         X=a([1.0, 2.0], [-1.0, 0.5], dtype=np.float32), y=np.array([2, 0]), reg=0.1, hint=DTYPE, layer="polish"),
    *generated("random float32 n={size}", lambda rng, n: random_problem(rng, n, np.float32), sizes=[20],
               seeds=range(2), hint=RANDOM, layer="polish"),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_softmax_loss_value(kata, case):
    """The loss alone, first: a wrong loss is named before any gradient check is made of it."""
    kata.check("softmax_loss", case, spec(case, grad=False), hint=case.hint or RANDOM)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_softmax_loss(kata, case):
    check_loss_gradient(kata, "softmax_loss", case, wrt="W", expect=spec(case), hint=case.hint or RANDOM)


@pytest.mark.parametrize("n", [500, 2000])
def test_benchmark_softmax_loss(kata_bench, n):
    rng = np.random.default_rng(0)
    bench = case("", W=rng.standard_normal((3073, 10)) * 1e-4, X=rng.standard_normal((n, 3073)),
                 y=rng.integers(0, 10, size=n), reg=5e-6)
    kata_bench("softmax_loss", bench, label=f"N={n} D=3073 C=10")
