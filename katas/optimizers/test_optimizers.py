"""Graded tests for the optimizers kata. Run: pytest katas/optimizers   (-x stops at the first failure).

Each test follows a trajectory: 10 steps (or more) on seeded gradients, your rule carrying its own
returned config from step to step, the reference carrying its own. Every step is compared: next_w,
and the state the statement names (velocity, cache, m, v, t) in the returned config. adamw (the
bonus) is graded like the others, after them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pytest

from sensei import Case, Close, Later, Outputs, Problem, Spec, mistake
from sensei.cases import fresh, slugify
from sensei.compare import values_problem
from sensei.show import describe

STEPS = 10  # classic mistakes show within a few steps; the "100 steps" case covers the long run
DEFAULTS = {
    "sgd": {"learning_rate": 1e-2},
    "sgd_momentum": {"learning_rate": 1e-2, "momentum": 0.9},
    "rmsprop": {"learning_rate": 1e-2, "decay_rate": 0.99, "epsilon": 1e-8},
    "adam": {"learning_rate": 1e-3, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8},
    "adamw": {"learning_rate": 1e-3, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8, "weight_decay": 1e-2},
}
STATE = {"sgd": (), "sgd_momentum": ("velocity",), "rmsprop": ("cache",), "adam": ("m", "v", "t"),
         "adamw": ("m", "v", "t")}

STATE_HINTS = {
    "velocity": "sgd_momentum(): config['velocity'] is v = momentum * v - learning_rate * dw: it points DOWNHILL, "
                "against the gradient, and next_w = w + v.",
    "cache": "rmsprop(): config['cache'] is the running mean of dw^2: decay_rate * cache + (1 - decay_rate) * dw^2 "
             "(decay_rate weighs the OLD cache).",
    "m": "{rule}(): config['m'] is the running mean of dw, beta1 * m + (1 - beta1) * dw, before bias correction.",
    "v": "{rule}(): config['v'] is the running mean of dw^2, beta2 * v + (1 - beta2) * dw^2, before bias "
         "correction.",
    "t": "{rule}(): config['t'] counts the steps taken, this one included: 1 after the first step, 2 after the "
         "second (increment it BEFORE the bias correction).",
}
KEEP_STATE = ("{rule}(): the rule's state lives in the RETURNED config, which the caller passes back at the next "
              "step: store it there (config['{key}'] = ...) and return that config.")
HIDDEN_STATE = ("{rule}(): called twice on the same (w, dw, config), it returned two different results: it keeps "
                "state outside config (a module-level variable, a default argument, a function attribute). "
                "Keep ALL state in config.")


# -- output specs --------------------------------------------------------------------------
def _rtol(expected: np.ndarray) -> float:
    return 1e-4 if np.asarray(expected).dtype == np.float32 else 1e-7


@dataclass
class StateIn(Spec):
    """The returned config: a dict holding the named state, each close to the reference's.

    Arrays are compared relative to their largest entry (a moving average that passes through 0
    loses relative precision there in any formula); their dtype is yours to choose."""

    rule: str
    keys: tuple

    def problem(self, got, expected):
        if not isinstance(got, dict):
            return Problem(f"expected the config dict, got {describe(got)}",
                           hint=f"{self.rule}(): return a tuple (next_w, config), config being the dict with the "
                                "hyperparameters and the state, for the caller to pass to the next step.")
        for key in self.keys:
            if key not in got:
                return Problem(f"the returned config has no {key!r}",
                               hint=KEEP_STATE.format(rule=self.rule, key=key))
            g, e = got[key], expected[key]
            if key == "t":
                if not isinstance(g, (int, float, np.integer, np.floating)) or float(g) != float(e):
                    return Problem(f"wrong value of config['t']: {g!r}, expected {e!r}",
                                   hint=STATE_HINTS["t"].format(rule=self.rule), got=g, expected=e)
                continue
            g = np.asarray(g)
            if g.shape != np.shape(e):
                return Problem(f"wrong shape of config[{key!r}]: {g.shape}, expected {np.shape(e)} (w's shape)",
                               hint=STATE_HINTS[key].format(rule=self.rule), got=g, expected=e)
            rtol = _rtol(e)
            p = values_problem(g, np.asarray(e), 0.0, rtol * float(np.max(np.abs(e), initial=0.0)) + 1e-300)
            if p:
                p.summary = f"wrong values of config[{key!r}]"
                p.hint, p.got, p.expected = STATE_HINTS[key].format(rule=self.rule), g, e
                return p
        return None




def spec(rule: str) -> Outputs:
    return Outputs(next_w=Close(rtol=1e-7, atol=1e-9, rtol32=1e-4, atol32=1e-5), config=StateIn(rule, STATE[rule]))


# -- known mistakes: what each returns on a step (our code, never shown) --------------------------
def _parts(rule, w, dw, config):
    c = {**DEFAULTS[rule], **(config or {})}
    zero = np.zeros_like(w)
    return c, {k: c.get(k, 0 if k == "t" else zero) for k in STATE[rule]}


def _adam(w, dw, config, *, correct_m=True, correct_v=True, eps_inside=False, eps_hat=False, t_late=False,
          t_ahead=False, swapped=False):
    c, s = _parts("adam", w, dw, config)
    b1, b2, lr, eps = c["beta1"], c["beta2"], c["learning_rate"], c["epsilon"]
    t = s["t"] if t_late else s["t"] + 1
    m = b1 * dw + (1 - b1) * s["m"] if swapped else b1 * s["m"] + (1 - b1) * dw
    v = b2 * dw * dw + (1 - b2) * s["v"] if swapped else b2 * s["v"] + (1 - b2) * dw * dw
    state = {"m": m, "v": v, "t": s["t"] + 1 + (1 if t_ahead else 0)}
    with np.errstate(all="ignore"):
        if eps_hat:
            return w - lr * np.sqrt(1 - b2 ** t) / (1 - b1 ** t) * m / (np.sqrt(v) + eps), {**c, **state}
        mh = m / (1 - b1 ** t) if correct_m else m
        vh = v / (1 - b2 ** t) if correct_v else v
        return w - lr * mh / (np.sqrt(vh + eps) if eps_inside else np.sqrt(vh) + eps), {**c, **state}


def _rmsprop(w, dw, config, *, swapped=False, eps_inside=False):
    c, s = _parts("rmsprop", w, dw, config)
    d = c["decay_rate"]
    cache = d * dw * dw + (1 - d) * s["cache"] if swapped else d * s["cache"] + (1 - d) * dw * dw
    with np.errstate(all="ignore"):
        denom = np.sqrt(cache + c["epsilon"]) if eps_inside else np.sqrt(cache) + c["epsilon"]
        return w - c["learning_rate"] * dw / denom, {**c, "cache": cache}


def _momentum(w, dw, config, *, minus=False, uphill=False):
    c, s = _parts("sgd_momentum", w, dw, config)
    if uphill:  # v = momentum * v + learning_rate * dw, then w - v
        v = c["momentum"] * s["velocity"] + c["learning_rate"] * dw
        return w - v, {**c, "velocity": v}
    v = c["momentum"] * s["velocity"] - c["learning_rate"] * dw
    return (w - v if minus else w + v), {**c, "velocity": v}


def _ignoring(rule, key, value=None):
    """gives() of a rule that uses a fixed `value` of `key` (its default unless said) whatever config says."""
    value = DEFAULTS[rule][key] if value is None else value

    def gives(ref, w, dw, config):
        if key not in (config or {}) or config[key] == value:
            raise LookupError("not given: nothing to ignore")
        return getattr(ref, rule)(w, dw, {**config, key: value})
    return gives


def _after_lost_hyperparameters(rule):
    """gives() of a step whose config (the one returned at the step before) lost the hyperparameters:
    the right step on that config, which then runs on the defaults."""
    def gives(ref, w, dw, config):
        if config is None or not set(DEFAULTS[rule]) - set(config) or not set(STATE[rule]) & set(config):
            raise LookupError("not a config returned by an earlier step, or nothing lost")
        return getattr(ref, rule)(w, dw, config)
    return gives


def _adamw(ref, w, dw, config, *, decay="decoupled", adam=None):
    """What an AdamW step gives with its decay done some way (`adam`: an Adam step of a mistake,
    else the reference's): "decoupled" (right), "l2" (added to the gradient: Adam with L2), "after"
    (the stepped w decays), "no_lr" (w - weight_decay * w), "none" (no decay: plain Adam)."""
    c = {**DEFAULTS["adamw"], **(config or {})}
    lr, wd = c["learning_rate"], c["weight_decay"]
    adam = adam or (lambda w_, dw_, c_: ref.adam(w_, dw_, c_))
    if decay == "l2":
        return adam(w, dw + wd * w, c)
    stepped, state = adam(w, dw, c)
    state = {**c, **{k: state[k] for k in STATE["adamw"]}}
    if decay == "after":
        return stepped - lr * wd * stepped, state
    if decay == "no_lr":
        return stepped - wd * w, state
    if decay == "none":
        if not wd:
            raise LookupError("weight_decay = 0: no decay is right")
        return stepped, state
    return stepped - lr * wd * w, state


EPS_AFTER_SQRT = "{rule}(): epsilon is added AFTER the square root: sqrt(...) + epsilon, not sqrt(... + epsilon)."
DECOUPLED = ("adamw(): the decay is DECOUPLED from the gradient: w - learning_rate * weight_decay * w, and Adam's "
             "step on dw alone. Adding weight_decay * w to dw is Adam with L2: sqrt(v_hat) then divides the decay too.")
ADAMW_MISTAKES = [
    mistake("adamw", "L2 added to the gradient (Adam with weight decay, not AdamW's decoupled decay)", fix=DECOUPLED,
            gives=lambda ref, w, dw, c: _adamw(ref, w, dw, c, decay="l2")),
    mistake("adamw", "the decay applied AFTER the Adam step (the stepped w decays)",
            fix="adamw(): decay the w you were given, BEFORE the Adam step: next_w = w - learning_rate * "
                "weight_decay * w - (Adam's step), as torch.optim.AdamW does (p *= 1 - lr * weight_decay first).",
            gives=lambda ref, w, dw, c: _adamw(ref, w, dw, c, decay="after")),
    mistake("adamw", "the decay not multiplied by the learning rate (w - weight_decay * w)",
            fix="adamw(): the decay is scaled by the learning rate: w - learning_rate * weight_decay * w "
                "(as torch.optim.AdamW does).",
            gives=lambda ref, w, dw, c: _adamw(ref, w, dw, c, decay="no_lr")),
    mistake("adamw", "no weight decay at all: plain Adam",
            fix="adamw(): weight_decay defaults to 1e-2: w - learning_rate * weight_decay * w, then Adam's step.",
            gives=lambda ref, w, dw, c: _adamw(ref, w, dw, c, decay="none")),
]
MISTAKES_OF_ADAM = [
    mistake("adam", "Adam WITHOUT bias correction (steps on the raw m and v)",
            fix="adam(): m and v start at 0, so in the first steps they are biased towards 0: divide m by "
                "(1 - beta1^t) and v by (1 - beta2^t).",
            gives=lambda ref, w, dw, c: _adam(w, dw, c, correct_m=False, correct_v=False)),
    mistake("adam", "Adam corrects v but not m", fix="adam(): divide m by (1 - beta1^t) too.",
            gives=lambda ref, w, dw, c: _adam(w, dw, c, correct_m=False)),
    mistake("adam", "Adam corrects m but not v", fix="adam(): divide v by (1 - beta2^t) too.",
            gives=lambda ref, w, dw, c: _adam(w, dw, c, correct_v=False)),
    mistake("adam", "epsilon inside the square root, sqrt(v_hat + epsilon)", fix=EPS_AFTER_SQRT.format(rule="adam"),
            gives=lambda ref, w, dw, c: _adam(w, dw, c, eps_inside=True)),
    mistake("adam", "the paper's 'efficient' form: epsilon added before v's bias correction",
            fix="adam(): add epsilon to sqrt(v_hat), the corrected v (as torch does), not to sqrt(v) before the "
                "correction.",
            gives=lambda ref, w, dw, c: _adam(w, dw, c, eps_hat=True)),
    mistake("adam", "t used before it is incremented (t = 0 in the first step's bias correction)",
            fix="adam(): t counts the steps taken, this one included: increment it BEFORE the bias correction "
                "(t = 1 at the first step; t = 0 divides by 1 - beta^0 = 0).",
            gives=lambda ref, w, dw, c: _adam(w, dw, c, t_late=True)),
    mistake("adam", "config['t'] one ahead: it starts at 1 and is incremented after the step",
            fix=STATE_HINTS["t"].format(rule="adam"), gives=lambda ref, w, dw, c: _adam(w, dw, c, t_ahead=True)),
    mistake("adam", "the running averages weighted the wrong way round (beta1 weighs dw)",
            fix="adam(): m = beta1 * m + (1 - beta1) * dw: beta1 weighs the OLD average; likewise v with beta2.",
            gives=lambda ref, w, dw, c: _adam(w, dw, c, swapped=True)),
]
MISTAKES = [
    *MISTAKES_OF_ADAM,
    *ADAMW_MISTAKES,
    mistake("rmsprop", "the decay applied the wrong way round: decay_rate weighs dw^2",
            fix="rmsprop(): cache = decay_rate * cache + (1 - decay_rate) * dw^2: decay_rate = 0.99 keeps 99% of "
                "the OLD cache.",
            gives=lambda ref, w, dw, c: _rmsprop(w, dw, c, swapped=True)),
    mistake("rmsprop", "epsilon inside the square root, sqrt(cache + epsilon)",
            fix=EPS_AFTER_SQRT.format(rule="rmsprop"), gives=lambda ref, w, dw, c: _rmsprop(w, dw, c, eps_inside=True)),
    mistake("sgd_momentum", "w moved by -v: next_w = w - v with a downhill velocity",
            fix="sgd_momentum(): v = momentum * v - learning_rate * dw points downhill: next_w = w + v.",
            gives=lambda ref, w, dw, c: _momentum(w, dw, c, minus=True)),
    mistake("sgd_momentum", "the velocity stored with the opposite sign (v = momentum * v + learning_rate * dw)",
            fix=STATE_HINTS["velocity"], gives=lambda ref, w, dw, c: _momentum(w, dw, c, uphill=True)),
    *(mistake(rule, "epsilon = 1e-7 (Keras's default), not the statement's 1e-8",
              fix=f"{rule}(): epsilon defaults to 1e-8 (as in torch), and a config['epsilon'] given replaces it.",
              gives=lambda ref, w, dw, c, rule=rule: getattr(ref, rule)(w, dw, {"epsilon": 1e-7, **(c or {})}))
      for rule in ("rmsprop", "adam", "adamw")),
    *(mistake(rule, f"config[{key!r}] ignored: the default used whatever config says",
              fix=f"{rule}(): read {key} from config: a value given there replaces the default.",
              gives=_ignoring(rule, key))
      for rule, keys in DEFAULTS.items() for key in keys),
    *(mistake(rule, "config['epsilon'] ignored: a fixed 1e-7 (Keras's default) used",
              fix=f"{rule}(): read epsilon from config: a value given there replaces the default 1e-8.",
              gives=_ignoring(rule, "epsilon", 1e-7))
      for rule in ("rmsprop", "adam", "adamw")),
    *(mistake(rule, "the returned config lost the hyperparameters given: the next step ran on the defaults",
              fix=f"{rule}(): keep the hyperparameters in the config you return: the caller passes that one "
                  "to the next step.",
              gives=_after_lost_hyperparameters(rule))
      for rule in DEFAULTS),
    # Adam's own mistakes inside an AdamW whose decay is right.
    *(mistake("adamw", m.name, fix=m.fix.replace("adam()", "adamw()"),
              gives=lambda ref, w, dw, c, m=m: _adamw(ref, w, dw, c, adam=lambda *a: m.gives(ref, *a)))
      for m in MISTAKES_OF_ADAM),
]

# float32 in, float32 out: which of the two classic upcasts it is, read from the returned state.
STATE_UPCAST = ("{rule}(): next_w keeps w's dtype (float32 in, float32 out): your state is float64 and upcasts "
                "next_w; make it with np.zeros_like(w), not np.zeros(w.shape).")
SCALAR_UPCAST = ("{rule}(): next_w keeps w's dtype (float32 in, float32 out): a NumPy float64 scalar such as "
                 "np.sqrt(1 - beta2**t) upcasts it; math.sqrt gives a Python float, which does not.")


def dtype_hint(rule: str, got) -> str:
    config = got[1] if isinstance(got, (tuple, list)) and len(got) == 2 and isinstance(got[1], dict) else {}
    state = [np.asarray(config[k]) for k in STATE[rule] if k != "t" and k in config]
    return (STATE_UPCAST if any(a.dtype == np.float64 for a in state) else SCALAR_UPCAST).format(rule=rule)


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
    """A parameter, the gradients of successive steps, and the first config. A hint may name the
    rule as {rule}; without one, the rule's update (RULE_HINTS) is the hint."""

    name: str
    w: np.ndarray
    grads: list = field(repr=False)
    config: dict | None
    hint: str = ""
    layer: str = "core"  # core, edge or polish (the plugin reads it for the summary)

    def __str__(self) -> str:
        return slugify(self.name)


def trajectory(name, *, seed=0, shape=(2, 3), steps=STEPS, scale=1.0, dtype=np.float64, config=None,
               first=None, hint="", layer="core") -> Trajectory:
    rng = np.random.default_rng(seed)
    w = rng.standard_normal(shape).astype(dtype)
    grads = [(rng.standard_normal(shape) * scale).astype(dtype) for _ in range(steps)]
    if first is not None:
        grads[0] = np.full(shape, first, dtype=dtype)
    return Trajectory(name, w, grads, config, hint, layer)


RULE_HINTS = {
    "sgd": "sgd(): next_w = w - learning_rate * dw.",
    "sgd_momentum": "sgd_momentum(): v = momentum * v - learning_rate * dw, then next_w = w + v.",
    "rmsprop": "rmsprop(): cache = decay_rate * cache + (1 - decay_rate) * dw**2, then next_w = w - learning_rate "
               "* dw / (sqrt(cache) + epsilon).",
    "adam": "adam(): compare your step with the statement's update line by line: t, m, v, their bias correction, "
            "then next_w.",
    "adamw": "adamw(): w - learning_rate * weight_decay * w (the decay, on w itself, before the step), then "
             "Adam's step on dw alone, exactly as adam().",
}


def replay(module, rule, runs, steps, twice):
    """Run in the worker (a probe): the learner's rule over whole trajectories in one call, the runs
    updated in turn at each step. Each call gets its own copies, as a separate call would. Returns, per
    (step, run), the output and whether the call changed w or dw or answered a repeated call differently
    (stacked by `columns`); it stops at the first error, which the step-by-step path then reports."""
    fn = getattr(module, rule, None)
    if fn is None:
        return []
    state = [(w, fresh(config)) for w, _, config in runs]
    records = []
    for k in range(steps):
        for i, (_, grads, _) in enumerate(runs):
            if k >= len(grads):
                continue
            w, config = state[i]
            w_in, dw_in = np.copy(w), np.copy(grads[k])
            try:
                out = fresh(fn(w_in, dw_in, fresh(config)))
                again = fresh(fn(np.copy(w), np.copy(grads[k]), fresh(config))) if k < twice else out
            except BaseException:  # noqa: BLE001 - the step-by-step path reports it with its traceback
                return records
            # Byte for byte (stricter than ==, and faster): a flag only sends the step to the full checks.
            touched = w_in.tobytes() != w.tobytes() or dw_in.tobytes() != grads[k].tobytes()
            records.append((out, touched or (again is not out and differs(out, again))))
            if not (isinstance(out, (tuple, list)) and len(out) == 2):
                return records
            state[i] = out
    return columns(records)


def columns(records):
    """`replay`'s records, each step's arrays stacked (one array per key for the whole trajectory, not one
    per step: far less to send back) when every step returned a tuple (w, config) of the same structure;
    else the records as they are. `records_of` turns them back into records."""
    if not records or any(type(out) is not tuple or len(out) != 2 or type(out[0]) is not np.ndarray
                          or type(out[1]) is not dict for out, _ in records):
        return records
    w0, c0 = records[0][0]
    keys = list(c0)
    arrays = [k for k in keys if type(c0[k]) is np.ndarray]

    def same(a, b):
        return type(b) is np.ndarray and a.shape == b.shape and a.dtype == b.dtype

    for (w, c), _ in records:
        if not same(w0, w) or list(c) != keys or any(not same(c0[k], c[k]) for k in arrays) \
                or any(type(c[k]) is np.ndarray for k in keys if k not in arrays):
            return records
    return {"flags": [flag for _, flag in records], "w": np.stack([w for (w, _), _ in records]), "keys": keys,
            "arrays": {k: np.stack([c[k] for (_, c), _ in records]) for k in arrays},
            "values": {k: [c[k] for (_, c), _ in records] for k in keys if k not in arrays}}


def records_of(replayed):
    """The records `columns` stacked, one (output, flag) per step again (each array a view of its stack)."""
    if not isinstance(replayed, dict):
        return replayed or []
    arrays, values = replayed["arrays"], replayed["values"]
    return [((replayed["w"][i, ...], {k: arrays[k][i, ...] if k in arrays else values[k][i]
                                       for k in replayed["keys"]}), flag)
            for i, flag in enumerate(replayed["flags"])]


class Run:
    """The learner's rule and the reference's, stepped side by side on one trajectory."""

    def __init__(self, kata, rule: str, traj: Trajectory, *, hint: str = ""):
        self.kata, self.rule, self.traj = kata, rule, traj
        self.hint = (hint or traj.hint).format(rule=rule) or RULE_HINTS[rule]
        self.reference = getattr(kata.reference, rule)
        self.w, self.config = traj.w, fresh(traj.config)
        self.wants: list = []  # the reference's outputs, step by step (`reference_steps`)

    def reference_steps(self) -> None:
        """The reference's own trajectory: it never depends on the learner's steps."""
        w, config = self.traj.w, fresh(self.traj.config)
        for dw in self.traj.grads:
            w, config = self.reference(w.copy(), dw.copy(), fresh(config))
            self.wants.append((w, config))

    def step(self, k: int, recorded=None) -> bool:
        """Step k (from 1): fail at once if the learner's step differs from the reference's. With
        ``recorded`` (the learner's output and its flag from `replay`), a step that agrees with the
        reference costs no call; returns False where it cannot be taken from the record."""
        kata, rule, n, dw = self.kata, self.rule, len(self.traj.grads), self.traj.grads[k - 1]
        if not self.wants:
            self.reference_steps()
        want = self.wants[k - 1]
        if recorded is not None:
            got, flagged = recorded
            if flagged or spec(rule).problem(got, want) is not None:
                return False
            self.w, self.config = got
            return True
        step = Case(f"{self.traj.name}, step {k} of {n}", {"w": self.w, "dw": dw, "config": self.config},
                    hint=self.hint, tier=self.traj.layer)
        got = kata.call(rule, step, mutable=("config",))
        if k <= 2:  # state hidden outside config shows as two different answers to one question
            again = kata.call(rule, step, mutable=("config",))
            if differs(got, again):
                kata.fail(rule, step, "two calls with the same inputs returned different results",
                          hint=HIDDEN_STATE.format(rule=rule), expected=got, got=again)
        problem = spec(rule).problem(got, want)
        if problem is not None:
            # A known mistake that gives exactly your step is named (MISTAKES); else a problem in the
            # returned config has its own hint, a dtype problem says which upcast it is, and any other
            # the case's hint.
            if "wrong dtype" in problem.summary:
                step.hint = dtype_hint(rule, got)
            elif problem.summary.startswith(("config:", "wrong value of config", "wrong values of config",
                                             "wrong shape of config")):
                step.hint = ""
            kata.compare(rule, step, got, want, spec(rule), what=f"step {k}")
        self.w, self.config = got
        return True


def follow(kata, rule: str, runs: list[Run]) -> None:
    """Step the runs in turn, all steps of the learner's side taken in one worker call (`replay`);
    from the first step the record cannot vouch for (a wrong value, an error, a changed input, a
    repeated call answered differently), each step is a call of its own with the full checks."""
    steps = max(len(run.traj.grads) for run in runs)
    first = runs[0].traj
    wants = Later(lambda: [run.reference_steps() for run in runs])  # while the worker replays
    replayed = kata.run(rule, Case(first.name, {}, tier=first.layer), replay, rule,
                        [(run.traj.w, run.traj.grads, run.traj.config) for run in runs], steps, 2, meanwhile=wants)
    wants.result()
    if isinstance(replayed, dict) and all_steps_agree(rule, runs, replayed):
        return  # (else the steps one by one: the first one that disagrees is graded with every check)
    records = iter(records_of(replayed))
    live = True
    for k in range(1, steps + 1):
        for run in runs:
            if k > len(run.traj.grads):
                continue
            if live:
                recorded = next(records, None)
                if recorded is not None and run.step(k, recorded):
                    continue
                live = False
            run.step(k)


def all_steps_agree(rule: str, runs: list[Run], replayed: dict) -> bool:
    """Whether every step of every run, as `replay` recorded them stacked, passes spec(rule) against the
    reference's step, checked a whole trajectory at once (no step flagged; next_w of the reference's shape
    and dtype within Close's tolerance; each state key present, `t` equal, each state array of the
    reference's shape within StateIn's tolerance): then each run ends on its last recorded step. Never
    more lenient than the step-by-step checks: anything unusual (a NaN, an odd type) answers False."""
    steps = max(len(run.traj.grads) for run in runs)
    order = [(k, r) for k in range(steps) for r, run in enumerate(runs) if k < len(run.traj.grads)]
    if len(order) != len(replayed["flags"]) or any(replayed["flags"]):
        return False
    arrays, values = replayed["arrays"], replayed["values"]
    ends = []
    for r, run in enumerate(runs):
        rows = [i for i, (_, owner) in enumerate(order) if owner == r]
        wants = run.wants
        if not wants or len(rows) != len(wants):
            return False
        want_w = [w for w, _ in wants]
        if any(type(w) is not np.ndarray or w.dtype != want_w[0].dtype or w.shape != want_w[0].shape for w in want_w):
            return False
        got_w, e = replayed["w"][rows], np.stack(want_w)
        if got_w.shape != e.shape or got_w.dtype != e.dtype:
            return False
        rtol, atol = spec(rule).parts["next_w"].tolerances(e.dtype)
        if not _all_close(got_w, e, rtol, atol):
            return False
        for key in STATE[rule]:
            if key not in replayed["keys"] or any(key not in config for _, config in wants):
                return False
            if key == "t":
                got_t = [values[key][i] if key in values else None for i in rows]
                if any(not isinstance(g, (int, float, np.integer, np.floating)) or float(g) != float(config["t"])
                       for g, (_, config) in zip(got_t, wants)):
                    return False
                continue
            states = [config[key] for _, config in wants]
            if key not in arrays or any(type(x) is not np.ndarray or x.shape != e.shape[1:] or x.dtype != states[0].dtype
                                        for x in states):
                return False
            got, want = arrays[key][rows], np.stack(states)
            if got.shape != want.shape:
                return False
            scale = np.abs(want).reshape(len(rows), -1).max(axis=1, initial=0.0)
            tol = (_rtol(want) * scale + 1e-300).reshape((-1,) + (1,) * (want.ndim - 1))
            if not _all_close(got, want, 0.0, tol):
                return False
        ends.append(rows[-1])
    last = records_of(replayed)
    for run, i in zip(runs, ends):
        run.w, run.config = last[i][0]
    return True


def _all_close(got: np.ndarray, want: np.ndarray, rtol, atol) -> bool:
    """values_problem(...) is None, when every expected value is finite (else False: checked step by step)."""
    g, e = got.astype(np.float64), want.astype(np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        return bool(np.isfinite(e).all() and (np.abs(g - e) <= atol + rtol * np.abs(e)).all())


def momentum_given(seed=3):
    rng = np.random.default_rng(seed)
    return {"learning_rate": 0.05, "momentum": 0.8, "velocity": rng.standard_normal((2, 3)) * 0.1}


def adam_given(seed=4, **more):
    rng = np.random.default_rng(seed)
    return {"learning_rate": 1e-2, "t": 10, "m": rng.standard_normal((2, 3)) * 0.1,
            "v": rng.random((2, 3)) * 0.05, **more}


DEFAULTS_HINT = ("{rule}(): config may be None: every key then takes its default from the statement. Start from a "
                 "new dict (`config = dict(config or {{}})`).")
CUSTOM_HINT = "{rule}(): read every hyperparameter from config: a value given there replaces the default."
PARTIAL_HINT = "{rule}(): only learning_rate is given: the other hyperparameters take their defaults."
RESUME_HINT = ("{rule}(): this run starts from a config that already holds state (as after earlier steps): use it, "
               "with the meaning the statement gives it, instead of starting from zeros.")
NO_NAN_HINT = ("{rule}(): a zero gradient with a zero state is 0 / (0 + epsilon) = 0: add epsilon to the "
               "denominator (after the square root), so no 0/0.")
ONLY_DECAY_HINT = ("adamw(): with zero gradients Adam's step is 0 and only the decay moves w: w - learning_rate * "
                   "weight_decay * w at every step. The decay is DECOUPLED: never added to dw (sqrt(v_hat) would "
                   "divide it), and scaled by the learning rate.")
NO_DECAY_HINT = "adamw(): weight_decay = 0 is plain Adam: the same steps as your adam()."
TINY_HINT = ("{rule}(): with tiny gradients epsilon weighs as much as sqrt(...): add it AFTER the square root, "
             "sqrt(...) + epsilon.")

COMMON = [  # config=None in one case only, after config={}: its hint is shown when None is the problem
    trajectory("config={}: the defaults", seed=1, config={}),
    trajectory("config=None: the defaults", seed=0, hint=DEFAULTS_HINT),
    trajectory("a 4-d parameter (conv weights)", seed=5, shape=(2, 3, 2, 2), steps=20, config={}),
]
EXTREME = trajectory("large gradients (scale 1e3)", seed=6, scale=1e3, steps=30, config={}, layer="edge")
FLOAT32 = trajectory("float32 stays float32", seed=2, dtype=np.float32, config={}, layer="polish")
CASES = {
    "sgd": [
        *COMMON,
        trajectory("custom learning_rate", seed=7, config={"learning_rate": 0.3}, hint=CUSTOM_HINT),
        EXTREME, FLOAT32,
    ],
    "sgd_momentum": [
        *COMMON,
        trajectory("custom hyperparameters", seed=7, config={"learning_rate": 0.05, "momentum": 0.5},
                   hint=CUSTOM_HINT),
        trajectory("only learning_rate given", seed=8, config={"learning_rate": 0.2}, hint=PARTIAL_HINT),
        trajectory("resume from a given velocity", seed=9, config=momentum_given(), hint=RESUME_HINT),
        EXTREME, FLOAT32,
    ],
    "rmsprop": [
        *COMMON,
        trajectory("custom hyperparameters", seed=7,
                   config={"learning_rate": 0.05, "decay_rate": 0.9, "epsilon": 1e-3}, hint=CUSTOM_HINT),
        trajectory("only learning_rate given", seed=8, config={"learning_rate": 0.2}, hint=PARTIAL_HINT),
        trajectory("resume from a given cache", seed=9,
                   config={"cache": np.random.default_rng(3).random((2, 3)) * 0.1}, hint=RESUME_HINT),
        EXTREME,
        trajectory("tiny gradients (scale 1e-6)", seed=10, scale=1e-6, config={}, hint=TINY_HINT, layer="edge"),
        trajectory("a zero gradient first: no NaN", seed=11, first=0.0, config={}, hint=NO_NAN_HINT, layer="edge"),
        FLOAT32,
    ],
    "adam": [
        *COMMON,
        trajectory("custom hyperparameters", seed=7,
                   config={"learning_rate": 0.05, "beta1": 0.5, "beta2": 0.9, "epsilon": 1e-3},
                   hint=CUSTOM_HINT),
        trajectory("only learning_rate given", seed=8, config={"learning_rate": 0.2}, hint=PARTIAL_HINT),
        trajectory("resume from a given state at t = 10", seed=9, config=adam_given(), hint=RESUME_HINT),
        trajectory("100 steps", seed=12, steps=100, shape=(5,), config={}),
        EXTREME,
        trajectory("tiny gradients (scale 1e-6)", seed=10, scale=1e-6, config={}, hint=TINY_HINT, layer="edge"),
        trajectory("a zero gradient first: no NaN", seed=11, first=0.0, config={}, hint=NO_NAN_HINT, layer="edge"),
        FLOAT32,
    ],
    "adamw": [  # the bonus: Adam's cases, with a weight decay strong enough to show where it is applied
        *COMMON,
        trajectory("custom hyperparameters", seed=7,
                   config={"learning_rate": 0.05, "beta1": 0.5, "beta2": 0.9, "epsilon": 1e-3, "weight_decay": 0.1},
                   hint=CUSTOM_HINT),
        trajectory("only learning_rate given", seed=8, config={"learning_rate": 0.2}, hint=PARTIAL_HINT),
        trajectory("zero gradients: only the decay moves w", seed=13, scale=0.0, steps=20,
                   config={"learning_rate": 0.1, "weight_decay": 0.5}, hint=ONLY_DECAY_HINT),
        trajectory("weight_decay = 0 is Adam", seed=14, config={"learning_rate": 0.05, "weight_decay": 0.0},
                   hint=NO_DECAY_HINT),
        trajectory("resume from a given state at t = 10", seed=9, config=adam_given(weight_decay=0.3),
                   hint=RESUME_HINT),
        trajectory("100 steps", seed=12, steps=100, shape=(5,), config={"learning_rate": 0.01, "weight_decay": 0.2}),
        EXTREME,
        trajectory("tiny gradients (scale 1e-6)", seed=10, scale=1e-6, config={}, hint=TINY_HINT, layer="edge"),
        trajectory("a zero gradient first: no NaN", seed=11, first=0.0, config={}, hint=NO_NAN_HINT, layer="edge"),
        FLOAT32,
    ],
}
LAYERS = ("core", "edge", "polish")  # every rule's core trajectories first, then edge cases, then polish
PARAMS = sorted(((rule, traj) for rule, trajs in CASES.items() for traj in trajs),
                key=lambda p: LAYERS.index(p[1].layer))


@pytest.mark.parametrize("rule, traj", PARAMS, ids=[f"{r}-{t}" for r, t in PARAMS])
def test_trajectory(kata, rule, traj):
    follow(kata, rule, [Run(kata, rule, traj)])


@pytest.mark.parametrize("rule", list(CASES))
def test_two_parameters_updated_in_turn(kata, rule):
    """A model has several parameters, each with its own config, updated one after the other."""
    shared = ("{rule}(): two parameters, each with its own config, are updated in turn (as in a training loop): "
              "if each alone is right but not both together, state is shared between them: keep ALL of "
              "a rule's state in the config it returns.")
    a = trajectory("parameter A of two, updated in turn with B", seed=20, steps=10, config={})
    b = trajectory("parameter B of two, updated in turn with A", seed=21, shape=(3,), steps=10, config={})
    follow(kata, rule, [Run(kata, rule, a, hint=shared), Run(kata, rule, b, hint=shared)])


@pytest.mark.parametrize("rule", list(CASES))
def test_benchmark(kata_bench, rule):
    rng = np.random.default_rng(0)
    w, dw = rng.standard_normal((1000, 1000)), rng.standard_normal((1000, 1000))
    kata_bench(rule, Case("one step on a 1000 x 1000 parameter", {"w": w, "dw": dw, "config": None}),
               label="w 1000x1000")
