"""Gradient checks: a backward pass against the reference's AND against a centred-difference
numerical gradient of the learner's own forward (as CS231n's gradient check does), so that a
forward/backward pair that disagrees with itself is named as such.
"""
from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .cases import Case
from .compare import Close, Outputs, Scalar, Spec
from .grader import Kata

# A forward/backward pair agrees with itself when the relative error is below this (float64).
SELF_CONSISTENCY_TOL = 1e-6


def rel_error(a: np.ndarray, b: np.ndarray) -> float:
    """CS231n's relative error: max |a - b| / max(|a| + |b|), 0 when both are 0."""
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


def numerical_gradient(f: Callable[[], float], x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Centred differences of the scalar f() with respect to every entry of x (x is restored)."""
    grad = np.zeros(x.shape, dtype=np.float64)
    for idx in np.ndindex(*x.shape):
        old = x[idx]
        x[idx] = old + h
        plus = f()
        x[idx] = old - h
        minus = f()
        x[idx] = old
        grad[idx] = (plus - minus) / (2 * h)
    return grad


def _call_quiet(fn: Callable, args: list[Any]) -> Any:
    with np.errstate(all="ignore"):
        return fn(*args)


def check_backward(kata: Kata, forward: str, backward: str, case: Case, wrt: Sequence[str], *,
                   dout_seed: int = 0, expect: Spec | None = None, numeric: bool = True,
                   h: float = 1e-6, tol: float = SELF_CONSISTENCY_TOL, hint: str = "") -> tuple:
    """Grade a layer's backward pass on one case.

    `forward(*case.args) -> (out, cache)`; `backward(dout, cache) -> grads`, one per name in
    `wrt` (the forward's argument names, in the order backward returns them).
    1. The learner's gradients must match the reference's (same dout, same inputs).
    2. With `numeric`, they must also match a numerical gradient of the learner's own forward.
    Returns the learner's gradients.
    """
    out, cache = kata.call(forward, case, parts=("out", "cache"))
    ref_out = getattr(kata.reference, forward)(*copy.deepcopy(list(case.args.values())))[0]
    if np.shape(out) != np.shape(ref_out):
        kata.fail(forward, case, f"out has shape {np.shape(out)}, expected {np.shape(ref_out)}: "
                  "fix the forward first (the backward is graded on the forward's output)",
                  hint=case.hint or hint)
    dout = np.random.default_rng(dout_seed).standard_normal(np.shape(out)).astype(np.asarray(out).dtype)
    bcase = Case(case.name, {"dout": dout, "cache": cache}, hint=case.hint)
    grads = kata.call(backward, bcase)
    if len(wrt) == 1 and not isinstance(grads, (tuple, list)):
        grads = (grads,)
    names = [f"d{name}" for name in wrt]
    expect = expect or Outputs(**{n: Close(rtol=1e-6, atol=1e-8) for n in names})

    if numeric:
        _check_self_consistency(kata, forward, backward, case, wrt, grads, dout, names, h, tol, hint)

    ref_forward, ref_backward = getattr(kata.reference, forward), getattr(kata.reference, backward)
    _, ref_cache = ref_forward(*copy.deepcopy(list(case.args.values())))
    want = ref_backward(dout.copy(), ref_cache)
    if len(wrt) == 1 and not isinstance(want, (tuple, list)):
        want = (want,)
    shown_case = Case(case.name, {**case.args, "dout": dout}, hint=case.hint)
    kata.compare(backward, shown_case, tuple(grads), tuple(want), expect, hint=hint,
                 what="gradient differs from the reference's")
    return tuple(grads)


def _check_self_consistency(kata, forward, backward, case, wrt, grads, dout, names, h, tol, hint):
    fn = kata.function(forward)
    if any(np.asarray(case.args[name]).dtype != np.float64 for name in wrt):
        return  # numerical gradients need float64 inputs (float32 round-off swamps h = 1e-6)
    args = {k: copy.deepcopy(v) for k, v in case.args.items()}

    def objective() -> float:
        out = _call_quiet(fn, list(args.values()))[0]
        return float(np.sum(np.asarray(out, np.float64) * dout))

    for name, dname, grad in zip(wrt, names, grads):
        numeric = numerical_gradient(objective, args[name], h)
        if np.shape(grad) != numeric.shape:
            kata.fail(backward, case, f"{dname} has shape {np.shape(grad)}, but {name} has shape "
                      f"{numeric.shape}", hint=" ".join(h for h in (
                          "Each gradient has the shape of the input it is for.", case.hint or hint) if h))
        err = rel_error(grad, numeric)
        if not err < tol:  # also catches NaN
            worst = np.unravel_index(int(np.argmax(np.abs(np.asarray(grad, np.float64) - numeric))),
                                     numeric.shape)
            kata.fail(backward, Case(case.name, {**case.args, "dout": dout}),
                      f"your backward disagrees with your own forward: {dname} has relative error "
                      f"{err:.2e} against a numerical gradient (should be < {tol:g})",
                      details=[f"largest difference at {[int(i) for i in worst]}: your {dname} "
                               f"{np.asarray(grad)[worst].item()!r}, numerical {numeric[worst].item()!r}"],
                      expected=numeric, got=grad,
                      hint=hint or "Check the chain rule step by step: every path through the forward "
                                   "adds a term, and each gradient has its input's shape.")


def check_loss_gradient(kata: Kata, name: str, case: Case, wrt: str, *, expect: Spec | None = None,
                        h: float = 1e-6, tol: float = SELF_CONSISTENCY_TOL, hint: str = "") -> Any:
    """Grade `name(*args) -> (loss, dwrt)`: the value and gradient against the reference, and the
    gradient against a numerical gradient of the learner's own loss."""
    expect = expect or Outputs(loss=Scalar(), **{f"d{wrt}": Close(rtol=1e-6, atol=1e-8)})
    got = kata.check(name, case, expect, hint=hint)
    fn = kata.function(name)
    args = {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in case.args.items()}
    if args[wrt].dtype != np.float64:
        return got
    numeric = numerical_gradient(lambda: float(_call_quiet(fn, list(args.values()))[0]), args[wrt], h)
    err = rel_error(got[1], numeric)
    if not err < tol:
        kata.fail(name, case, f"your gradient disagrees with your own loss: d{wrt} has relative error "
                  f"{err:.2e} against a numerical gradient (should be < {tol:g})",
                  expected=numeric, got=got[1],
                  hint=hint or "Differentiate the loss you return, term by term (the mean over N, the "
                               "regularisation term).")
    return got

