"""Known mistakes: a kata declares its classic mistakes once, and a failure names the one it matches.

In a kata's test file::

    MISTAKES = [
        mistake("binary_cross_entropy", "binary cross-entropy SUMMED over entries instead of averaged",
                fix="binary_cross_entropy(): average over every entry (np.mean), not np.sum.",
                gives=lambda ref, probs, targets: probs.size * ref.binary_cross_entropy(probs, targets)),
    ]

`gives(reference, *args)` computes what the mistake returns on a case's arguments (our code, in
the grading process, with the reference module at hand; never shown). When a check of that
function fails, the grader computes every declared mistake of it on the failing case; when the
learner's output matches one by the case's own spec (and the mistake is told apart from the right
answer there), the message leads with ``looks like: <name>`` and its hint is the mistake's fix.
When none matches, cheap relations between the two outputs still say something: a constant ratio
(``yours = 3 x expected``), a sign flip, a transpose, a constant offset.
"""
from __future__ import annotations

import copy
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Mistake:
    function: str  # the function it is about
    name: str  # what the learner did, in a few words
    fix: str  # one idea, naming the function
    gives: Callable[..., Any] | None = None  # gives(reference module, *case args) -> its output
    raised: str = ""  # or: words of the error the learner's code raises when it makes this mistake


def mistake(function: str, name: str, *, fix: str, gives: Callable[..., Any]) -> Mistake:
    return Mistake(function, name, fix, gives)


def crash(function: str, name: str, *, fix: str, raised: str) -> Mistake:
    """A mistake that shows as an error in the learner's code, told by words of its message:
    ``crash("conv_forward", "the output size is a float: / instead of //", fix=...,
    raised="'float' object cannot be interpreted as an integer")``."""
    return Mistake(function, name, fix, raised=raised)


def crashed(mistakes: Sequence[Mistake], function: str, message: str) -> Mistake | None:
    """The first declared crash of `function` whose words are in the error's message."""
    return next((m for m in mistakes if m.function == function and m.raised and m.raised in message), None)


def matching(mistakes: Sequence[Mistake], function: str, reference: Any, args: dict[str, Any], got: Any,
             want: Any, spec: Any) -> Mistake | None:
    """The first declared mistake of `function` whose output on `args` is `got` (by `spec`) and
    differs from the right answer `want`."""
    for m in mistakes:
        if m.function != function or m.gives is None:
            continue
        try:
            with np.errstate(all="ignore"):
                variant = m.gives(reference, *copy.deepcopy(list(args.values())))
            if spec.problem(got, variant) is None and spec.problem(variant, want) is not None:
                return m
        except Exception:  # noqa: BLE001 - a mistake that does not apply to this input
            continue
    return None


def _numbers(value: Any) -> np.ndarray | None:
    if isinstance(value, (bool, np.bool_)):
        return None
    if isinstance(value, (int, float, np.number)):
        return np.asarray(value, dtype=np.float64)
    if isinstance(value, np.ndarray) and value.dtype.kind in "fiu":
        return value.astype(np.float64)
    if type(value).__module__.startswith("torch") and hasattr(value, "detach"):
        try:
            return value.detach().double().cpu().numpy()
        except Exception:  # noqa: BLE001
            return None
    return None


def _simple(k: float) -> str | None:
    """'3', '1/2', '-2' for a ratio close to a simple fraction; None otherwise."""
    if not math.isfinite(k) or not 1e-4 <= abs(k) <= 1e4:
        return None
    frac = Fraction(k).limit_denominator(16)
    if abs(float(frac) - k) > 1e-6 * max(1.0, abs(k)) or frac in (0, 1):
        return None
    return str(frac)


def relation(got: Any, want: Any) -> str:
    """A cheap relation between the learner's numbers and the expected ones, or ''."""
    g, w = _numbers(got), _numbers(want)
    if g is None or w is None or g.size == 0 or not np.all(np.isfinite(w)) or not np.all(np.isfinite(g)):
        return ""
    if g.shape == w.shape:
        if np.allclose(g, -w, rtol=1e-6, atol=1e-9) and not np.allclose(w, 0):
            return "yours = -expected (the sign is flipped)"
        nonzero = np.abs(w) > 1e-12
        if nonzero.any() and np.allclose(g[~nonzero], 0, atol=1e-9):
            ratios = g[nonzero] / w[nonzero]
            k = float(np.median(ratios))
            if np.allclose(ratios, k, rtol=1e-6, atol=1e-9):
                text = _simple(k)
                if text is not None:
                    return f"yours = {text} x expected"
        if g.size > 1:
            c = float(np.median(g - w))
            if c != 0 and np.allclose(g - w, c, rtol=1e-6, atol=1e-9) and not np.allclose(w, w.flat[0]):
                return f"yours = expected {'+' if c > 0 else '-'} {abs(c):.6g} everywhere (a constant offset)"
    if g.ndim == 2 and g.shape == w.T.shape and g.shape != w.shape and np.allclose(g, w.T, rtol=1e-6, atol=1e-9):
        return "yours is the expected array transposed"
    return ""
