"""Output specs: how a learner's output is compared with the reference's.

A spec's ``problem(got, expected)`` returns None when they agree, else a Problem: a one-line
summary, detail lines (first mismatch, largest error, ...) and a hint aimed at the usual cause.
"""
from __future__ import annotations

import contextlib
import numbers
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .show import describe


MISSING = object()


@dataclass
class Problem:
    summary: str
    details: list[str] = field(default_factory=list)
    hint: str = ""
    # For a part of a tuple output: the part to show as expected/got instead of the whole.
    got: Any = MISSING
    expected: Any = MISSING


HINT_DTYPE_FLOAT = ("Floating outputs keep the input's float dtype (float32 in, float32 out); integer "
                    "inputs give float64. A helper array made without dtype= (np.zeros(n), np.array([...]), "
                    "np.eye(n)) is float64 and upcasts everything it touches: for a float input, build it "
                    "with x.dtype or np.zeros_like(x).")
HINT_DTYPE_INDEX = ("Index outputs are np.int64: return np.array(keep, dtype=np.int64) "
                    "(an empty list becomes float64 without dtype=).")
HINT_NONFINITE = ("The answer is finite but yours is not: an exp() overflowed (shift by the max "
                  "first), a log hit 0, or a 0/0 was not guarded.")
HINT_SCALAR_PRECISION = ("Your result is a {got} number but the inputs are {inputs}: compute in the inputs' "
                         "dtype, which sets the accuracy graded. A cast to float32 on the way (astype(np.float32), "
                         "torch's default float32 tensors) loses the digits.")
HINT_NOT_ARRAY = "Return a numpy array (np.ndarray), as the statement says, not a list or a tensor."


def _as_float(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "fiu":
        return float(value)
    return None


def float_dtype(inputs: Iterable[Any]) -> np.dtype:
    """The float dtype of outputs computed from these inputs (float32 in, float32 out): the common
    dtype of the float numpy arrays among them; float64 when there is none (integer arrays, lists).
    Scalars (a threshold, a regularisation strength) do not decide it."""
    floats = [v.dtype for v in inputs if isinstance(v, np.ndarray) and v.dtype.kind == "f"]
    return np.result_type(*floats) if floats else np.dtype(np.float64)


_INPUTS_DTYPE: ContextVar[np.dtype | None] = ContextVar("inputs_dtype", default=None)


@contextlib.contextmanager
def computed_from(inputs: dict[str, Any]) -> Iterator[None]:
    """Compare outputs computed from these inputs (a case's arguments by name): a Scalar's
    tolerance follows the inputs' float dtype, whatever type the learner returned."""
    token = _INPUTS_DTYPE.set(float_dtype(inputs.values()))
    try:
        yield
    finally:
        _INPUTS_DTYPE.reset(token)


class Spec:
    def problem(self, got: Any, expected: Any) -> Problem | None:  # pragma: no cover - interface
        raise NotImplementedError


@dataclass
class Tolerant(Spec):
    """Value specs' tolerances: rtol/atol for float64, rtol32/atol32 for float32 (and float16)."""

    rtol: float = 1e-7
    atol: float = 1e-9
    rtol32: float = 1e-4
    atol32: float = 1e-5

    def pick(self, low_precision: bool) -> tuple[float, float]:
        return (self.rtol32, self.atol32) if low_precision else (self.rtol, self.atol)


@dataclass
class Close(Tolerant):
    """A float array equal to the expected one within tolerance, with the same shape and dtype."""

    dtype: bool = True
    # The hint for a wrong shape, when the kata knows the usual cause (e.g. "dW has W's shape [D, C]").
    shape_hint: str = "Check which axis you reduce over and that you keep the input's shape."

    def tolerances(self, dtype: np.dtype) -> tuple[float, float]:
        return self.pick(dtype in (np.float32, np.float16))

    def problem(self, got, expected):
        if not isinstance(got, np.ndarray):
            return Problem(f"expected a numpy array, got {describe(got)}", hint=HINT_NOT_ARRAY)
        expected = np.asarray(expected)
        if got.shape != expected.shape:
            return Problem(f"wrong shape: expected {expected.shape}, got {got.shape}", hint=self.shape_hint)
        if self.dtype and got.dtype != expected.dtype:
            return Problem(f"wrong dtype: expected {expected.dtype}, got {got.dtype}", hint=HINT_DTYPE_FLOAT)
        return values_problem(got, expected, *self.tolerances(expected.dtype))


def values_problem(got: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> Problem | None:
    """Compare values of two arrays of one shape: NaN/inf where they belong, the rest within tolerance."""
    g = np.asarray(got, dtype=np.float64)
    e = np.asarray(expected, dtype=np.float64)
    if g.size == 0:
        return None
    finite = np.isfinite(e)
    with np.errstate(invalid="ignore", over="ignore"):  # inf - inf: handled by same_special
        close = (np.abs(g - e) <= atol + rtol * np.abs(e)) & finite  # an infinite expected: only itself
    if close.all():  # the usual case, in few operations (graders compare thousands of small arrays)
        return None
    same_special = (np.isnan(g) & np.isnan(e)) | (~finite & (g == e))
    bad = ~same_special & ~close
    if not bad.any():
        return None
    first = tuple(int(i) for i in np.argwhere(bad)[0])
    where = lambda idx: f"[{', '.join(str(int(i)) for i in idx)}]" if g.ndim else ""  # noqa: E731
    details = [f"first mismatch at {where(first) or 'the value'}: expected {e[first].item()!r}, "
               f"got {g[first].item()!r}" if g.ndim else f"expected {e[()].item()!r}, got {g[()].item()!r}"]
    details.append(f"{int(bad.sum())} of {g.size} values differ (tolerance: rtol={rtol:g}, atol={atol:g})")
    finite = np.isfinite(g) & np.isfinite(e)
    if (bad & finite).any():
        err = np.where(bad & finite, np.abs(g - e), -1.0)
        worst = np.unravel_index(int(np.argmax(err)), g.shape)
        scale = abs(e[worst])
        rel = f", relative {err[worst] / scale:.3g}" if scale > 1e-12 else ""
        details.append(f"largest error: {err[worst]:.3g} at {where(worst) or 'the value'} "
                       f"(expected {e[worst].item()!r}, got {g[worst].item()!r}{rel})")
    hint = ""
    if (~np.isfinite(g) & np.isfinite(e)).any():
        details.append(f"{int((~np.isfinite(g) & np.isfinite(e)).sum())} values are NaN or inf "
                       "where the answer is finite")
        hint = HINT_NONFINITE
    return Problem("wrong values", details, hint)


@dataclass
class Scalar(Tolerant):
    """One number: a Python float, a numpy floating scalar or a 0-d array are all fine."""

    def problem(self, got, expected):
        value = _as_float(got)
        if value is None:
            return Problem(f"expected a single number, got {describe(got)}",
                           hint="Return one float (e.g. float(loss) or a numpy scalar), not an array or a tuple.")
        e = float(np.asarray(expected))
        # The inputs' dtype (float32 in: float32 accuracy), never the type returned: a float32 result
        # of float64 inputs must still be float64-accurate. Outside computed_from: the expected's.
        dtype = _INPUTS_DTYPE.get()
        dtype = float_dtype([np.asarray(expected)]) if dtype is None else dtype
        rtol, atol = self.pick(dtype in (np.float32, np.float16))
        if np.isnan(e) and np.isnan(value):
            return None
        if value == e or (np.isfinite(e) and abs(value - e) <= atol + rtol * abs(e)):
            return None  # an infinite expected value is matched by that infinity only
        hint = HINT_NONFINITE if np.isfinite(e) and not np.isfinite(value) else ""
        returned = np.asarray(got).dtype
        if not hint and returned.kind == "f" and returned.itemsize < dtype.itemsize:
            hint = HINT_SCALAR_PRECISION.format(got=returned, inputs=dtype)
        rel = f"relative {abs(value - e) / abs(e):.3g}; " if abs(e) > 1e-12 else ""
        return Problem("wrong value", [f"error {abs(value - e):.3g} ({rel}"
                                       f"tolerance rtol={rtol:g}, atol={atol:g})"], hint)


@dataclass
class Exact(Spec):
    """An integer array equal element for element (indices), with the expected dtype."""

    def problem(self, got, expected):
        if not isinstance(got, np.ndarray):
            return Problem(f"expected a numpy array, got {describe(got)}", hint=HINT_NOT_ARRAY)
        expected = np.asarray(expected)
        if got.dtype != expected.dtype:
            return Problem(f"wrong dtype: expected {expected.dtype}, got {got.dtype}",
                           hint=HINT_DTYPE_INDEX if expected.dtype.kind == "i" else HINT_DTYPE_FLOAT)
        if got.shape != expected.shape:
            details = []
            if got.ndim == expected.ndim == 1:
                details = _set_details(got, expected)
            return Problem(f"wrong length: expected {expected.shape}, got {got.shape}", details)
        if not np.array_equal(got, expected):
            first = tuple(int(i) for i in np.argwhere(got != expected)[0])
            details = [f"first difference at {list(first)}: expected {expected[first].item()!r}, "
                       f"got {got[first].item()!r}"]
            if got.ndim == 1:
                details += _set_details(got, expected)
            return Problem("wrong values", details)
        return None


def _some(values: set, most: int = 12) -> str:
    items = sorted(values)
    text = ", ".join(map(str, items[:most]))
    return f"[{text}, ... ({len(items)} in all)]" if len(items) > most else f"[{text}]"


def _set_details(got: np.ndarray, expected: np.ndarray) -> list[str]:
    g, e = set(got.tolist()), set(expected.tolist())
    out = []
    if e - g:
        out.append(f"missing (expected but not returned): {_some(e - g)}")
    if g - e:
        out.append(f"extra (returned but not expected): {_some(g - e)}")
    if g == e and len(got) == len(expected):
        out.append("same elements, different order")
    return out


@dataclass
class Equal(Spec):
    """Plain Python values compared with ==, with the same container types (lists of lists, ...)."""

    def problem(self, got, expected):
        kind = _structure_problem(got, expected)
        if kind:
            return Problem(kind, hint="Return plain Python lists (not a numpy array or tuples), "
                                      "as the statement says.")
        if got != expected:
            return Problem("wrong value")
        return None


def _structure_problem(got, expected, path="result") -> str:
    if isinstance(expected, list):
        if not isinstance(got, list):
            return f"{path} should be a list, got {describe(got)}"
        for i, (g, e) in enumerate(zip(got, expected)):
            inner = _structure_problem(g, e, f"{path}[{i}]")
            if inner:
                return inner
        return ""
    if isinstance(expected, int) and not isinstance(expected, bool):
        if not isinstance(got, (int, np.integer)) or isinstance(got, bool):
            return f"{path} should be an int, got {describe(got)}"
    return ""


@dataclass
class Ignore(Spec):
    """Not compared (a cache, an opaque object)."""

    def problem(self, got, expected):
        return None


@dataclass
class Outputs(Spec):
    """A tuple output: one spec per part, with names for the messages: Outputs(loss=Scalar(), dW=Close())."""

    parts: dict[str, Spec]

    def __init__(self, **parts: Spec):
        self.parts = parts

    def problem(self, got, expected):
        n = len(self.parts)
        if not isinstance(got, (tuple, list)) or len(got) != n:
            names = ", ".join(self.parts)
            return Problem(f"expected a tuple of {n} ({names}), got {describe(got)}",
                           hint=f"Return all {n} values, in this order: ({names}).")
        for (name, spec), g, e in zip(self.parts.items(), got, expected):
            p = spec.problem(g, e)
            if p:
                p.summary = f"{name}: {p.summary}"
                if p.got is MISSING:
                    p.got, p.expected = g, e
                return p
        return None


@dataclass
class TensorClose(Tolerant):
    """A torch tensor equal to the expected one: same shape and dtype, values within tolerance
    (exact for bool and integer tensors)."""

    def problem(self, got, expected):
        import torch  # here, not at the top: numpy katas grade without torch

        if not isinstance(got, torch.Tensor):
            return Problem(f"expected a torch.Tensor, got {describe(got)}",
                           hint="Return torch tensors, as the statement says (not numpy arrays or lists).")
        if got.shape != expected.shape:
            return Problem(f"wrong shape: expected {tuple(expected.shape)}, got {tuple(got.shape)}")
        if got.dtype != expected.dtype:
            return Problem(f"wrong dtype: expected {expected.dtype}, got {got.dtype}",
                           hint="Keep the input's dtype (float32 in, float32 out): a tensor made without "
                                "dtype= (torch.tensor([...]), torch.zeros(n)) is float32 or int64; use "
                                "dtype=x.dtype, torch.zeros_like(x), or x.new_zeros(...).")
        g, e = got.detach().cpu(), expected.detach().cpu()
        if not e.is_floating_point():
            rtol, atol = 0.0, 0.0
        else:
            rtol, atol = self.pick(e.dtype in (torch.float32, torch.float16, torch.bfloat16))
        return values_problem(g.double().numpy(), e.double().numpy(), rtol, atol)
