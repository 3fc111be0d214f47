"""Graded tests for the optimizers kata. Run: pytest katas/optimizers   (-x stops at the first failure).

Each test follows a trajectory: 50 steps (or so) on seeded gradients, your rule carrying its own
returned config from step to step, the reference carrying its own. Every step is compared: next_w,
and the state the statement names (velocity, cache, m, v, t) in the returned config.
"""
from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pytest

from sensei import Case, Close, Outputs, Problem, Spec
from sensei.cases import slugify
from sensei.compare import values_problem
from sensei.show import describe

STEPS = 50
DEFAULTS = {
    "sgd": {"learning_rate": 1e-2},
    "sgd_momentum": {"learning_rate": 1e-2, "momentum": 0.9},
    "rmsprop": {"learning_rate": 1e-2, "decay_rate": 0.99, "epsilon": 1e-8},
    "adam": {"learning_rate": 1e-3, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8},
}
STATE = {"sgd": (), "sgd_momentum": ("velocity",), "rmsprop": ("cache",), "adam": ("m", "v", "t")}

STATE_HINTS = {
    "velocity": "config['velocity'] is v = momentum * v - learning_rate * dw: it points DOWNHILL, against the "
                "gradient, and next_w = w + v. Storing the opposite sign (v = momentum * v + learning_rate * dw, "
                "then w - v) moves w the same way from a zero start, but the stored state means the opposite: "
                "a caller who resumes from a saved velocity goes the wrong way.",
    "cache": "config['cache'] is the running mean of dw^2: decay_rate * cache + (1 - decay_rate) * dw^2 "
             "(decay_rate weighs the OLD cache).",
    "m": "config['m'] is the running mean of dw, beta1 * m + (1 - beta1) * dw, before bias correction.",
    "v": "config['v'] is the running mean of dw^2, beta2 * v + (1 - beta2) * dw^2, before bias correction.",
    "t": "config['t'] counts the steps taken, this one included: 1 after the first step, 2 after the second "
         "(increment it BEFORE the bias correction).",
}
KEEP_STATE = ("The rule's state lives in the RETURNED config, which the caller passes back at the next step: "
              "store it there (config['{key}'] = ...) and return that config.")
HIDDEN_STATE = ("Called twice on the same (w, dw, config), your rule returned two different results: it keeps "
                "state outside config (a module-level variable, a default argument, a function attribute). "
                "Each parameter of a model has its own config; keep ALL state in it.")
NEXT_W_HINT = "next_w is a new array; the caller's w is left as it was."


# -- output specs --------------------------------------------------------------------------
def _rtol(expected: np.ndarray) -> float:
    return 1e-4 if np.asarray(expected).dtype == np.float32 else 1e-7


@dataclass
class StateIn(Spec):
    """The returned config: a dict holding the named state, each close to the reference's.

    Arrays are compared relative to their largest entry (a moving average that passes through 0
    loses relative precision there in any formula); their dtype is yours to choose."""

    keys: tuple

    def problem(self, got, expected):
        if not isinstance(got, dict):
            return Problem(f"expected the config dict, got {describe(got)}",
                           hint="Return a tuple (next_w, config), config being the dict with the "
                                "hyperparameters and the state, for the caller to pass to the next step.")
        for key in self.keys:
            if key not in got:
                return Problem(f"the returned config has no {key!r}", hint=KEEP_STATE.format(key=key))
            g, e = got[key], expected[key]
            if key == "t":
                if not isinstance(g, (int, float, np.integer, np.floating)) or float(g) != float(e):
                    return Problem(f"config['t'] is {g!r}, expected {e!r}", hint=STATE_HINTS["t"],
                                   got=g, expected=e)
                continue
            g = np.asarray(g)
            if g.shape != np.shape(e):
                return Problem(f"config[{key!r}] has shape {g.shape}, expected {np.shape(e)} (w's shape)",
                               hint=STATE_HINTS[key], got=g, expected=e)
            rtol = _rtol(e)
            p = values_problem(g, np.asarray(e), 0.0, rtol * float(np.max(np.abs(e), initial=0.0)) + 1e-300)
            if p:
                p.summary = f"config[{key!r}] differs from the reference's"
                p.hint, p.got, p.expected = STATE_HINTS[key], g, e
                return p
        return None


def spec(rule: str) -> Outputs:
    return Outputs(next_w=Close(rtol=1e-7, atol=1e-9, rtol32=1e-4, atol32=1e-5), config=StateIn(STATE[rule]))


# -- known mistakes: what each would return on the same step, to name the one you made ------------
def _parts(rule, w, dw, config):
    c = {**DEFAULTS[rule], **(config or {})}
    zero = np.zeros_like(w)
    return c, {k: c.get(k, 0 if k == "t" else zero) for k in STATE[rule]}


def _adam(w, dw, config, *, correct_m=True, correct_v=True, eps_inside=False, eps_hat=False, t_late=False,
          swapped=False):
    c, s = _parts("adam", w, dw, config)
    b1, b2, lr, eps = c["beta1"], c["beta2"], c["learning_rate"], c["epsilon"]
    t = s["t"] if t_late else s["t"] + 1
    m = b1 * dw + (1 - b1) * s["m"] if swapped else b1 * s["m"] + (1 - b1) * dw
    v = b2 * dw * dw + (1 - b2) * s["v"] if swapped else b2 * s["v"] + (1 - b2) * dw * dw
    with np.errstate(all="ignore"):
        if eps_hat:
            return w - lr * np.sqrt(1 - b2 ** t) / (1 - b1 ** t) * m / (np.sqrt(v) + eps)
        mh = m / (1 - b1 ** t) if correct_m else m
        vh = v / (1 - b2 ** t) if correct_v else v
        return w - lr * mh / (np.sqrt(vh + eps) if eps_inside else np.sqrt(vh) + eps)


def _rmsprop(w, dw, config, *, swapped=False, eps_inside=False):
    c, s = _parts("rmsprop", w, dw, config)
    d = c["decay_rate"]
    cache = d * dw * dw + (1 - d) * s["cache"] if swapped else d * s["cache"] + (1 - d) * dw * dw
    with np.errstate(all="ignore"):
        denom = np.sqrt(cache + c["epsilon"]) if eps_inside else np.sqrt(cache) + c["epsilon"]
        return w - c["learning_rate"] * dw / denom


def _momentum_minus(w, dw, config):
    c, s = _parts("sgd_momentum", w, dw, config)
    return w - (c["momentum"] * s["velocity"] - c["learning_rate"] * dw)


EPS_AFTER_SQRT = ("epsilon is added AFTER the square root: sqrt(...) + epsilon, not sqrt(... + epsilon). It "
                  "matters wherever the running mean of dw^2 is small (small gradients, the first steps), and "
                  "there it changes the step a lot.")
SUSPECTS: dict[str, list[tuple[str, Callable]]] = {
    "adam": [
        ("Your step is Adam WITHOUT bias correction. m and v start at 0, so in the first steps they are "
         "biased towards 0 (at t = 1, m is 10x and sqrt(v) about 32x too small: the step is about 3x too "
         "large): divide m by (1 - beta1^t) and v by (1 - beta2^t).",
         lambda w, dw, c: _adam(w, dw, c, correct_m=False, correct_v=False)),
        ("Your step corrects v but not m: divide m by (1 - beta1^t) too.",
         lambda w, dw, c: _adam(w, dw, c, correct_m=False)),
        ("Your step corrects m but not v: divide v by (1 - beta2^t) too.",
         lambda w, dw, c: _adam(w, dw, c, correct_v=False)),
        (EPS_AFTER_SQRT, lambda w, dw, c: _adam(w, dw, c, eps_inside=True)),
        ("Your step uses the paper's 'efficient' form lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + "
         "epsilon): that adds epsilon BEFORE the bias correction of v. Here (as in torch) epsilon is added to "
         "sqrt(v_hat), the corrected v: it matters where gradients are tiny.",
         lambda w, dw, c: _adam(w, dw, c, eps_hat=True)),
        ("Your step uses t before incrementing it: t counts the steps taken, this one included, so increment "
         "it BEFORE the bias correction (t = 1 at the first step; t = 0 would divide by 1 - beta^0 = 0).",
         lambda w, dw, c: _adam(w, dw, c, t_late=True)),
        ("Your step weighs the averages the wrong way round: m = beta1 * m + (1 - beta1) * dw (beta1 weighs the "
         "OLD average), likewise v with beta2.", lambda w, dw, c: _adam(w, dw, c, swapped=True)),
    ],
    "rmsprop": [
        ("Your step applies the decay the wrong way round: cache = decay_rate * cache + (1 - decay_rate) * dw^2 "
         "(decay_rate = 0.99 keeps 99% of the OLD cache).", lambda w, dw, c: _rmsprop(w, dw, c, swapped=True)),
        (EPS_AFTER_SQRT, lambda w, dw, c: _rmsprop(w, dw, c, eps_inside=True)),
    ],
    "sgd_momentum": [
        ("Your step moves w by -v: with v = momentum * v - learning_rate * dw (downhill), next_w = w + v.",
         _momentum_minus),
    ],
    "sgd": [],
}


def diagnose(rule: str, step: Case, got) -> str:
    """The hint of the known mistake whose step equals yours, or ''."""
    if not isinstance(got, (tuple, list)) or len(got) != 2 or not isinstance(got[0], np.ndarray):
        return ""
    w, dw, config = (copy.deepcopy(v) for v in step.args.values())
    for hint, wrong in SUSPECTS[rule]:
        if wrong(w, dw, config).shape == got[0].shape and Close(rtol=1e-9, atol=1e-12, rtol32=1e-5, atol32=1e-7) \
                .problem(np.asarray(wrong(w, dw, config), dtype=got[0].dtype), got[0]) is None:
            return hint
    return ""


def differs(a, b) -> bool:
    """Two outputs of one call are not the same: next_w, or a state value present in both."""
    if not all(isinstance(x, (tuple, list)) and len(x) == 2 for x in (a, b)):
        return False
    pairs = [(a[0], b[0])]
    if isinstance(a[1], dict) and isinstance(b[1], dict):
        pairs += [(a[1][k], b[1][k]) for k in a[1].keys() & b[1].keys()]
    try:
        return not all(np.array_equal(np.asarray(x, np.float64), np.asarray(y, np.float64), equal_nan=True)
                       for x, y in pairs)
    except (TypeError, ValueError):  # not numbers: nothing to say
        return False


# -- trajectories ----------------------------------------------------------------------------
@dataclass
class Trajectory:
    """A parameter, the gradients of successive steps, and the first config."""

    name: str
    w: np.ndarray
    grads: list = field(repr=False)
    config: dict | None
    hint: str = ""

    def __str__(self) -> str:
        return slugify(self.name)


def trajectory(name, *, seed=0, shape=(2, 3), steps=STEPS, scale=1.0, dtype=np.float64, config=None,
               first=None, hint="") -> Trajectory:
    rng = np.random.default_rng(seed)
    w = rng.standard_normal(shape).astype(dtype)
    grads = [(rng.standard_normal(shape) * scale).astype(dtype) for _ in range(steps)]
    if first is not None:
        grads[0] = np.full(shape, first, dtype=dtype)
    return Trajectory(name, w, grads, config, hint)


class Run:
    """The learner's rule and the reference's, stepped side by side on one trajectory."""

    def __init__(self, kata, rule: str, traj: Trajectory, *, hint: str = ""):
        self.kata, self.rule, self.traj, self.hint = kata, rule, traj, hint or traj.hint
        self.reference = getattr(kata.reference, rule)
        self.w, self.config = traj.w, copy.deepcopy(traj.config)
        self.ref_w, self.ref_config = traj.w, copy.deepcopy(traj.config)

    def step(self, k: int) -> None:
        """Step k (from 1): fail at once if the learner's step differs from the reference's."""
        kata, rule, n, dw = self.kata, self.rule, len(self.traj.grads), self.traj.grads[k - 1]
        step = Case(f"{self.traj.name}, step {k} of {n}", {"w": self.w, "dw": dw, "config": self.config},
                    hint=self.hint)
        got = kata.call(rule, step, mutable=("config",))
        want = self.reference(self.ref_w.copy(), dw.copy(), copy.deepcopy(self.ref_config))
        if k <= 2:  # state hidden outside config shows as two different answers to one question
            again = kata.call(rule, step, mutable=("config",))
            if differs(got, again):
                kata.fail(rule, step, "two calls with the same inputs returned different results",
                          hint=HIDDEN_STATE, expected=got, got=again)
        problem = spec(rule).problem(got, want)
        if problem is not None:
            # Name the known mistake that gives exactly your step, if one does; a problem in the
            # returned config has its own hint; else the case's hint.
            step.hint = diagnose(rule, step, got) or ("" if problem.summary.startswith("config:") else self.hint)
            kata.compare(rule, step, got, want, spec(rule), what=f"step {k}")
        self.w, self.config = got
        self.ref_w, self.ref_config = want


def momentum_given(seed=3):
    rng = np.random.default_rng(seed)
    return {"learning_rate": 0.05, "momentum": 0.8, "velocity": rng.standard_normal((2, 3)) * 0.1}


def adam_given(seed=4):
    rng = np.random.default_rng(seed)
    return {"learning_rate": 1e-2, "t": 10, "m": rng.standard_normal((2, 3)) * 0.1,
            "v": rng.random((2, 3)) * 0.05}


DEFAULTS_HINT = ("config may be None (or an empty dict): every missing key takes its default from the statement. "
                 "Start from a new dict, or setdefault() on the one you get.")
CUSTOM_HINT = ("Read every hyperparameter from config (a value given there replaces the default), and keep them in "
               "the config you return: the caller passes that one to the next step.")
PARTIAL_HINT = "Only learning_rate is given: the other hyperparameters take their defaults."
FLOAT32_HINT = ("next_w keeps w's dtype: float32 in, float32 out. State made with np.zeros(w.shape) is float64 "
                "and upcasts next_w: use np.zeros_like(w). A NumPy float64 scalar such as np.sqrt(1 - beta2**t) "
                "upcasts too: math.sqrt gives a Python float, which does not.")
RESUME_HINT = ("This run starts from a config that already holds state (as after earlier steps): use it, with "
               "the meaning the statement gives it, instead of starting from zeros.")

COMMON = [  # config=None in one case only, so that its hint is the one shown when None is the problem
    trajectory("config=None: the defaults", seed=0, hint=DEFAULTS_HINT),
    trajectory("config={}: the defaults", seed=1, config={}, hint=DEFAULTS_HINT),
    trajectory("float32 stays float32", seed=2, dtype=np.float32, config={}, hint=FLOAT32_HINT),
    trajectory("a 4-d parameter (conv weights)", seed=5, shape=(2, 3, 2, 2), steps=20, config={}),
    trajectory("large gradients (scale 1e3)", seed=6, scale=1e3, steps=30, config={}),
]
CASES = {
    "sgd": [
        *COMMON,
        trajectory("custom learning_rate", seed=7, config={"learning_rate": 0.3}, hint=CUSTOM_HINT),
    ],
    "sgd_momentum": [
        *COMMON,
        trajectory("custom hyperparameters", seed=7, config={"learning_rate": 0.05, "momentum": 0.5},
                   hint=CUSTOM_HINT),
        trajectory("only learning_rate given", seed=8, config={"learning_rate": 0.2}, hint=PARTIAL_HINT),
        trajectory("resume from a given velocity", seed=9, config=momentum_given(), hint=RESUME_HINT),
    ],
    "rmsprop": [
        *COMMON,
        trajectory("custom hyperparameters", seed=7,
                   config={"learning_rate": 0.05, "decay_rate": 0.9, "epsilon": 1e-3}, hint=CUSTOM_HINT),
        trajectory("only learning_rate given", seed=8, config={"learning_rate": 0.2}, hint=PARTIAL_HINT),
        trajectory("resume from a given cache", seed=9,
                   config={"cache": np.random.default_rng(3).random((2, 3)) * 0.1}, hint=RESUME_HINT),
        trajectory("tiny gradients (scale 1e-6)", seed=10, scale=1e-6, config={}, hint=EPS_AFTER_SQRT),
        trajectory("a zero gradient first: no NaN", seed=11, first=0.0, config={},
                   hint="A zero gradient with a zero cache is 0 / (0 + epsilon) = 0: add epsilon to the "
                        "denominator (after the square root), so no 0/0."),
    ],
    "adam": [
        *COMMON,
        trajectory("custom hyperparameters", seed=7,
                   config={"learning_rate": 0.05, "beta1": 0.5, "beta2": 0.9, "epsilon": 1e-3},
                   hint=CUSTOM_HINT),
        trajectory("only learning_rate given", seed=8, config={"learning_rate": 0.2}, hint=PARTIAL_HINT),
        trajectory("resume from a given state at t = 10", seed=9, config=adam_given(), hint=RESUME_HINT),
        trajectory("tiny gradients (scale 1e-6)", seed=10, scale=1e-6, config={}, hint=EPS_AFTER_SQRT),
        trajectory("a zero gradient first: no NaN", seed=11, first=0.0, config={},
                   hint="A zero gradient with zero moments is 0 / (0 + epsilon) = 0: add epsilon to the "
                        "denominator (after the square root), so no 0/0."),
        trajectory("200 steps", seed=12, steps=200, shape=(5,), config={}),
    ],
}
PARAMS = [(rule, traj) for rule, trajs in CASES.items() for traj in trajs]


@pytest.mark.parametrize("rule, traj", PARAMS, ids=[f"{r}-{t}" for r, t in PARAMS])
def test_trajectory(kata, rule, traj):
    run = Run(kata, rule, traj)
    for k in range(1, len(traj.grads) + 1):
        run.step(k)


@pytest.mark.parametrize("rule", list(CASES))
def test_two_parameters_updated_in_turn(kata, rule):
    """A model has several parameters, each with its own config, updated one after the other."""
    shared = ("Two parameters, each with its own config, are updated in turn (as in a training loop). "
              "If each alone is right but not both together, state is shared between them: keep ALL of "
              "a rule's state in the config it returns.")
    a = trajectory("parameter A of two, updated in turn with B", seed=20, steps=10, config={})
    b = trajectory("parameter B of two, updated in turn with A", seed=21, shape=(3,), steps=10, config={})
    runs = [Run(kata, rule, a, hint=shared), Run(kata, rule, b, hint=shared)]
    for k in range(1, 11):
        for run in runs:
            run.step(k)


@pytest.mark.parametrize("rule", list(CASES))
def test_benchmark(kata_bench, rule):
    rng = np.random.default_rng(0)
    w, dw = rng.standard_normal((1000, 1000)), rng.standard_normal((1000, 1000))
    kata_bench(rule, Case("one step on a 1000 x 1000 parameter", {"w": w, "dw": dw, "config": None}),
               label="w 1000x1000")
