"""Graded tests for the cross_entropy kata. Run: pytest katas/cross_entropy   (-x stops at the first failure)."""
import numpy as np
import pytest

from sensei import Scalar, case, generated

SHIFT = ("exp() of a large logit overflows to inf (exp(710) already does), and inf/inf is NaN. Subtract "
         "each row's max first: log-softmax does not change when a constant is subtracted from a row.")
SHIFT_LOW = ("exp() of a very negative logit underflows to 0; when a whole row does, the sum is 0 and "
             "log(0) = -inf. Subtract each row's max first, so the largest exp() is exp(0) = 1.")
LOG_SOFTMAX = ("log(softmax(x)) is log(0) = -inf when the target's probability underflows to 0 (here it "
               "is about exp(-1000)), and 0 * log(0) is NaN. Compute the log-probabilities directly: with "
               "z = x - max, log_softmax = z - log(sum(exp(z))), which is finite wherever x is.")
MEAN = "The loss is the MEAN over the N examples (torch's default reduction), not the sum."
MEAN_SOFT = ("Soft labels: sum t * log_softmax over the classes, then take the mean over the N examples. "
             "np.mean of the whole [N, C] array divides by N * C.")
PICK = ("Pick one log-probability per row: row i, column targets[i]. Index with two arrays, "
        "(np.arange(N), targets); logits[:, targets] is an [N, N] array (every row at every target).")
AXIS = ("Softmax runs over the classes of each example (axis 1 of [N, C], keepdims=True), not over the "
        "batch (axis 0) or the whole array.")
NDIM = ("targets.ndim decides: a 1-D array holds class indices, a 2-D [N, C] array holds class "
        "probabilities, whatever its dtype (a one-hot array of ints is soft labels).")
CLAMP = ("log(0) = -inf: p = 0 with y = 1 (or p = 1 with y = 0) makes the loss infinite, and "
         "0 * log(0) is NaN. Clamp EACH log at -100, as torch does (np.maximum(log(p), -100), and "
         "likewise for log(1 - p)): p = 0 with y = 1 then costs exactly 100. The textbook "
         "np.nan_to_num(...) hides the problem instead of fixing it: it turns inf into 1.8e308.")
CLAMP_EACH = ("Clamp each log separately, BEFORE multiplying by y and 1 - y: with y = 0.3 and p = 0 the "
              "term is -0.3 * max(log 0, -100) = 30, not min(inf, 100) = 100.")
CLAMP_LOG = ("Clamp the LOG at -100, not p at some epsilon: clipping p to [1e-7, 1 - 1e-7] makes p = 0 "
             "cost 16.1 instead of 100, and changes the loss of every p below 1e-7.")
BCE_MEAN = "binary_cross_entropy is the mean over EVERY entry (all axes), not a sum or a per-row mean."
RANDOM = "Mean over N of -log softmax(logits)[i, targets[i]]."


def a(*rows, dtype=np.float64):
    return np.array(rows, dtype=dtype)


def scaled(logits: np.ndarray) -> Scalar:
    """Round-off grows with the logits: float32 cannot tell 1e4 from 1e4 + 5e-4, so two correct
    formulas (logsumexp - x[y], or z[y] - log(sum(exp(z)))) may differ by that much."""
    peak = float(np.max(np.abs(logits), initial=0.0))
    return Scalar(rtol=1e-7, atol=max(1e-9, 1e-14 * peak), rtol32=1e-4, atol32=max(1e-5, 1e-6 * peak))


def other_than(n: int, rng, low=2, high=12) -> int:
    """A class count C != N, so that a mix-up of the two axes shows."""
    c = int(rng.integers(low, high))
    return c + 1 if c == n else c


def random_hard(rng, n, dtype=np.float64):
    c = other_than(n, rng)
    scale = float(rng.choice([1.0, 10.0, 100.0]))
    return {"logits": (rng.standard_normal((n, c)) * scale).astype(dtype),
            "targets": rng.integers(0, c, size=n)}


def random_soft(rng, n, dtype=np.float64):
    c = other_than(n, rng)
    scale = float(rng.choice([1.0, 10.0, 100.0]))
    targets = rng.dirichlet(np.ones(c), size=n)
    targets[rng.random((n, c)) < 0.3] = 0.0  # some exact zeros, renormalised
    targets[np.arange(n), rng.integers(0, c, size=n)] += 0.1
    targets /= targets.sum(axis=1, keepdims=True)
    return {"logits": (rng.standard_normal((n, c)) * scale).astype(dtype), "targets": targets.astype(dtype)}


CE_CASES = [
    case("one example, integer target", logits=a([1.0, 2.0, 3.0]), targets=np.array([2])),
    case("the mean over the batch, not the sum", logits=a([1.0, 2.0, 3.0], [0.5, 0.5, 0.5], [2.0, -1.0, 0.0]),
         targets=np.array([2, 0, 1]), hint=MEAN),
    case("each row picks its own target", logits=a([1.0, 2.0, 3.0, 4.0], [4.0, 0.0, 1.0, 1.0]),
         targets=np.array([3, 0]), hint=PICK),
    case("softmax over the classes of each row, not over the batch",
         logits=a([2.0, 0.0], [0.0, 1.0], [-1.0, 3.0]), targets=np.array([0, 1, 1]), hint=AXIS),
    case("logits as large as 1e4", logits=a([1e4, 1e4 - 1, 1e4 - 5], [1e4, -1e4, 0.0]),
         targets=np.array([1, 0]), hint=SHIFT),
    case("the target's probability underflows: loss 1000, not inf", logits=a([-1000.0, 0.0]),
         targets=np.array([0]), hint=LOG_SOFTMAX),
    case("rows on very different scales", logits=a([1e4, 1e4 - 2.0], [0.0, 1.0]), targets=np.array([1, 0]),
         hint="Subtract the max of EACH row (axis=1, keepdims=True), not the max of the whole array: a row "
              "far below the global max underflows to log(0)."),
    case("logits as negative as -1e4", logits=a([-1e4, -1e4 - 2, -1e4 - 3]), targets=np.array([1]),
         hint=SHIFT_LOW),
    case("a single class costs 0", logits=a([3.0], [-2.0]), targets=np.array([0, 0])),
    case("equal logits cost log(C)", logits=np.full((2, 4), 0.25), targets=np.array([3, 1])),
    case("int32 targets", logits=a([0.5, 1.5, -0.5], [1.0, 2.0, 3.0]), targets=np.array([0, 2], dtype=np.int32)),
    case("integer logits", logits=np.array([[1, 2, 0], [3, 0, 0]]), targets=np.array([0, 1]),
         hint="Integer logits give a float result: convert to float (logits.astype(np.float64)) first."),
    case("float32 logits", logits=a([0.5, -1.25, 3.0], [2.0, 2.0, -7.0], dtype=np.float32), targets=np.array([2, 1])),
    case("float32 logits of 1e4", logits=a([1e4, 9990.0, 0.0], [0.0, 1e4, -1e4], dtype=np.float32),
         targets=np.array([1, 1]), hint=SHIFT),
    # Soft labels.
    case("soft labels: one example", logits=a([1.0, 2.0, 3.0]), targets=a([0.1, 0.2, 0.7])),
    case("one-hot soft labels give the integer-target loss", logits=a([1.0, 2.0, 3.0], [4.0, 0.0, 1.0]),
         targets=a([0.0, 0.0, 1.0], [1.0, 0.0, 0.0])),
    case("soft labels: the mean over N, not over N * C",
         logits=a([1.0, 2.0, 3.0], [0.0, -1.0, 2.0]), targets=a([0.2, 0.3, 0.5], [0.6, 0.2, 0.2]), hint=MEAN_SOFT),
    case("soft labels: a one-hot integer [N, C] array is soft labels", logits=a([1.0, 2.0, 3.0], [4.0, 0.0, 1.0]),
         targets=np.array([[0, 1, 0], [0, 0, 1]]), hint=NDIM),
    case("soft labels with logits as large as 1e4", logits=a([1e4, 1e4 - 1, 1e4 - 3], [1e4 - 2, 1e4, 1e4]),
         targets=a([0.5, 0.5, 0.0], [0.1, 0.25, 0.65]), hint=SHIFT),
    case("soft labels: a zero target on an underflowing class adds 0, not NaN",
         logits=a([-1000.0, 0.0, -1.0]), targets=a([0.0, 0.5, 0.5]), hint=LOG_SOFTMAX),
    case("soft labels in float32", logits=a([0.5, -1.0, 2.0], [1.0, 1.0, 0.0], dtype=np.float32),
         targets=a([0.25, 0.25, 0.5], [0.0, 1.0, 0.0], dtype=np.float32)),
    *generated("random integer targets n={size}", random_hard, sizes=[1, 7, 60], seeds=range(3), hint=RANDOM),
    *generated("random float32, integer targets n={size}", lambda rng, n: random_hard(rng, n, np.float32),
               sizes=[40], seeds=range(2), hint=RANDOM),
    *generated("random soft labels n={size}", random_soft, sizes=[1, 6, 50], seeds=range(3), hint=MEAN_SOFT),
    *generated("random float32 soft labels n={size}", lambda rng, n: random_soft(rng, n, np.float32),
               sizes=[30], seeds=range(2), hint=MEAN_SOFT),
]


def random_bce(rng, n, dtype=np.float64, soft=False):
    shape = (n,) if rng.random() < 0.5 else (n, int(rng.integers(1, 5)))
    probs = rng.random(shape)
    edge = rng.random(shape)
    probs[edge < 0.1] = 0.0  # exact 0s and 1s: the clamp matters
    probs[edge > 0.9] = 1.0
    targets = rng.random(shape) if soft else (rng.random(shape) < 0.5).astype(np.float64)
    return {"probs": probs.astype(dtype), "targets": targets.astype(dtype)}


BCE_CASES = [
    case("mean over the entries", probs=a(0.9, 0.2, 0.6), targets=a(1.0, 0.0, 1.0)),
    case("p = 1 with y = 1 and p = 0 with y = 0 cost 0, not NaN", probs=a(1.0, 0.0), targets=a(1.0, 0.0),
         hint=CLAMP),
    case("p = 0 with y = 1 costs 100: each log is clamped at -100", probs=a(0.0, 0.5), targets=a(1.0, 1.0),
         hint=CLAMP),
    case("p = 1 with y = 0 costs 100", probs=a(1.0), targets=a(0.0), hint=CLAMP),
    case("a tiny p is clamped too: log(1e-60) = -138 becomes -100", probs=a(1e-60, 0.3), targets=a(1.0, 1.0),
         hint=CLAMP_LOG),
    case("soft targets: each log is clamped before the weighting", probs=a(0.0, 1.0, 0.5),
         targets=a(0.3, 0.25, 0.5), hint=CLAMP_EACH),
    case("2-D input: the mean over every entry", probs=a([0.1, 0.8, 0.5], [0.7, 0.3, 0.95]),
         targets=a([0.0, 1.0, 1.0], [1.0, 0.0, 1.0]), hint=BCE_MEAN),
    case("a single entry", probs=a(0.25), targets=a(1.0)),
    case("integer 0/1 targets", probs=a(0.9, 0.2, 0.6, 0.0), targets=np.array([1, 0, 1, 0]),
         hint="Integer targets work as floats: 1 - y is fine, but do not divide or cast with integers."),
    case("float32 input", probs=a(0.9, 0.2, 0.6, 0.01, dtype=np.float32), targets=a(1.0, 0.0, 0.5, 1.0, dtype=np.float32)),
    case("float32 with p = 0 and p = 1", probs=a(0.0, 1.0, 0.0, 1.0, dtype=np.float32),
         targets=a(1.0, 0.0, 0.0, 1.0, dtype=np.float32), hint=CLAMP),
    *generated("random 0/1 targets with exact 0s and 1s, n={size}", random_bce, sizes=[3, 10, 100],
               seeds=range(3), hint=CLAMP),
    *generated("random soft targets with exact 0s and 1s, n={size}",
               lambda rng, n: random_bce(rng, n, soft=True), sizes=[3, 10, 100], seeds=range(3), hint=CLAMP_EACH),
    *generated("random float32, n={size}", lambda rng, n: random_bce(rng, n, np.float32, soft=True), sizes=[50],
               seeds=range(2), hint=CLAMP_EACH),
]


@pytest.mark.parametrize("case", CE_CASES, ids=str)
def test_cross_entropy(kata, case):
    kata.check("cross_entropy", case, scaled(np.asarray(case.args["logits"], np.float64)))


@pytest.mark.parametrize("case", BCE_CASES, ids=str)
def test_binary_cross_entropy(kata, case):
    kata.check("binary_cross_entropy", case, Scalar())


@pytest.mark.parametrize("n, c", [(1000, 10), (10_000, 100)])
def test_benchmark_cross_entropy(kata_bench, n, c):
    rng = np.random.default_rng(0)
    kata_bench("cross_entropy", case("", logits=rng.standard_normal((n, c)) * 5, targets=rng.integers(0, c, size=n)),
               label=f"N={n} C={c}")


@pytest.mark.parametrize("n", [10_000, 1_000_000])
def test_benchmark_binary_cross_entropy(kata_bench, n):
    rng = np.random.default_rng(0)
    kata_bench("binary_cross_entropy", case("", probs=rng.random(n), targets=(rng.random(n) < 0.5) * 1.0),
               label=f"n={n}")
