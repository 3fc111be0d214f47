"""Graded tests for the svm_loss kata. Run: pytest katas/svm_loss   (-x stops at the first failure).

The loss alone is graded first, on every case. Then each case checks dx: a known mistake is named
first; away from the hinge's kinks (a margin of exactly 0), dx is checked against a numerical
gradient of YOUR loss (centred differences); then the loss and dx against the reference.
"""
import numpy as np
import pytest

from sensei import Close, Ignore, Outputs, Scalar, case, generated, mistake
from sensei.data import a
from sensei.gradcheck import check_loss_gradient

ZERO = ("svm_loss(): a margin counts when it is > 0, not >= 0. A margin of exactly 0 (s_j - s_y + 1 = 0) "
        "adds 0 to the loss AND nothing to the gradient.")
SKIP_Y = ("svm_loss(): sum over the WRONG classes only (j != y_i): the correct class's own margin, "
          "s_y - s_y + 1 = 1, would add 1 per example.")
MEAN = "svm_loss(): the loss is the MEAN over the N examples: divide both the loss and the gradient by N."
COUNT = ("svm_loss(): each counted margin s_j - s_y + 1 holds -s_y, so the gradient on the correct class is "
         "minus the NUMBER of margins counted in that row (divided by N).")
DELTA = ("svm_loss(): the margin is s_j - s_y + 1: a wrong class must score at least 1 below the correct one "
         "to cost nothing.")
SIGN = ("svm_loss(): the margin of a wrong class j is s_j - s_y + 1 (the wrong score minus the correct one): "
        "it is positive when the wrong class scores too HIGH.")
BROADCAST = ("svm_loss(): x[np.arange(N), y] is [N]: make it a column [N, 1] (x[np.arange(N), y][:, None]) "
             "before subtracting it from the [N, C] scores.")
WRONG_CLASS = "svm_loss(): each counted margin adds +1/N to the gradient of its own (wrong) class."
INT = ("svm_loss(): integer scores give a float64 loss and dx: build dx as a float array (np.zeros(x.shape)); "
       "an integer array cannot hold 1/N.")
DTYPE = "svm_loss(): float32 in, float32 out: build helper arrays with x.dtype (np.zeros_like(x))."
LABELS = "svm_loss(): int32 labels index like int64 ones."
RANDOM = ("svm_loss(): the mean over N of sum over j != y_i of max(0, x[i, j] - x[i, y_i] + 1); dx the "
          "gradient of exactly that.")








OUTPUTS = Outputs(loss=Scalar(), dx=Close(rtol=1e-6, atol=1e-8, shape_hint="svm_loss(): dx has x's shape [N, C]: one entry per score."))
LOSS_ONLY = Outputs(loss=Scalar(), dx=Ignore())


# -- known mistakes: what each gives on a case's arguments (to name it; never shown) -------------
def _svm(x, y, *, delta=1.0, zero_counts=False, skip_correct=True, reduce=np.mean, sign=1, column=True,
         correct_grad="count"):
    """The hinge loss with one knob per classic mistake (float64 inside, dx in the reference's dtype)."""
    x = np.asarray(x)
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
    s = x.astype(np.float64)
    n, rows = s.shape[0], np.arange(s.shape[0])
    correct = s[rows, y][:, None] if column else s[rows, y]
    raw = sign * (s - correct) + delta
    counted = raw >= 0 if zero_counts else raw > 0
    if skip_correct:
        counted[rows, y] = False
    margins = np.where(counted, raw, 0.0)
    loss = np.sum(margins) / (n if reduce is np.mean else 1)
    dx = sign * counted.astype(np.float64)
    if correct_grad == "count":
        dx[rows, y] -= sign * counted.sum(axis=1)
    elif correct_grad == "one":
        dx[rows, y] -= sign * counted.any(axis=1)
    if reduce is np.mean:
        dx /= n
    return loss, dx.astype(dtype)


def _mistake(name, fix, **knobs):
    return mistake("svm_loss", name, fix=fix, gives=lambda ref, x, y: _svm(x, y, **knobs))


MISTAKES = [
    _mistake("the loss and its gradient SUMMED over the N examples instead of averaged", MEAN, reduce=np.sum),
    _mistake("the correct class's own margin (1 per example) counted too", SKIP_Y, skip_correct=False),
    _mistake("the margin's sign flipped: s_y - s_j + 1 instead of s_j - s_y + 1", SIGN, sign=-1),
    _mistake("no margin: max(0, s_j - s_y) instead of max(0, s_j - s_y + 1)", DELTA, delta=0.0),
    _mistake("the correct scores subtracted as a row [N], not a column [N, 1]", BROADCAST, column=False),
    _mistake("a margin of exactly 0 counted (>= 0 instead of > 0)", ZERO, zero_counts=True),
    _mistake("the correct class's gradient -1 once instead of minus the number of margins counted", COUNT,
             correct_grad="one"),
    _mistake("no gradient on the correct class's score", COUNT, correct_grad=None),
]




def margins(x, y):
    """The wrong classes' margins (the correct class masked out with NaN), to keep cases off the kinks."""
    x = np.asarray(x, np.float64)
    m = x - x[np.arange(len(x)), y][:, None] + 1
    m[np.arange(len(x)), y] = np.nan
    return m


def at_kink(case) -> bool:
    """A margin within 1e-3 of 0: the loss has a kink there, and a numerical gradient is meaningless."""
    m = margins(case.args["x"], case.args["y"])
    return bool(np.any(np.abs(m[~np.isnan(m)]) < 1e-3))



def random_scores(rng, n, dtype=np.float64):
    """C != N (a row/column mix-up shows); every margin at least 0.04 away from 0."""
    c = int(rng.integers(2, 8))
    c += c == n
    x = rng.standard_normal((n, c)) * float(rng.choice([0.5, 1.0, 3.0]))
    y = rng.integers(0, c, size=n)
    x[np.abs(np.nan_to_num(margins(x, y), nan=1.0)) < 0.01] += 0.05  # moves only wrong-class scores
    return {"x": x.astype(dtype), "y": y}


CASES = [
    case("one example", x=a([3.2, 5.1, -1.7]), y=np.array([0]), hint=RANDOM),
    case("N == C: each row subtracts its own correct score", x=a([1.0, 0.2, -0.3], [0.4, 2.0, 0.9], [-1.0, 0.5, 0.1]),
         y=np.array([2, 0, 1]), hint=BROADCAST),
    case("the mean over N examples", x=a([3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]), y=np.array([0, 1, 2]),
         hint=MEAN),
    case("the correct class itself does not count", x=a([2.0, 0.0, 0.5], [0.0, 4.0, 1.0]), y=np.array([0, 1]),
         hint=SKIP_Y),
    case("the correct class's gradient is minus the number of margins counted", x=a([0.0, 0.5, 1.0, -3.0]),
         y=np.array([0]), hint=COUNT),
    case("a wrong class less than 1 below the correct one still costs", x=a([0.0, -0.5]), y=np.array([0]),
         hint=DELTA),
    case("a wrong class far below the correct one costs nothing", x=a([3.0, 0.0], [-1.0, 2.5]), y=np.array([0, 1]),
         hint=SIGN),
    case("every margin counts", x=a([0.0, 2.0, 3.0], [5.0, 4.5, 4.2]), y=np.array([0, 2]), hint=COUNT),
    case("two classes", x=a([0.3, 0.1], [0.2, 0.9], [1.5, -0.5]), y=np.array([1, 1, 0]), hint=WRONG_CLASS),
    case("every example of the same class", x=a([1.0, 0.5, 2.2], [0.0, -1.0, 0.3]), y=np.array([2, 2]), hint=COUNT),
    *generated("random n={size}", random_scores, sizes=[1, 5, 30], seeds=range(3), hint=RANDOM),
    # Edge cases: margins of exactly 0 (the hinge's kink), nothing counted.
    case("a margin of exactly 0 does not count", x=a([2.0, 1.0, 0.0]), y=np.array([0]), hint=ZERO, layer="edge"),
    case("margins of exactly 0 among others", x=a([2.0, 1.0, 3.0, 0.5], [0.0, 1.0, -1.0, 0.0]),
         y=np.array([0, 1]), hint=ZERO, layer="edge"),
    case("no margin counts: loss 0, gradient 0", x=a([5.0, 1.0, 2.0], [-3.0, -1.0, 2.0]), y=np.array([0, 2]),
         hint=SKIP_Y, layer="edge"),
    # Polish: dtypes.
    case("integer scores give float64", x=np.array([[3, 2, 5], [1, 1, 0]]), y=np.array([0, 2]), hint=INT,
         layer="polish"),
    case("int32 labels", x=a([0.5, 1.0, -0.2], [0.1, 0.2, 0.3]), y=np.array([1, 2], dtype=np.int32), hint=LABELS,
         layer="polish"),
    case("float32 in, float32 out", x=a([3.2, 5.1, -1.7], [1.3, 4.9, 2.0], dtype=np.float32), y=np.array([0, 1]),
         hint=DTYPE, layer="polish"),
    *generated("random float32 n={size}", lambda rng, n: random_scores(rng, n, np.float32), sizes=[20],
               seeds=range(2), hint=RANDOM, layer="polish"),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_svm_loss_value(kata, case):
    """The loss alone, first: a wrong loss is named before any gradient check is made of it."""
    kata.check("svm_loss", case, LOSS_ONLY, hint=case.hint or RANDOM)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_svm_loss(kata, case):
    # At a kink (a margin of exactly 0) a centred difference is meaningless: reference only there.
    check_loss_gradient(kata, "svm_loss", case, wrt="x", expect=OUTPUTS, hint=case.hint or RANDOM,
                        numeric=not at_kink(case))


@pytest.mark.parametrize("n, c", [(500, 10), (10_000, 100)])
def test_benchmark_svm_loss(kata_bench, n, c):
    rng = np.random.default_rng(0)
    kata_bench("svm_loss", case("", x=rng.standard_normal((n, c)), y=rng.integers(0, c, size=n)), label=f"N={n} C={c}")
