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
from .compare import Close, Ignore, Outputs, Scalar, Spec, computed_from, float_dtype
from .mistakes import matching
from .grader import Kata, Later

# A forward/backward pair agrees with itself when the relative error is below this (float64).
SELF_CONSISTENCY_TOL = 1e-6


def rel_error(a: np.ndarray, b: np.ndarray) -> float:
    """Relative error of two gradients, on the scale of the whole array:
    max |a - b| / max(max |a|, max |b|), 0 when both are 0.

    (CS231n's element-wise version divides by |a| + |b| entry by entry, so an entry near 0 fails a
    correct solution on round-off alone; a real mistake is large against the array's scale.)
    """
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    if a.size == 0:
        return 0.0
    scale = max(float(np.max(np.abs(a))), float(np.max(np.abs(b))))
    diff = float(np.max(np.abs(a - b)))
    if not np.isfinite(diff):
        return float("inf")
    return diff / scale if scale > 0 else 0.0


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


def numerical_gradients(module, name: str, args: list[Any], wrt: Sequence[int], dout: np.ndarray | None,
                        index: int | None, h: float) -> list[np.ndarray]:
    """Runs in the worker: centred differences of ``module.name``'s output (part ``index``, weighted
    by ``dout``, or the scalar itself) with respect to the arguments at positions ``wrt``. Every
    evaluation gets fresh copies of the arguments, so state a call updates (bn_param) never leaks."""
    fn = getattr(module, name)
    args = list(args)

    def objective() -> float:
        with np.errstate(all="ignore"):
            out = fn(*copy.deepcopy(args))
        if index is not None:
            out = out[index]
        if dout is None:
            return float(out)
        return float(np.sum(np.asarray(out, np.float64) * dout))

    return [numerical_gradient(objective, args[i], h) for i in wrt]


def directional_derivatives(module, name: str, args: list[Any], wrt: Sequence[int], dout: np.ndarray | None,
                            index: int | None, h: float, directions: list[list[np.ndarray]]) -> list[float]:
    """Runs in the worker: the centred difference of the same objective as `numerical_gradients`
    along each direction (one array per argument in `wrt`): two calls per direction, whatever the
    size of the inputs."""
    fn = getattr(module, name)

    def objective(step: float, direction: list[np.ndarray]) -> float:
        moved = copy.deepcopy(list(args))
        for i, u in zip(wrt, direction):
            moved[i] = moved[i] + step * u
        with np.errstate(all="ignore"):
            out = fn(*moved)
        if index is not None:
            out = out[index]
        if dout is None:
            return float(out)
        return float(np.sum(np.asarray(out, np.float64) * dout))

    return [(objective(h, d) - objective(-h, d)) / (2 * h) for d in directions]


# Random directions along which a gradient is checked first; the full numerical gradient (2 calls
# per input entry) is computed only to explain a disagreement.
DIRECTIONS = 4


def _agrees_along_directions(kata, name, case, keys, wrt, grads, dout, index, h, tol) -> bool:
    """Whether the learner's gradients agree with their own function along a few random directions
    (unit length over all of `wrt` together): cheap, and any real mistake shows in every direction."""
    rng = np.random.default_rng(0)
    directions = []
    for _ in range(DIRECTIONS):
        parts = [rng.standard_normal(np.shape(case.args[n])) for n in wrt]
        norm = np.sqrt(sum(float(np.sum(p * p)) for p in parts)) or 1.0
        directions.append([p / norm for p in parts])
    numeric = kata.run(name, case, directional_derivatives, name, list(case.args.values()),
                       [keys.index(n) for n in wrt], dout, index, h, directions)
    scale = np.sqrt(sum(float(np.sum(np.asarray(g, np.float64) ** 2)) for g in grads))
    for d, num in zip(directions, numeric):
        analytic = sum(float(np.sum(np.asarray(g, np.float64) * u)) for g, u in zip(grads, d))
        if not abs(num - analytic) <= tol * (scale + abs(num)):  # also catches NaN
            return False
    return True


def check_backward(kata: Kata, forward: str, backward: str, case: Case, wrt: Sequence[str], *,
                   dout_seed: int = 0, expect: Spec | None = None, numeric: bool = True,
                   h: float = 1e-6, tol: float = SELF_CONSISTENCY_TOL, hint: str = "",
                   grad_hints: dict[str, str] | None = None, forward_hint: str = "",
                   mutable: Sequence[str] = ()) -> tuple:
    """Grade a layer's backward pass on one case.

    `forward(*case.args) -> (out, cache)`; `backward(dout, cache) -> grads`, one per name in
    `wrt` (the forward's argument names, in the order backward returns them).
    0. The forward returns (out, cache) with out of the right shape; the backward returns one
       gradient per input, each of its input's shape (`grad_hints[name]` says what usually
       goes wrong with that one; `forward_hint` what goes wrong with the forward's shape).
    1. The learner's gradients must match the reference's (same dout, same inputs).
    2. With `numeric`, gradients that do not are first checked against a numerical gradient of the
       learner's own forward, so that a backward that disagrees with its own forward is named as
       such. (Gradients that match the reference's need no such check: passing cases cost no
       numerical gradient.)
    Returns the learner's gradients.
    """
    ref = Later(getattr(kata.reference, forward), *copy.deepcopy(list(case.args.values())))
    out, cache = kata.call(forward, case, parts=("out", "cache"), mutable=mutable, meanwhile=ref)
    ref_out, ref_cache = ref.result()
    if np.shape(out) != np.shape(ref_out):
        kata.fail(forward, case, f"out has shape {np.shape(out)}, expected {np.shape(ref_out)}, so the "
                  "backward cannot be graded: fix the forward first (its own tests show how)",
                  hint=forward_hint or case.hint or hint)
    # dout has the inputs' dtype (float32 in, float32 out), whatever dtype the learner's forward returned.
    dtype = float_dtype(case.args[name] for name in wrt)
    dout = np.random.default_rng(dout_seed).standard_normal(np.shape(out)).astype(dtype)
    names = [f"d{name}" for name in wrt]
    bcase = Case(case.name, {"dout": dout, "cache": cache}, hint=case.hint or hint)
    shown = Case(case.name, {**case.args, "dout": dout}, hint=case.hint)
    want = Later(getattr(kata.reference, backward), dout.copy(), ref_cache)
    if len(wrt) == 1:
        grads = kata.call(backward, bcase, meanwhile=want)
        grads = tuple(grads) if isinstance(grads, (tuple, list)) and len(grads) == 1 else (grads,)
    else:
        grads = tuple(kata.call(backward, bcase, parts=names, meanwhile=want))
    expect = expect or Outputs(**{n: Close(rtol=1e-6, atol=1e-8) for n in names})
    want = want.result()
    if len(wrt) == 1 and not isinstance(want, (tuple, list)):
        want = (want,)
    want = tuple(want)
    # A declared mistake of the backward is named first: `gives(reference, *forward args, dout)`.
    with computed_from(shown.args):
        differs = expect.problem(grads, want) is not None
        named = differs and matching(kata.mistakes, backward, kata.reference, shown.args, grads, want,
                                     expect) is not None
    if named:
        kata.compare(backward, shown, grads, want, expect, hint=hint)
    for name, dname, grad in zip(wrt, names, grads):
        want_shape = np.shape(case.args[name])
        if np.shape(grad) != want_shape:
            extra = (grad_hints or {}).get(name, "") or case.hint or hint
            kata.fail(backward, shown, f"{dname} has shape {np.shape(grad)}, but {name} has shape {want_shape}",
                      hint=" ".join(h for h in ("Each gradient has the shape of its input.", extra) if h))
    if numeric and differs:  # gradients that match the reference's need no numerical check
        _check_self_consistency(kata, forward, backward, case, wrt, grads, dout, names, h, tol, hint)
    kata.compare(backward, shown, grads, want, expect, hint=hint, what="gradient differs from the reference's")
    return grads


def _check_self_consistency(kata, forward, backward, case, wrt, grads, dout, names, h, tol, hint):
    if any(np.asarray(case.args[name]).dtype != np.float64 for name in wrt):
        return  # numerical gradients need float64 inputs (float32 round-off swamps h = 1e-6)
    keys = list(case.args)
    if all(np.shape(g) == np.shape(case.args[n]) for g, n in zip(grads, wrt)) and \
            _agrees_along_directions(kata, forward, case, keys, wrt, grads, dout, 0, h, tol):
        return
    numerics = kata.run(forward, case, numerical_gradients, forward, list(case.args.values()),
                        [keys.index(n) for n in wrt], dout, 0, h)
    for name, dname, grad, numeric in zip(wrt, names, grads, numerics):
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
                        numeric: bool = True, h: float = 1e-6, tol: float = SELF_CONSISTENCY_TOL,
                        hint: str = "") -> Any:
    """Grade `name(*args) -> (loss, dwrt)`.

    1. With `numeric` (float64 `wrt` only), a gradient that differs from the reference's is first
       checked against a numerical gradient of the learner's OWN loss: a pair that disagrees with
       itself is named as such (a gradient that matches the reference's needs no such check).
    2. The loss and the gradient must match the reference's.
    """
    expect = expect or Outputs(loss=Scalar(), **{f"d{wrt}": Close(rtol=1e-6, atol=1e-8)})
    if case.raises is not None:
        return kata.check(name, case, expect, hint=hint)
    want = Later(kata.expected, name, case)
    got = kata.call(name, case, parts=("loss", f"d{wrt}"), meanwhile=want)
    want = want.result()
    # The loss first: a wrong loss is the cause, whatever its gradient does (and a numerical
    # gradient of a loss that is not finite says nothing).
    if isinstance(expect, Outputs) and len(expect.parts) == 2:
        loss_name, loss_spec = next(iter(expect.parts.items()))
        kata.compare(name, case, got, want,
                     Outputs(**{loss_name: loss_spec, f"d{wrt}": Ignore()}), hint=hint)
    # Then a declared mistake of the pair, named before the numerical check (which cannot name it).
    with computed_from(case.args):
        differs = expect.problem(got, want) is not None
        named = differs and matching(kata.mistakes, name, kata.reference, case.args, got, want, expect) is not None
    if named:
        kata.compare(name, case, got, want, expect, hint=hint)
    grad = np.asarray(got[1])
    finite = np.all(np.isfinite(np.asarray(got[0], dtype=np.float64)))
    if numeric and differs and finite and np.asarray(case.args[wrt]).dtype == np.float64 \
            and grad.shape == np.shape(case.args[wrt]):
        keys = list(case.args)
        agrees = _agrees_along_directions(kata, name, case, keys, [wrt], [grad], None, 0, h, tol)
        numerical = None if agrees else kata.run(name, case, numerical_gradients, name,
                                                 list(case.args.values()), [keys.index(wrt)], None, 0, h)[0]
        err = 0.0 if agrees else rel_error(grad, numerical)
        if not err < tol:
            kata.fail(name, case, f"your gradient disagrees with your own loss: d{wrt} has relative "
                      f"error {err:.2e} against a numerical gradient of your loss (should be < {tol:g})",
                      expected=numerical, got=grad,
                      hint=" ".join(x for x in (case.hint or hint, f"{name}(): differentiate the loss you "
                                                "return, term by term (the mean over N, the regularisation "
                                                "term).") if x))
    kata.judge(name, case, got, want, expect, hint=hint)
    return got
