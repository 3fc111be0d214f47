"""Graded tests for the logistic_regression kata. Run: pytest katas/logistic_regression   (-x stops at the first failure).

sigmoid and loss_and_grad are called under np.errstate(over="raise"): an exp() that overflows raises
FloatingPointError instead of warning. loss_and_grad is graded in two passes: the loss alone on every
case first; then the gradients (a known mistake is named first, then dw and db against a numerical
gradient of YOUR loss, then against the reference). fit is graded along its trajectory: fit(...,
steps=k) for k = 0, 1, 2, ..., all k in one call of your code, and the first k that differs is
graded again on its own, with the full message.
"""
from __future__ import annotations

import copy

import numpy as np
import pytest

from sensei import Case, Close, Exact, Ignore, Outputs, Scalar, case, crash, generated, mistake
from sensei.compare import computed_from
from sensei.data import a
from sensei.gradcheck import rel_error
from sensei.grader import Later
from sensei.mistakes import matching

OVER = {"over": "raise"}  # the statement's promise: no exp() may overflow in sigmoid or loss_and_grad

# -- hints -----------------------------------------------------------------------------------
SIGMOID = "sigmoid(): 1 / (1 + e^-z) elementwise, keeping z's shape."
STABLE = ("sigmoid(): e^-z overflows for z << 0 (exp(710) is inf already), e^z for z >> 0. Use only e = "
          "exp(-|z|), which is <= 1: 1 / (1 + e) where z >= 0 and e / (1 + e) where z < 0.")
WHERE = ("sigmoid(): np.where(cond, A, B) computes A and B on EVERY element before choosing, so exp(-z) still "
         "overflows where z << 0 even though that branch is not picked. Make both branches safe everywhere: "
         "build them from e = exp(-|z|).")
FLOAT32_EXP = ("sigmoid(): in float32, exp() overflows above 88, not 709: the same exp(-|z|) trick keeps "
               "every exp() <= 1.")
INT_INPUT = "{fn}(): integer input gives float64 output: convert it with astype(np.float64) first."
DEFINITION = ("loss_and_grad(): with z = X @ w + b, loss = mean(log(1 + e^z) - y * z) + (l2 / 2) * sum(w * w), "
              "dw = X.T @ (sigmoid(z) - y) / N + l2 * w, db = mean(sigmoid(z) - y).")
MEAN = "loss_and_grad(): the loss is the MEAN over the N examples, so dw and db are divided by N too."
L2 = ("loss_and_grad(): the penalty is (l2 / 2) * sum(w * w), added once (not per example, not divided by N); "
      "its gradient is l2 * w.")
L2_BIAS = ("loss_and_grad(): the bias is never regularised: the penalty (l2 / 2) * sum(w * w) is on w only, so db "
           "gets no l2 term.")
SHAPE = ("loss_and_grad(): dw has w's shape [D]: X is [N, D] and sigmoid(z) - y is [N], so dw = X.T @ (sigmoid(z) "
         "- y) / N.")
START = ("loss_and_grad(): at w = 0, b = 0 every p is 0.5: the loss is log(2) and dw = X.T @ (0.5 - y) / N.")
SOFT = ("loss_and_grad(): soft labels (y between 0 and 1) use the same formula, log(1 + e^z) - y * z. Mapping y to "
        "+-1 labels (2y - 1) is right for 0/1 labels only.")
LOGITS = ("loss_and_grad(): compute the loss from the logits: log(1 + e^z) - y * z, with log(1 + e^z) = "
          "np.logaddexp(0, z) or max(z, 0) + log1p(exp(-|z|)). Through p = sigmoid(z), log(p) is log(0) = -inf once p "
          "rounds to 0 or 1, and clipping p makes the loss finite but wrong.")
OVERFLOW = ("loss_and_grad(): no exp() may overflow: log(1 + exp(z)) overflows for z > 709 and 1 / (1 + exp(-z)) for "
            "z < -709. Use np.logaddexp(0, z) (or max(z, 0) + log1p(exp(-|z|))) and a stable sigmoid.")
CONFIDENT = ("loss_and_grad(): a confident right answer costs almost 0: through p, 1 - p is exactly 0 and "
             "0 * log(0) is NaN. Compute the loss from the logits, log(1 + e^z) - y * z.")
LABEL_DTYPE = ("loss_and_grad(): dw keeps X's float dtype: integer (or float64) labels make sigmoid(z) - y float64. "
               "Convert y to X's dtype first (y.astype(z.dtype)).")
BOOL = ("loss_and_grad(): bool labels are 0/1 labels: NumPy refuses -y and y - 1 on bools. Convert y to X's float "
        "dtype first.")
FLOAT32 = ("loss_and_grad(): float32 in, float32 out: dw has X's dtype. A helper made without dtype= (np.zeros(D)) or "
           "a NumPy float64 scalar upcasts it.")
FIT = ("fit(): start from w = 0 (X's float dtype), b = 0.0; at each step, one loss_and_grad(w, b, X, y, l2) at the "
       "current (w, b), then w = w - lr * dw and b = b - lr * db.")
FIT_START = ("fit(): steps = 0 takes no step: return the start, w = np.zeros(D) in X's float dtype and b = 0.0. Start "
             "from zeros, never from random values.")
FIT_FIRST = ("fit(): the first step from w = 0, b = 0 is w = -lr * dw, b = -lr * db with dw, db from loss_and_grad at "
             "the zeros.")
FIT_DTYPE = ("fit(): w keeps X's float dtype (float32 in, float32 out): start from np.zeros(D, dtype=X.dtype), and keep "
             "b a Python float (float(db)): a NumPy float64 b upcasts X @ w + b, and with it dw.")
PROBA = "predict_proba(): sigmoid(X @ w + b), one probability per row of X: [N]."
PREDICT = "predict(): 1 where X @ w + b > 0, else 0, as an int64 array [N]."
HALF = ("predict(): a logit of exactly 0 (p = 0.5) predicts 0: the rule is z > 0 (or p > 0.5), not z >= 0, as "
        "scikit-learn's decision_function > 0.")
PREDICT_DTYPE = ("predict(): labels are np.int64: (z > 0) is a bool array; convert it with .astype(np.int64).")


# -- specs -----------------------------------------------------------------------------------
def peak_logit(w, b, X) -> float:
    """The largest |z| of a case (0 for invalid shapes, which are graded by the error raised)."""
    try:
        with np.errstate(all="ignore"):
            z = np.asarray(X, np.float64) @ np.asarray(w, np.float64) + float(b)
    except ValueError:
        return 0.0
    return float(np.max(np.abs(z), initial=0.0))


def loss_spec(c: Case, grads: bool = True) -> Outputs:
    """Round-off in log(1 + e^z) - y z grows with the logits: an absolute tolerance that grows with them."""
    peak = peak_logit(c.args["w"], c.args["b"], c.args["X"])
    loss = Scalar(rtol=1e-7, atol=max(1e-9, 1e-14 * peak), rtol32=1e-4, atol32=max(1e-5, 1e-6 * peak))
    if not grads:
        return Outputs(loss=loss, dw=Ignore(), db=Ignore())
    return Outputs(loss=loss, dw=Close(rtol=1e-6, atol=1e-8, shape_hint=SHAPE), db=Scalar(rtol=1e-6, atol=1e-8))


SIGMOID_SPEC = Close(rtol=1e-7, atol=1e-12)
FIT_SPEC = Outputs(w=Close(rtol=1e-6, atol=1e-9, shape_hint="fit(): w has one weight per column of X: [D]."),
                   b=Scalar(rtol=1e-6, atol=1e-9))


class Labels(Exact):
    """Exact(), with predict()'s own dtype hint; written here, not in sensei/."""

    def problem(self, got, expected):
        problem = super().problem(got, expected)
        if problem is not None and problem.summary.startswith("wrong dtype"):
            problem.hint = PREDICT_DTYPE
        return problem


# -- known mistakes: what each gives on a case's arguments (our code; never shown) ---------------
def _sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def _out_dtype(w, X):
    dtype = np.result_type(np.asarray(X).dtype, np.asarray(w).dtype)
    return dtype if dtype.kind == "f" else np.dtype(np.float64)


def _lg(w, b, X, y, l2=0.0, *, through_p=False, nan_to_num=False, clip_p=0.0, clip_z=0.0, summed=False, grad_summed=False,
        db_summed=False, l2_loss=0.5, l2_grad=1.0, l2_bias=False, l2_over_n=False, ascent=False, pm1=False):
    """A float64 loss_and_grad with one knob per classic mistake."""
    w64, X64, y64 = np.asarray(w, np.float64), np.asarray(X, np.float64), np.asarray(y, np.float64)
    n = len(X64)
    z = X64 @ w64 + float(b)
    if clip_z:
        z = np.clip(z, -clip_z, clip_z)
    p = _sigmoid(z)
    if through_p or clip_p:
        q = np.clip(p, clip_p, 1 - clip_p) if clip_p else p
        terms = -(y64 * np.log(q) + (1 - y64) * np.log(1 - q))
        terms = np.nan_to_num(terms) if nan_to_num else terms
    elif pm1:
        terms = np.logaddexp(0, -(2 * y64 - 1) * z)
    else:
        terms = np.logaddexp(0, z) - y64 * z
    if pm1:
        s = 2 * y64 - 1
        r = -s * _sigmoid(-s * z)
    else:
        r = p - y64
    if ascent:
        r = -r
    per = n if l2_over_n else 1
    loss = (np.sum(terms) if summed else np.mean(terms)) + l2_loss * l2 * np.dot(w64, w64) / per
    dw = X64.T @ r / (1 if summed or grad_summed else n) + l2_grad * l2 * w64 / per
    db = np.sum(r) if summed or grad_summed or db_summed else np.mean(r)
    if l2_bias:
        loss += l2_loss * l2 * float(b) ** 2
        db += l2_grad * l2 * float(b)
    return float(loss), dw.astype(_out_dtype(w, X)), float(db)


def _knob(name, fix, **knobs):
    return mistake("loss_and_grad", name, fix=fix,
                   gives=lambda ref, w, b, X, y, l2=0.0: _lg(w, b, X, y, l2, **knobs))


def _fit(ref, X, y, lr, steps, l2=0.0, *, order="together", sign=1.0, use_l2=True):
    """fit with one knob per classic mistake, on the reference's loss_and_grad."""
    X = np.asarray(X)
    w = np.zeros(X.shape[1], X.dtype if X.dtype.kind == "f" else np.float64)
    b = 0.0
    l2 = l2 if use_l2 else 0.0
    for _ in range(steps):
        _, dw, db = ref.loss_and_grad(w, b, X, y, l2)
        if order == "w_first":  # db taken at the updated w
            w = w - sign * lr * dw
            b = b - sign * lr * ref.loss_and_grad(w, b, X, y, l2)[2]
        elif order == "b_first":  # dw taken at the updated b
            b = b - sign * lr * db
            w = w - sign * lr * ref.loss_and_grad(w, b, X, y, l2)[1]
        else:
            w, b = w - sign * lr * dw, b - sign * lr * db
    return w, b


def _steps_off(by):
    def gives(ref, X, y, lr, steps, l2=0.0):
        if steps + by < 0:
            raise ValueError("no such run")
        return ref.fit(X, y, lr, steps + by, l2)
    return gives


def _l2_ignored(ref, X, y, lr, steps, l2=0.0):
    if not l2:
        raise ValueError("nothing to ignore")
    return ref.fit(X, y, lr, steps, 0.0)


EPSILONS = [10.0 ** -k for k in range(3, 17)]
BOUNDS = [10, 15, 20, 30, 35, 50, 88, 100, 250, 500, 700, 709]
OVERFLOW_NAME = ("an exp() overflowed: 1 / (1 + exp(-z)) for z << 0, or exp(z) for z >> 0 (np.where computes both "
                 "branches)")
MISTAKES = [
    crash("sigmoid", OVERFLOW_NAME, fix=STABLE + " (np.where computes both of its branches on every element.)",
          raised="overflow encountered"),
    mistake("sigmoid", "sigmoid(-z): the probability of class 0",
            fix="sigmoid(): 1 / (1 + e^-z) is near 1 for z >> 0 and near 0 for z << 0.",
            gives=lambda ref, z: ref.sigmoid(-np.asarray(z))),
    crash("loss_and_grad", "an exp() overflowed: log(1 + exp(z)) for z >> 0, or a sigmoid built on exp(-z)",
          fix=OVERFLOW, raised="overflow encountered"),
    crash("loss_and_grad", "-y (or y - 1) on bool labels", fix=BOOL, raised="numpy boolean"),
    crash("loss_and_grad", "X @ (p - y) instead of X.T @ (p - y)", fix=SHAPE, raised="mismatch in its core dimension"),
    _knob("the loss through the probabilities, log(sigmoid(z)): inf (or NaN) where p rounds to 0 or 1", LOGITS,
          through_p=True),
    _knob("np.nan_to_num hides the loss through the probabilities (inf becomes 1.8e308)", LOGITS.replace(
        "Through p", "np.nan_to_num turns the inf into 1.8e308 instead of fixing it: through p"), through_p=True,
          nan_to_num=True),
    *[_knob(f"p clipped to [{eps:g}, 1 - {eps:g}] before the log", LOGITS.replace(
        "finite but wrong.", f"finite but wrong: clipped at {eps:g}, a logit of -1000 on y = 1 costs "
        f"{-np.log(eps):.4g} instead of 1000."), clip_p=eps) for eps in EPSILONS],
    *[_knob(f"the logits clipped to [-{c}, {c}]", "loss_and_grad(): do not clip z: a logit of -1000 on y = 1 really "
            f"costs 1000, not {c}. log(1 + e^z) = np.logaddexp(0, z) is finite for every z without clipping.",
            clip_z=c) for c in BOUNDS],
    _knob("the loss and its gradients SUMMED over the N examples instead of averaged", MEAN, summed=True),
    _knob("dw and db not divided by N (the loss is a mean)", MEAN, grad_summed=True),
    _knob("db not divided by N (dw is)", "loss_and_grad(): db is the MEAN of sigmoid(z) - y, divided by N like dw.",
          db_summed=True),
    _knob("the bias regularised too: (l2 / 2) * b^2 in the loss, l2 * b in db", L2_BIAS, l2_bias=True),
    _knob("the penalty l2 * ||w||^2, without the 1/2 (gradient 2 * l2 * w)", L2, l2_loss=1.0, l2_grad=2.0),
    _knob("the penalty's gradient 2 * l2 * w, while the loss has (l2 / 2) * ||w||^2",
          "loss_and_grad(): d/dw of (l2 / 2) * sum(w * w) is l2 * w: the 1/2 cancels the square's 2.", l2_grad=2.0),
    _knob("the penalty's gradient l2 * w missing from dw",
          "loss_and_grad(): the penalty (l2 / 2) * sum(w * w) is part of the loss: add its gradient l2 * w to dw.",
          l2_grad=0.0),
    _knob("the penalty divided by N with the data loss", L2, l2_over_n=True),
    _knob("the gradient of the log-likelihood, y - sigmoid(z), instead of the loss's sigmoid(z) - y",
          "loss_and_grad(): the loss is the NEGATIVE log-likelihood: its gradient on z is sigmoid(z) - y (y - p would "
          "make gradient descent climb).", ascent=True),
    _knob("labels mapped to -1/+1 (2y - 1): log(1 + e^(-s z)) is wrong for soft labels", SOFT, pm1=True),
    mistake("fit", "w updated before db is computed (db taken at the new w)",
            fix="fit(): one loss_and_grad per step, at the current (w, b); update w AND b from that one evaluation "
                "(w, b = w - lr * dw, b - lr * db).",
            gives=lambda ref, X, y, lr, steps, l2=0.0: _fit(ref, X, y, lr, steps, l2, order="w_first")),
    mistake("fit", "b updated before dw is computed (dw taken at the new b)",
            fix="fit(): one loss_and_grad per step, at the current (w, b); update w AND b from that one evaluation.",
            gives=lambda ref, X, y, lr, steps, l2=0.0: _fit(ref, X, y, lr, steps, l2, order="b_first")),
    mistake("fit", "gradient ASCENT: w + lr * dw", fix="fit(): step against the gradient: w = w - lr * dw, "
            "b = b - lr * db (the loss must go down).",
            gives=lambda ref, X, y, lr, steps, l2=0.0: _fit(ref, X, y, lr, steps, l2, sign=-1.0)),
    mistake("fit", "one step too many", fix="fit(): exactly `steps` updates: for _ in range(steps).",
            gives=_steps_off(1)),
    mistake("fit", "one step too few", fix="fit(): exactly `steps` updates: for _ in range(steps).",
            gives=_steps_off(-1)),
    mistake("fit", "l2 not passed on to loss_and_grad", fix="fit(): pass l2 to every loss_and_grad(w, b, X, y, l2).",
            gives=_l2_ignored),
    crash("predict_proba", "w @ X instead of X @ w", fix="predict_proba(): z = X @ w + b: [N, D] @ [D] = [N].",
          raised="mismatch in its core dimension"),
    mistake("predict_proba", "two columns [1 - p, p], as scikit-learn's predict_proba",
            fix="predict_proba(): return one probability per row, that of class 1: [N], not [N, 2].",
            gives=lambda ref, w, b, X: np.stack([1 - ref.predict_proba(w, b, X), ref.predict_proba(w, b, X)], 1)),
    mistake("predict_proba", "the probability of class 0 (1 - p)", fix=PROBA,
            gives=lambda ref, w, b, X: 1 - ref.predict_proba(w, b, X)),
    crash("predict", "w @ X instead of X @ w", fix="predict(): z = X @ w + b: [N, D] @ [D] = [N].",
          raised="mismatch in its core dimension"),
    mistake("predict", "a logit of exactly 0 (p = 0.5) predicts 1: >= instead of >", fix=HALF,
            gives=lambda ref, w, b, X: (np.asarray(X) @ np.asarray(w) + b >= 0).astype(np.int64)),
    mistake("predict", "labels -1/+1 instead of 0/1", fix="predict(): the labels are 0 and 1 (as y), not -1 and +1.",
            gives=lambda ref, w, b, X: 2 * ref.predict(w, b, X) - 1),
]


# -- sigmoid ---------------------------------------------------------------------------------
SIGMOID_CASES = [
    case("a few values", z=a(-2.0, -0.5, 0.0, 0.5, 2.0), hint=SIGMOID),
    case("a 2-D array keeps its shape", z=a([1.0, -3.0, 0.25], [4.0, -0.75, 0.0]), hint=SIGMOID),
    case("a 3-D array keeps its shape", z=np.linspace(-6, 6, 24).reshape(2, 3, 4), hint=SIGMOID),
    *generated("random values n={size}", lambda rng, n: {"z": rng.standard_normal(n) * 8}, sizes=[5, 100],
               seeds=range(2), hint=SIGMOID),
    # Edge cases: logits far from 0 (graded under np.errstate(over="raise")).
    case("z as negative as -1e4 gives 0, without overflow", z=a(-1e4, -800.0, -710.0, -40.0), hint=STABLE,
         layer="edge"),
    case("z as large as 1e4 gives 1, not NaN", z=a(40.0, 710.0, 800.0, 1e4), hint=STABLE, layer="edge"),
    case("both signs at once: np.where computes both branches", z=a(-1e4, -1.0, 0.0, 1.0, 1e4), hint=WHERE,
         layer="edge"),
    case("z = +-1e300", z=a(-1e300, 1e300), hint=STABLE, layer="edge"),
    case("an empty array", z=np.zeros(0), hint=SIGMOID, layer="edge"),
    # Polish: dtypes.
    case("float32 stays float32", z=a(-3.0, 0.0, 2.5, dtype=np.float32), hint=SIGMOID, layer="polish"),
    case("float32 z of +-100: exp() overflows float32 above 88", z=a(-100.0, -89.0, 89.0, 100.0, dtype=np.float32),
         hint=FLOAT32_EXP, layer="polish"),
    case("integer z gives float64", z=np.array([-1000, -2, 0, 3, 1000]), hint=INT_INPUT.format(fn="sigmoid"),
         layer="polish"),
]


def check_stable(kata, name: str, c: Case, spec, **opts):
    """kata.check, with the call made under np.errstate(over="raise") (a local helper: check takes no errstate)."""
    if c.raises is not None:
        return kata.check(name, c, spec)
    want = Later(kata.expected, name, c)
    got = kata.call(name, c, errstate=OVER, meanwhile=want, **opts)
    kata.judge(name, c, got, want.result(), spec)
    return got


@pytest.mark.parametrize("case", SIGMOID_CASES, ids=str)
def test_sigmoid(kata, case):
    check_stable(kata, "sigmoid", case, SIGMOID_SPEC)


# -- loss_and_grad ---------------------------------------------------------------------------
def problem(rng, n, dtype=np.float64, soft=False, scale=1.0):
    """N != D (a transposed product shows), b != 0 and l2 > 0 in most (a regularised bias shows)."""
    d = int(rng.integers(2, 6))
    d += d == n
    y = rng.random(n) if soft else (rng.random(n) < 0.5).astype(np.int64)
    return {"w": (rng.standard_normal(d) * scale).astype(dtype), "b": float(np.round(rng.normal(), 3)),
            "X": rng.standard_normal((n, d)).astype(dtype), "y": y.astype(dtype) if soft else y,
            "l2": float(rng.choice([0.0, 0.1, 0.5]))}


EXAMPLE = {"w": a(0.5, -0.5), "b": 0.0, "X": a([2.0, 0.0], [0.0, 2.0]), "y": np.array([1, 0])}
LOSS_CASES = [
    case("the worked example", **EXAMPLE, l2=0.0, hint=DEFINITION),
    case("the worked example with l2 = 0.1", **EXAMPLE, l2=0.1, hint=L2),
    case("w = 0, b = 0 (where fit starts): the loss is log 2", w=np.zeros(3), b=0.0,
         X=a([1.0, 2.0, 0.5], [-1.0, 0.0, 3.0], [2.0, -1.0, 1.0], [0.5, 0.5, -2.0]), y=np.array([1, 0, 0, 1]),
         l2=0.0, hint=START),
    case("the mean over N examples", w=a(0.3, -1.2), b=0.4, X=a([1.0, 0.5], [-2.0, 1.0], [0.0, -1.5], [3.0, 2.0]),
         y=np.array([1, 0, 1, 1]), l2=0.0, hint=MEAN),
    case("the bias is not regularised", w=a(0.8, -0.6, 0.2), b=1.5, X=a([1.0, 0.0, -1.0], [0.5, 2.0, 1.0]),
         y=np.array([0, 1]), l2=0.5, hint=L2_BIAS),
    case("the penalty alone: X = 0", w=a(1.0, -2.0, 0.5), b=-0.25, X=np.zeros((3, 3)), y=np.array([1, 0, 1]),
         l2=0.2, hint=L2),
    case("shapes: N = 5, D = 3", w=a(0.1, -0.2, 0.3), b=0.05, X=np.linspace(-2, 2, 15).reshape(5, 3),
         y=np.array([0, 1, 1, 0, 1]), l2=0.1, hint=SHAPE),
    case("soft labels", w=a(0.7, -0.4), b=0.2, X=a([1.0, 2.0], [-1.0, 0.5], [0.3, -2.0]), y=a(0.2, 0.7, 0.5),
         l2=0.1, hint=SOFT),
    *generated("random 0/1 labels n={size}", problem, sizes=[1, 6, 40], seeds=range(3), hint=DEFINITION),
    *generated("random soft labels n={size}", lambda rng, n: problem(rng, n, soft=True), sizes=[5, 30],
               seeds=range(2), hint=SOFT),
    # Edge cases: logits far from 0 (graded under np.errstate(over="raise")).
    case("a logit of 1000 on y = 0 costs 1000, not inf", w=a(1000.0), b=0.0, X=a([1.0]), y=np.array([0]), l2=0.0,
         hint=LOGITS, layer="edge"),
    case("a logit of -1000 on y = 1 costs 1000, not inf and not 34.5", w=a(-1000.0), b=0.0, X=a([1.0]),
         y=np.array([1]), l2=0.0, hint=LOGITS, layer="edge"),
    case("confident right answers cost 0, not NaN", w=a(40.0, 1000.0), b=0.0, X=a([1.0, 0.0], [-1.0, 0.0],
         [0.0, 1.0], [0.0, -1.0]), y=np.array([1, 0, 1, 0]), l2=0.0, hint=CONFIDENT, layer="edge"),
    case("logits of +-1e4, two right and two wrong", w=a(1.0, 1.0), b=0.0,
         X=a([1e4, 0.0], [-1e4, 0.0], [0.0, 1e4], [0.0, -1e4]), y=np.array([1, 0, 0, 1]), l2=0.0, hint=OVERFLOW,
         layer="edge"),
    case("soft labels with logits of 1e4", w=a(1e4), b=-5.0, X=a([1.0], [-1.0], [0.5]), y=a(0.3, 0.9, 0.5),
         l2=0.0, hint=SOFT + " " + OVERFLOW.replace("loss_and_grad(): ", ""), layer="edge"),
    *generated("random, logits in the hundreds, n={size}", lambda rng, n: problem(rng, n, scale=200.0),
               sizes=[8], seeds=range(2), hint=OVERFLOW, layer="edge"),
    # Polish: dtypes, the default l2, invalid input.
    case("float32 in, float32 out", w=a(0.5, -0.25, 1.0, dtype=np.float32), b=0.5,
         X=a([1.0, 2.0, -1.0], [0.0, -1.0, 2.0], dtype=np.float32), y=a(1.0, 0.0, dtype=np.float32), l2=0.1,
         hint=FLOAT32, layer="polish"),
    case("float32 X with integer labels: dw stays float32", w=a(0.5, -0.25, dtype=np.float32), b=0.0,
         X=a([1.0, 2.0], [0.0, -1.0], [2.0, 0.5], dtype=np.float32), y=np.array([1, 0, 1]), l2=0.0,
         hint=LABEL_DTYPE, layer="polish"),
    case("float32 logits of +-1e4", w=a(1.0, 1.0, dtype=np.float32), b=0.0,
         X=a([1e4, 0.0], [0.0, -1e4], [-100.0, 0.0], dtype=np.float32), y=np.array([1, 1, 0]), l2=0.0,
         hint=OVERFLOW, layer="polish"),
    case("bool labels", w=a(0.5, -1.0), b=0.1, X=a([1.0, 0.0], [0.5, 1.5], [-1.0, 2.0]),
         y=np.array([True, False, True]), l2=0.1, hint=BOOL, layer="polish"),
    case("integer X and w give float64", w=np.array([1, -2]), b=1.0, X=np.array([[1, 0], [2, 1], [0, -1]]),
         y=np.array([1, 0, 1]), l2=0.5, hint=INT_INPUT.format(fn="loss_and_grad"), layer="polish"),
    case("l2 defaults to 0", **EXAMPLE, layer="polish",
         hint="loss_and_grad(): l2 is optional: def loss_and_grad(w, b, X, y, l2=0.0)."),
    case("X not 2-D is invalid", w=a(0.5), b=0.0, X=a(1.0, 2.0), y=np.array([1, 0]), l2=0.0, raises=ValueError,
         hint="loss_and_grad(): X must be 2-D [N, D]: raise ValueError."),
    case("len(w) != D is invalid", w=a(0.5, 0.5, 0.5), b=0.0, X=a([1.0, 2.0], [0.0, 1.0]), y=np.array([1, 0]),
         l2=0.0, raises=ValueError, hint="loss_and_grad(): w needs one weight per column of X: raise ValueError."),
    case("len(y) != N is invalid", **{**EXAMPLE, "y": np.array([1, 0, 1])}, l2=0.0, raises=ValueError,
         hint="loss_and_grad(): y needs one label per row of X: raise ValueError."),
    case("N = 0 is invalid (the mean of nothing)", w=a(0.5, 0.5), b=0.0, X=np.zeros((0, 2)),
         y=np.zeros(0, np.int64), l2=0.0, raises=ValueError,
         hint="loss_and_grad(): no examples: the mean is undefined: raise ValueError."),
    case("l2 < 0 is invalid", **EXAMPLE, l2=-0.1, raises=ValueError,
         hint="loss_and_grad(): a negative l2 rewards large weights: raise ValueError."),
]


@pytest.mark.parametrize("case", LOSS_CASES, ids=str)
def test_loss(kata, case):
    """The loss alone, first: a wrong loss is named before any gradient check is made of it."""
    check_stable(kata, "loss_and_grad", case, loss_spec(case, grads=False))


def numerical_gradients(module, w, b, X, y, l2=0.0, h=1e-6):
    """Runs in the worker (a probe): centred differences of YOUR loss with respect to w and b."""
    fn = module.loss_and_grad

    def loss(w_, b_):
        with np.errstate(all="ignore"):
            return float(fn(w_, b_, X.copy(), y.copy(), l2)[0])

    w = np.asarray(w, np.float64)
    dw = np.zeros_like(w)
    for i in range(len(w)):
        step = np.zeros_like(w)
        step[i] = h
        dw[i] = (loss(w + step, b) - loss(w - step, b)) / (2 * h)
    return dw, (loss(w.copy(), b + h) - loss(w.copy(), b - h)) / (2 * h)


NUMERIC_TOL = 1e-6


def check_gradients(kata, c: Case):
    """sensei.gradcheck.check_loss_gradient, for a (loss, dw, db) triple (it grades (loss, grad) pairs)."""
    name, full = "loss_and_grad", loss_spec(c)
    want = Later(kata.expected, name, c)
    got = kata.call(name, c, parts=("loss", "dw", "db"), errstate=OVER, meanwhile=want)
    want = want.result()
    kata.compare(name, c, got, want, loss_spec(c, grads=False))  # the loss first: a wrong loss is the cause
    with computed_from(c.args):
        differs = full.problem(got, want) is not None
        named = differs and matching(kata.mistakes, name, kata.reference, c.args, got, want, full) is not None
    if named:
        kata.compare(name, c, got, want, full)
    w, X = c.args["w"], c.args["X"]
    # Gradients that match the reference's need no numerical check; others are checked against YOUR loss.
    usable = (differs and np.asarray(w).dtype == np.float64 and np.asarray(X).dtype == np.float64
              and peak_logit(w, c.args["b"], X) <= 100  # larger losses: round-off swamps h = 1e-6
              and np.shape(got[1]) == np.shape(w) and np.ndim(got[2]) == 0
              and np.isfinite(np.asarray(got[0], np.float64)).all())
    if usable:
        num_dw, num_db = kata.run(name, c, numerical_gradients, *c.args.values())
        mine = np.append(np.asarray(got[1], np.float64), float(np.asarray(got[2])))
        err = rel_error(mine, np.append(num_dw, num_db))
        if not err < NUMERIC_TOL:  # also catches NaN
            kata.fail(name, c, f"your gradients disagree with your own loss: relative error {err:.2e} against a "
                      f"numerical gradient of your loss (should be < {NUMERIC_TOL:g})",
                      details=[f"numerical dw: {np.array2string(num_dw, precision=8, separator=', ')}, "
                               f"numerical db: {num_db!r}",
                               f"your dw:      {np.array2string(np.asarray(got[1]), precision=8, separator=', ')}, "
                               f"your db:      {float(np.asarray(got[2]))!r}"],
                      hint=" ".join(x for x in (c.hint, "loss_and_grad(): differentiate the loss you return, term "
                                                "by term: the mean over N, then the penalty (l2 / 2) * sum(w * w) "
                                                "(w only).") if x))
    kata.judge(name, c, got, want, full)


@pytest.mark.parametrize("case", [c for c in LOSS_CASES if c.raises is None], ids=str)
def test_gradients(kata, case):
    check_gradients(kata, case)


# -- fit -------------------------------------------------------------------------------------
def dataset(rng, n, dtype=np.float64, lr=0.5, steps=25, l2=None, soft=False):
    """Labels from a noisy linear rule (not separable), N != D."""
    d = int(rng.integers(2, 5))
    d += d == n
    X = rng.standard_normal((n, d))
    z = X @ rng.standard_normal(d) + rng.normal() + rng.normal(0, 1.0, n)
    y = 1 / (1 + np.exp(-z)) if soft else (z > 0).astype(np.int64)
    return {"X": X.astype(dtype), "y": y.astype(dtype) if soft else y, "lr": lr, "steps": steps,
            "l2": float(rng.choice([0.0, 0.1])) if l2 is None else l2}


def trajectory_steps(steps: int) -> list[int]:
    """Every k up to 3 (where a wrong start, an update in the wrong order or a step too many shows), then
    the end (where small differences have added up)."""
    return sorted({*range(min(steps, 3) + 1), steps})


def fit_path(module, X, y, lr, ks, l2):
    """Runs in the worker (a probe): YOUR fit for every steps = k in ks, each call on fresh copies of X and y.
    Returns (output, whether the call changed X or y) per k; stops at the first error or changed input,
    which the call of its own that follows reports."""
    fn = getattr(module, "fit", None)
    records = []
    for k in ks if fn is not None else ():
        X_in, y_in = np.copy(X), np.copy(y)
        try:
            out = copy.deepcopy(fn(X_in, y_in, lr, k, l2))
        except BaseException:  # noqa: BLE001 - the call of its own reports it, with your lines
            return records
        touched = not (np.array_equal(X_in, X) and np.array_equal(y_in, y))
        records.append((out, touched))
        if touched:
            return records
    return records


def check_fit(kata, c: Case) -> None:
    """fit(..., steps=k) for each k of the trajectory: all in one worker call (`fit_path`); the first k the
    record cannot vouch for (a wrong value, an error, a changed input) is graded again by a call of its own."""
    if c.raises is not None or c.args.get("steps") is None:
        kata.check("fit", c, FIT_SPEC)
        return
    X, y, lr, steps, l2 = (c.args[k] for k in ("X", "y", "lr", "steps", "l2"))
    ks = trajectory_steps(steps)
    cases = [Case(f"{c.name}, after {k} of {steps} steps", {**c.args, "steps": k}, tier=c.tier,
                  hint={0: FIT_START, 1: FIT_FIRST}.get(k, FIT) if c.hint == FIT else c.hint)  # a case's own wins
             for k in ks]
    wants = Later(lambda: [kata.expected("fit", step) for step in cases])  # while the worker runs yours
    records = kata.run("fit", c, fit_path, X, y, lr, ks, l2, meanwhile=wants) or []
    for i, step in enumerate(cases):
        if i < len(records):
            got, touched = records[i]
            with computed_from(step.args):
                if not touched and FIT_SPEC.problem(got, wants.result()[i]) is None:
                    continue
        kata.check("fit", step, FIT_SPEC)


TOY = {"X": a([2.0, 0.0], [0.0, 2.0], [1.0, 1.0]), "y": np.array([1, 0, 1])}
FIT_CASES = [
    case("three points, lr = 0.5, 10 steps", **TOY, lr=0.5, steps=10, l2=0.0, hint=FIT),
    case("three points with l2 = 0.3", **TOY, lr=0.5, steps=10, l2=0.3, hint=FIT),
    *generated("random data n={size}", dataset, sizes=[10, 40], seeds=range(2), hint=FIT),
    *generated("random data n={size}, lr = 1, l2 = 0.1, 60 steps",
               lambda rng, n: dataset(rng, n, lr=1.0, steps=60, l2=0.1), sizes=[30], seeds=range(1), hint=FIT),
    # Edge cases.
    case("separable data: the weights keep growing", X=a([-2.0, 1.0], [-1.0, -1.0], [1.0, 0.5], [3.0, -1.0]),
         y=np.array([0, 0, 1, 1]), lr=1.0, steps=50, l2=0.0, hint=FIT, layer="edge"),
    case("one example", X=a([1.0, -2.0, 0.5]), y=np.array([1]), lr=0.3, steps=10, l2=0.0, hint=FIT, layer="edge"),
    *generated("soft labels n={size}", lambda rng, n: dataset(rng, n, soft=True), sizes=[20], seeds=range(1),
               hint=FIT + " Soft labels need nothing special.", layer="edge"),
    # Polish: dtypes, defaults, invalid input.
    *generated("float32 data with integer labels n={size}", lambda rng, n: dataset(rng, n, np.float32, l2=0.1),
               sizes=[20], seeds=range(1), hint=FIT_DTYPE, layer="polish"),
    case("integer X gives float64 w", X=np.array([[1, 2], [0, -1], [2, 1], [-1, 0]]), y=np.array([1, 0, 1, 0]),
         lr=0.2, steps=5, l2=0.0, hint=INT_INPUT.format(fn="fit"), layer="polish"),
    case("the defaults: lr = 0.1, steps = 100, l2 = 0", **TOY, layer="polish",
         hint="fit(): def fit(X, y, lr=0.1, steps=100, l2=0.0)."),
    case("steps < 0 is invalid", **TOY, lr=0.1, steps=-1, l2=0.0, raises=ValueError,
         hint="fit(): a negative number of steps is an error: raise ValueError (range(-1) would silently take none)."),
    case("lr = 0 is invalid", **TOY, lr=0.0, steps=5, l2=0.0, raises=ValueError,
         hint="fit(): the learning rate must be > 0: raise ValueError."),
    case("lr < 0 is invalid", **TOY, lr=-0.1, steps=5, l2=0.0, raises=ValueError,
         hint="fit(): a negative learning rate climbs the loss: raise ValueError."),
    case("l2 < 0 is invalid", **TOY, lr=0.1, steps=5, l2=-1.0, raises=ValueError,
         hint="fit(): a negative l2 is an error: raise ValueError."),
    case("len(y) != N is invalid, even with steps = 0", X=TOY["X"], y=np.array([1, 0]), lr=0.1, steps=0, l2=0.0,
         raises=ValueError, hint="fit(): check the inputs before the loop: with steps = 0 it never runs."),
    case("X not 2-D is invalid", X=a(1.0, 2.0, 3.0), y=np.array([1, 0, 1]), lr=0.1, steps=5, l2=0.0,
         raises=ValueError, hint="fit(): X must be 2-D [N, D]: raise ValueError."),
    case("N = 0 is invalid", X=np.zeros((0, 2)), y=np.zeros(0, np.int64), lr=0.1, steps=5, l2=0.0,
         raises=ValueError, hint="fit(): no examples: raise ValueError."),
]


@pytest.mark.parametrize("case", FIT_CASES, ids=str)
def test_fit(kata, case):
    check_fit(kata, case)


# -- predict_proba and predict ---------------------------------------------------------------
def model(rng, n, dtype=np.float64):
    """Logits kept at least 1e-3 from 0, so that round-off cannot flip a prediction."""
    d = int(rng.integers(1, 5))
    d += d == n
    X = rng.standard_normal((n, d)).astype(dtype)
    w = (rng.standard_normal(d) * 2).astype(dtype)
    z = X.astype(np.float64) @ w.astype(np.float64)
    b = float(np.round(rng.normal(), 2))
    while np.min(np.abs(z + b)) < 1e-3:
        b += 0.0123
    return {"w": w, "b": b, "X": X}


HALF_CASE = {"w": a(1.0, -1.0), "b": 0.5, "X": a([2.0, 2.5], [1.0, 0.5], [0.0, 0.5], [-3.0, -2.0], [1.0, 1.5])}
EXTREME = {"w": a(10.0, -10.0), "b": 0.0, "X": a([1000.0, 0.0], [0.0, 1000.0], [71.0, 0.0], [0.0, 71.0])}
PROBA_CASES = [
    case("the worked example", w=EXAMPLE["w"], b=0.0, X=EXAMPLE["X"], hint=PROBA),
    case("b is added to every row", w=a(0.5, -0.5, 2.0), b=-1.25, X=a([1.0, 0.0, 0.5], [2.0, 1.0, -1.0]), hint=PROBA),
    *generated("random model n={size}", model, sizes=[1, 7, 50], seeds=range(2), hint=PROBA),
    case("logits of +-1e4 and +-710: 0 and 1, not NaN", **EXTREME, hint=STABLE.replace("sigmoid()", "predict_proba()"),
         layer="edge"),
    case("a logit of exactly 0 gives 0.5", **HALF_CASE, hint=PROBA, layer="edge"),
    case("float32 in, float32 out", w=a(0.5, -1.0, dtype=np.float32), b=0.25,
         X=a([1.0, 2.0], [3.0, -1.0], dtype=np.float32), hint=PROBA, layer="polish"),
    case("integer X and w give float64", w=np.array([2, -1]), b=0.0, X=np.array([[1, 1], [0, 3], [-1, 0]]),
         hint=INT_INPUT.format(fn="predict_proba"), layer="polish"),
    case("X not 2-D is invalid", w=a(1.0, 2.0), b=0.0, X=a(1.0, 2.0), raises=ValueError,
         hint="predict_proba(): X must be 2-D [N, D] (one example is [[x1, x2]]): raise ValueError."),
    case("len(w) != D is invalid", w=a(1.0, 2.0, 3.0), b=0.0, X=a([1.0, 2.0]), raises=ValueError,
         hint="predict_proba(): w needs one weight per column of X: raise ValueError."),
    case("N = 0 is invalid", w=a(1.0, 2.0), b=0.0, X=np.zeros((0, 2)), raises=ValueError,
         hint="predict_proba(): N = 0 is invalid, as for loss_and_grad: raise ValueError."),
]

PREDICT_CASES = [
    case("the worked example", w=EXAMPLE["w"], b=0.0, X=EXAMPLE["X"], hint=PREDICT),
    case("b is added to every row", w=a(0.5, -0.5, 2.0), b=-1.25, X=a([1.0, 0.0, 0.5], [2.0, 1.0, -1.0],
         [0.0, 0.0, 1.0]), hint=PREDICT),
    *generated("random model n={size}", model, sizes=[1, 7, 50], seeds=range(2), hint=PREDICT),
    case("a logit of exactly 0 (p = 0.5) predicts 0", **HALF_CASE, hint=HALF, layer="edge"),
    case("w = 0, b = 0: every p is 0.5, every prediction 0", w=np.zeros(3), b=0.0, X=a([1.0, -2.0, 3.0], [0.5, 0.5, 0.5]),
         hint=HALF, layer="edge"),
    case("logits of +-1e4 and +-710", **EXTREME, hint=PREDICT, layer="edge"),
    case("float32 X: still int64 labels", w=a(0.5, -1.0, dtype=np.float32), b=0.25,
         X=a([1.0, 2.0], [3.0, -1.0], [0.0, 0.0], dtype=np.float32), hint=PREDICT_DTYPE, layer="polish"),
    case("integer X and w", w=np.array([2, -1]), b=0, X=np.array([[1, 1], [0, 3], [-1, 0], [1, 2]]), hint=HALF,
         layer="polish"),
    case("X not 2-D is invalid", w=a(1.0, 2.0), b=0.0, X=a(1.0, 2.0), raises=ValueError,
         hint="predict(): X must be 2-D [N, D] (one example is [[x1, x2]]): raise ValueError."),
    case("len(w) != D is invalid", w=a(1.0, 2.0, 3.0), b=0.0, X=a([1.0, 2.0]), raises=ValueError,
         hint="predict(): w needs one weight per column of X: raise ValueError."),
    case("N = 0 is invalid", w=a(1.0, 2.0), b=0.0, X=np.zeros((0, 2)), raises=ValueError,
         hint="predict(): N = 0 is invalid, as for loss_and_grad: raise ValueError."),
]


@pytest.mark.parametrize("case", PROBA_CASES, ids=str)
def test_predict_proba(kata, case):
    kata.check("predict_proba", case, Close(rtol=1e-7, atol=1e-12))


@pytest.mark.parametrize("case", PREDICT_CASES, ids=str)
def test_predict(kata, case):
    kata.check("predict", case, Labels())


# -- benchmarks ------------------------------------------------------------------------------
@pytest.mark.parametrize("n, d", [(10_000, 50), (100_000, 100)])
def test_benchmark_loss_and_grad(kata_bench, n, d):
    rng = np.random.default_rng(0)
    bench = case("", w=rng.standard_normal(d) * 0.1, b=0.1, X=rng.standard_normal((n, d)),
                 y=rng.integers(0, 2, n), l2=0.01)
    kata_bench("loss_and_grad", bench, label=f"N={n} D={d}")


@pytest.mark.parametrize("n", [1000, 10_000])
def test_benchmark_fit(kata_bench, n):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((n, 20))
    y = (X @ rng.standard_normal(20) + rng.normal(0, 1, n) > 0).astype(np.int64)
    kata_bench("fit", case("", X=X, y=y, lr=0.5, steps=100, l2=0.01), label=f"N={n} D=20, 100 steps")
