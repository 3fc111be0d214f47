"""Graded tests for the cross_entropy kata. Run: pytest katas/cross_entropy   (-x stops at the first failure)."""
import numpy as np
import pytest

from sensei import Scalar, case, generated, mistake
from sensei.data import a

SHIFT = ("cross_entropy(): exp() of a large logit overflows to inf (exp(710) already does), and inf/inf is "
         "NaN. Subtract each row's max first: log-softmax does not change when a constant is subtracted.")
SHIFT_LOW = ("cross_entropy(): exp() of a very negative logit underflows to 0; when a whole row does, the sum is "
             "0 and log(0) = -inf. Subtract each row's max first, so the largest exp() is exp(0) = 1.")
SHIFT_ROW = ("cross_entropy(): subtract the max of EACH row (axis=1, keepdims=True), not of the whole array: a "
             "row far below the global max underflows to log(0).")
LOG_SOFTMAX = ("cross_entropy(): log(softmax(x)) is log(0) = -inf when a probability underflows to 0. Compute "
               "the log-probabilities directly: z - log(sum(exp(z))) with z = x - max.")
MEAN = "cross_entropy(): the loss is the MEAN over the N examples (torch's default reduction), not the sum."
MEAN_SOFT = ("cross_entropy(): soft labels: sum t * log_softmax over the classes, then the mean over N; np.mean "
             "of the [N, C] array divides by N * C.")
PICK = ("cross_entropy(): pick row i, column targets[i]. Index with two arrays, (np.arange(N), targets); "
        "logits[:, targets] is an [N, N] array.")
AXIS = ("cross_entropy(): softmax runs over the classes of each example (axis 1, keepdims=True), not over the "
        "batch (axis 0) or the whole array.")
NDIM = ("cross_entropy(): targets.ndim decides: a 1-D array holds class indices, a 2-D [N, C] array class "
        "probabilities, whatever its dtype (a one-hot array of ints is soft labels).")
PRECISION = ("cross_entropy(): compute in the inputs' dtype: each loss here is log(1 + 1.5e-8), and in float32 "
             "1 + 1.5e-8 rounds to 1, so a float32 computation returns 0.")
INT_LOGITS = "cross_entropy(): integer logits give a float result: convert them to float64 first."
CLAMP = ("binary_cross_entropy(): log(0) = -inf, so p = 0 with y = 1 costs inf and 0 * log(0) is NaN. Clamp "
         "EACH log at -100, as torch does: np.maximum(np.log(p), -100), likewise for log(1 - p).")
NAN_TO_NUM = ("binary_cross_entropy(): np.nan_to_num(...) hides the problem instead of fixing it: it turns the "
              "infinite loss into 1.8e308. Clamp each log at -100 instead.")
CLAMP_EACH = ("binary_cross_entropy(): clamp each log separately, BEFORE multiplying by y and 1 - y: with y = 0.3 "
              "and p = 0 the term is -0.3 * max(log 0, -100) = 30, not min(inf, 100) = 100.")
CLAMP_LOG = ("binary_cross_entropy(): clamp the LOG at -100, not p at some epsilon: clipping p to "
             "[1e-7, 1 - 1e-7] makes p = 0 cost 16.1 instead of 100.")
EPS_LOG = ("binary_cross_entropy(): no epsilon inside the log: log(p + eps) changes every term. Clamp each log "
           "at -100 instead (np.maximum(np.log(p), -100)).")
BCE_MEAN = "binary_cross_entropy(): the mean over EVERY entry (all axes), not a sum or a per-row mean."
INT_TARGETS = "binary_cross_entropy(): integer targets work as floats: 1 - y is fine; do not cast p to an integer."
RANDOM = "cross_entropy(): the mean over N of -log softmax(logits)[i, targets[i]]."


# -- known mistakes: what each gives on a case's arguments (to name it; never shown) -------------
EPSILONS = [10.0 ** -k for k in range(3, 17)]


def _log_softmax(logits, axis=1, shift=True):
    x = np.asarray(logits, np.float64)
    z = x - np.max(x, axis=axis, keepdims=True) if shift else x
    return z - np.log(np.sum(np.exp(z), axis=axis, keepdims=True))


def _softmax(logits):
    return np.exp(_log_softmax(logits))


def _reduce(log_probs, targets):
    """The loss from [N, C] log-probabilities, as the reference takes it."""
    targets = np.asarray(targets)
    if targets.ndim == 1:
        return -np.mean(log_probs[np.arange(len(targets)), targets])
    return -np.mean(np.sum(targets * log_probs, axis=1))


def _hard(targets):
    if np.ndim(targets) != 1:
        raise ValueError("a mistake about class indices")
    return targets


def _soft(targets):
    if np.ndim(targets) != 2:
        raise ValueError("a mistake about soft labels")
    return np.asarray(targets, np.float64)


def _bce_terms(probs, targets, log=np.log):
    p, y = np.asarray(probs, np.float64), np.asarray(targets, np.float64)
    return -(y * log(p) + (1 - y) * log(1 - p))


MISTAKES = [
    mistake("cross_entropy", "the per-example losses SUMMED instead of averaged", fix=MEAN,
            gives=lambda ref, logits, targets: len(logits) * ref.cross_entropy(logits, targets)),
    mistake("cross_entropy", "log_probs[:, targets]: every row at every target (an [N, N] array)", fix=PICK,
            gives=lambda ref, logits, targets: -np.mean(_log_softmax(logits)[:, _hard(targets)])),
    mistake("cross_entropy", "softmax over the batch (axis 0) instead of over the classes", fix=AXIS,
            gives=lambda ref, logits, targets: _reduce(_log_softmax(logits, axis=0), targets)),
    mistake("cross_entropy", "softmax over the whole array instead of over each row's classes", fix=AXIS,
            gives=lambda ref, logits, targets: _reduce(_log_softmax(logits, axis=None), targets)),
    mistake("cross_entropy", "soft labels averaged over N * C (np.mean of the [N, C] array)", fix=MEAN_SOFT,
            gives=lambda ref, logits, targets: ref.cross_entropy(logits, targets) / _soft(targets).shape[1]),
    mistake("cross_entropy", "soft labels ignored: only each row's most likely class counted",
            fix="cross_entropy(): soft labels weigh EVERY class: -sum_c t[i, c] * log_softmax[i, c], not just "
                "the argmax class's term.",
            gives=lambda ref, logits, targets: ref.cross_entropy(logits, np.argmax(_soft(targets), axis=1))),
    mistake("cross_entropy", "log-sum-exp without the max added back", fix=(
        "cross_entropy(): logsumexp(x) = max + log(sum(exp(x - max))): add the max back, or take the target's "
        "logit from the shifted z = x - max too."),
            gives=lambda ref, logits, targets: ref.cross_entropy(logits, targets)
            - np.mean(np.max(np.asarray(logits, np.float64), axis=1))),
    mistake("cross_entropy", "log-sum-exp without the max shift: exp() overflows", fix=SHIFT,
            gives=lambda ref, logits, targets: _reduce(_log_softmax(logits, shift=False), targets)),
    mistake("cross_entropy", "log(softmax(x)): -inf where a probability underflows", fix=LOG_SOFTMAX,
            gives=lambda ref, logits, targets: _reduce(np.log(_softmax(logits)), targets)),
    *[mistake("cross_entropy", f"an epsilon inside the log (log(p + {eps:g}))", fix=(
        "cross_entropy(): no epsilon inside the log: log(p + eps) changes every term. Compute log-softmax "
        "directly, z - log(sum(exp(z))) with z = x - max: it is exact and finite."),
              gives=lambda ref, logits, targets, eps=eps: _reduce(np.log(_softmax(logits) + eps), targets))
      for eps in EPSILONS],
    mistake("binary_cross_entropy", "binary cross-entropy SUMMED over the entries instead of averaged",
            fix=BCE_MEAN, gives=lambda ref, probs, targets: np.size(probs) * ref.binary_cross_entropy(probs, targets)),
    mistake("binary_cross_entropy", "summed over the last axis, then averaged over the rows", fix=BCE_MEAN,
            gives=lambda ref, probs, targets: np.shape(probs)[-1] * ref.binary_cross_entropy(probs, targets)),
    mistake("binary_cross_entropy", "logs not clamped: log(0) = -inf gives an infinite or NaN loss", fix=CLAMP,
            gives=lambda ref, probs, targets: np.mean(_bce_terms(probs, targets))),
    mistake("binary_cross_entropy", "np.nan_to_num hides the infinite loss (inf becomes 1.8e308)", fix=NAN_TO_NUM,
            gives=lambda ref, probs, targets: np.mean(np.nan_to_num(_bce_terms(probs, targets)))),
    mistake("binary_cross_entropy", "each entry's total loss capped at 100 instead of clamping each log",
            fix=CLAMP_EACH, gives=lambda ref, probs, targets: np.mean(np.minimum(
                np.nan_to_num(_bce_terms(probs, targets), nan=0.0, posinf=np.inf), 100.0))),
    *[mistake("binary_cross_entropy", f"p clipped to [{eps:g}, 1 - {eps:g}] instead of clamping the log at -100",
              fix=CLAMP_LOG, gives=lambda ref, probs, targets, eps=eps: ref.binary_cross_entropy(
                  np.clip(np.asarray(probs, np.float64), eps, 1 - eps), targets))
      for eps in EPSILONS],
    *[mistake("binary_cross_entropy", f"an epsilon inside the log (log(p + {eps:g})) instead of a clamp at -100",
              fix=EPS_LOG, gives=lambda ref, probs, targets, eps=eps: np.mean(
                  _bce_terms(probs, targets, log=lambda v: np.log(v + eps))))
      for eps in EPSILONS],
]





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
    case("one example, integer target", logits=a([1.0, 2.0, 3.0]), targets=np.array([2]), hint=RANDOM),
    case("confident predictions cost 1.5e-8, not 0", logits=a([18.0, 0.0], [-1.0, 17.0]), targets=np.array([0, 1]),
         hint=PRECISION),
    case("the mean over the batch, not the sum", logits=a([1.0, 2.0, 3.0], [0.5, 0.5, 0.5], [2.0, -1.0, 0.0]),
         targets=np.array([2, 0, 1]), hint=MEAN),
    case("each row picks its own target", logits=a([1.0, 2.0, 3.0, 4.0], [4.0, 0.0, 1.0, 1.0]),
         targets=np.array([3, 0]), hint=PICK),
    case("softmax over the classes of each row, not over the batch",
         logits=a([2.0, 0.0], [0.0, 1.0], [-1.0, 3.0]), targets=np.array([0, 1, 1]), hint=AXIS),
    # Soft labels.
    case("soft labels: one example", logits=a([1.0, 2.0, 3.0]), targets=a([0.1, 0.2, 0.7]), hint=MEAN_SOFT),
    case("one-hot soft labels give the integer-target loss", logits=a([1.0, 2.0, 3.0], [4.0, 0.0, 1.0]),
         targets=a([0.0, 0.0, 1.0], [1.0, 0.0, 0.0]), hint=MEAN_SOFT),
    case("soft labels: the mean over N, not over N * C",
         logits=a([1.0, 2.0, 3.0], [0.0, -1.0, 2.0]), targets=a([0.2, 0.3, 0.5], [0.6, 0.2, 0.2]), hint=MEAN_SOFT),
    case("soft labels: a one-hot integer [N, C] array is soft labels", logits=a([1.0, 2.0, 3.0], [4.0, 0.0, 1.0]),
         targets=np.array([[0, 1, 0], [0, 0, 1]]), hint=NDIM),
    *generated("random integer targets n={size}", random_hard, sizes=[1, 7, 60], seeds=range(3), hint=RANDOM),
    *generated("random soft labels n={size}", random_soft, sizes=[1, 6, 50], seeds=range(3), hint=MEAN_SOFT),
    # Edge cases: extreme logits, degenerate shapes, ties.
    case("logits as large as 1e4", logits=a([1e4, 1e4 - 1, 1e4 - 5], [1e4, -1e4, 0.0]),
         targets=np.array([1, 0]), hint=SHIFT, layer="edge"),
    case("the target's probability underflows: loss 1000, not inf", logits=a([-1000.0, 0.0]),
         targets=np.array([0]), hint=LOG_SOFTMAX, layer="edge"),
    case("rows on very different scales", logits=a([1e4, 1e4 - 2.0], [0.0, 1.0]), targets=np.array([1, 0]),
         hint=SHIFT_ROW, layer="edge"),
    case("logits as negative as -1e4", logits=a([-1e4, -1e4 - 2, -1e4 - 3]), targets=np.array([1]),
         hint=SHIFT_LOW, layer="edge"),
    case("soft labels with logits as large as 1e4", logits=a([1e4, 1e4 - 1, 1e4 - 3], [1e4 - 2, 1e4, 1e4]),
         targets=a([0.5, 0.5, 0.0], [0.1, 0.25, 0.65]), hint=SHIFT, layer="edge"),
    case("soft labels: a zero target on an underflowing class adds 0, not NaN",
         logits=a([-1000.0, 0.0, -1.0]), targets=a([0.0, 0.5, 0.5]), hint=LOG_SOFTMAX, layer="edge"),
    case("a single class costs 0", logits=a([3.0], [-2.0]), targets=np.array([0, 0]), layer="edge",
         hint="cross_entropy(): with one class its probability is 1 and the loss 0 (log-softmax of a "
              "single logit is 0)."),
    case("equal logits cost log(C)", logits=np.full((2, 4), 0.25), targets=np.array([3, 1]), layer="edge",
         hint="cross_entropy(): equal logits give every class probability 1/C, so the loss is log(C)."),
    # Polish: dtypes.
    case("int32 targets", logits=a([0.5, 1.5, -0.5], [1.0, 2.0, 3.0]), targets=np.array([0, 2], dtype=np.int32),
         layer="polish", hint="cross_entropy(): int32 class indices index like int64 ones."),
    case("integer logits", logits=np.array([[1, 2, 0], [3, 0, 0]]), targets=np.array([0, 1]), hint=INT_LOGITS,
         layer="polish"),
    case("float32 logits", logits=a([0.5, -1.25, 3.0], [2.0, 2.0, -7.0], dtype=np.float32), targets=np.array([2, 1]),
         layer="polish", hint=RANDOM),
    case("float32 logits of 1e4", logits=a([1e4, 9990.0, 0.0], [0.0, 1e4, -1e4], dtype=np.float32),
         targets=np.array([1, 1]), hint=SHIFT, layer="polish"),
    case("soft labels in float32", logits=a([0.5, -1.0, 2.0], [1.0, 1.0, 0.0], dtype=np.float32),
         targets=a([0.25, 0.25, 0.5], [0.0, 1.0, 0.0], dtype=np.float32), hint=MEAN_SOFT, layer="polish"),
    *generated("random float32, integer targets n={size}", lambda rng, n: random_hard(rng, n, np.float32),
               sizes=[40], seeds=range(2), hint=RANDOM, layer="polish"),
    *generated("random float32 soft labels n={size}", lambda rng, n: random_soft(rng, n, np.float32),
               sizes=[30], seeds=range(2), hint=MEAN_SOFT, layer="polish"),
]


def random_bce(rng, n, dtype=np.float64, soft=False, exact=True):
    shape = (n,) if rng.random() < 0.5 else (n, int(rng.integers(1, 5)))
    probs = rng.random(shape)
    if exact:
        edge = rng.random(shape)
        probs[edge < 0.1] = 0.0  # exact 0s and 1s: the clamp matters
        probs[edge > 0.9] = 1.0
    else:
        probs = 0.01 + 0.98 * probs  # away from 0 and 1
    targets = rng.random(shape) if soft else (rng.random(shape) < 0.5).astype(np.float64)
    return {"probs": probs.astype(dtype), "targets": targets.astype(dtype)}


BCE_CASES = [
    case("mean over the entries", probs=a(0.9, 0.2, 0.6), targets=a(1.0, 0.0, 1.0), hint=BCE_MEAN),
    case("2-D input: the mean over every entry", probs=a([0.1, 0.8, 0.5], [0.7, 0.3, 0.95]),
         targets=a([0.0, 1.0, 1.0], [1.0, 0.0, 1.0]), hint=BCE_MEAN),
    case("a single entry", probs=a(0.25), targets=a(1.0), hint=BCE_MEAN),
    *generated("random 0/1 targets, p away from 0 and 1, n={size}", lambda rng, n: random_bce(rng, n, exact=False),
               sizes=[3, 10, 100], seeds=range(2), hint=BCE_MEAN),
    *generated("random soft targets, p away from 0 and 1, n={size}",
               lambda rng, n: random_bce(rng, n, soft=True, exact=False), sizes=[3, 10, 100], seeds=range(2),
               hint=BCE_MEAN),
    # Edge cases: probabilities of exactly 0 and 1.
    case("p = 1 with y = 1 and p = 0 with y = 0 cost 0, not NaN", probs=a(1.0, 0.0), targets=a(1.0, 0.0),
         hint=CLAMP, layer="edge"),
    case("p = 0 with y = 1 costs 100: each log is clamped at -100", probs=a(0.0, 0.5), targets=a(1.0, 1.0),
         hint=CLAMP, layer="edge"),
    case("p = 1 with y = 0 costs 100", probs=a(1.0), targets=a(0.0), hint=CLAMP, layer="edge"),
    case("a tiny p is clamped too: log(1e-60) = -138 becomes -100", probs=a(1e-60, 0.3), targets=a(1.0, 1.0),
         hint=CLAMP_LOG, layer="edge"),
    case("soft targets: each log is clamped before the weighting", probs=a(0.0, 1.0, 0.5),
         targets=a(0.3, 0.25, 0.5), hint=CLAMP_EACH, layer="edge"),
    *generated("random 0/1 targets with exact 0s and 1s, n={size}", random_bce, sizes=[3, 10, 100],
               seeds=range(3), hint=CLAMP, layer="edge"),
    *generated("random soft targets with exact 0s and 1s, n={size}",
               lambda rng, n: random_bce(rng, n, soft=True), sizes=[3, 10, 100], seeds=range(3), hint=CLAMP_EACH,
               layer="edge"),
    # Polish: dtypes.
    case("integer 0/1 targets", probs=a(0.9, 0.2, 0.6, 0.0), targets=np.array([1, 0, 1, 0]), hint=INT_TARGETS,
         layer="polish"),
    case("float32 input", probs=a(0.9, 0.2, 0.6, 0.01, dtype=np.float32), targets=a(1.0, 0.0, 0.5, 1.0, dtype=np.float32),
         hint=BCE_MEAN, layer="polish"),
    case("float32 with p = 0 and p = 1", probs=a(0.0, 1.0, 0.0, 1.0, dtype=np.float32),
         targets=a(1.0, 0.0, 0.0, 1.0, dtype=np.float32), hint=CLAMP, layer="polish"),
    *generated("random float32, n={size}", lambda rng, n: random_bce(rng, n, np.float32, soft=True), sizes=[50],
               seeds=range(2), hint=CLAMP_EACH, layer="polish"),
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
