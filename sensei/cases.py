"""Cases: named inputs for one graded function, written by hand or generated from a seed."""
from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

# A generator builds one case's positional arguments from a seeded rng and a size.
Generator = Callable[[np.random.Generator, int], dict[str, Any]]


def fresh(value: Any) -> Any:
    """A copy of a case's value that shares nothing with it: copy.deepcopy, but several times faster on
    what inputs hold (dicts, lists, tuples, arrays, numbers, strings); any other object is deep-copied."""
    kind = type(value)
    if kind is dict:
        return {k: fresh(v) for k, v in value.items()}
    if kind in (tuple, list):
        return kind(fresh(v) for v in value)
    if kind is np.ndarray and value.dtype.kind != "O":
        return value.copy()
    if value is None or kind in (int, float, bool, str, bytes, complex):
        return value
    return copy.deepcopy(value)


def slugify(text: str) -> str:
    """'IoU equal to the threshold' -> 'iou-equal-to-the-threshold' (a stable pytest id)."""
    return re.sub(r"[^a-z0-9.]+", "-", text.lower()).strip("-")


@dataclass
class Case:
    """One graded call: a name that says what it tests, the arguments in call order, a hint.

    Arguments are passed positionally, in the order given, so a learner may name the
    parameters as they like; ``kwargs`` are passed by keyword (e.g. ``**extra``).
    ``raises`` names the exception the call must raise (the case is then about invalid input).
    """

    name: str
    args: dict[str, Any]
    hint: str = ""
    raises: type[BaseException] | tuple[type[BaseException], ...] | None = None
    kwargs: dict[str, Any] = field(default_factory=dict)
    # Set for generated cases: how to rebuild it, and so how to look for a smaller failing one.
    generator: Generator | None = None
    seed: int | None = None
    size: int | None = None
    # What the case grades, for the summary: "core" results, "edge" cases, contract "polish"
    # (dtypes, invalid input, inputs untouched). Invalid-input cases are polish by default.
    tier: str = ""

    @property
    def layer(self) -> str:
        return self.tier or ("polish" if self.raises is not None else "core")

    def __str__(self) -> str:  # pytest uses it through ids=str
        return slugify(self.name)

    @property
    def id(self) -> str:
        return slugify(self.name)

    def __getattr__(self, attr: str) -> Any:
        """A generated case's arguments are drawn when first asked for (`generated`): a run that grades
        a few cases (the stub's, `-x`, one case re-run) draws only those."""
        lazy = self.__dict__.get("_draw")
        if attr != "args" or lazy is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {attr!r}")
        self.args = lazy()
        del self.__dict__["_draw"]
        return self.args

    def describe_origin(self) -> str:
        if self.generator is None:
            return ""
        return f"generated with np.random.default_rng({self.seed}), size {self.size}"

    def with_args(self, args: dict[str, Any], name: str | None = None, size: int | None = None,
                  seed: int | None = None) -> "Case":
        return Case(name or self.name, args, self.hint, self.raises, dict(self.kwargs),
                    self.generator, seed if seed is not None else self.seed,
                    size if size is not None else self.size, self.tier)


def case(name: str, *, hint: str = "", raises=None, kwargs: dict | None = None, layer: str = "",
         **args: Any) -> Case:
    """``case("empty input", boxes=np.zeros((0, 4)), scores=np.zeros(0), iou_threshold=0.5, hint=...)``.

    The keyword arguments other than hint/raises/kwargs are the function's arguments, in order.
    """
    if layer not in ("", "core", "edge", "polish"):
        raise ValueError(f"layer is core, edge or polish, not {layer!r}")
    return Case(name, dict(args), hint=hint, raises=raises, kwargs=dict(kwargs or {}), tier=layer)


def generated(name: str, generator: Generator, sizes: Iterable[int], seeds: Iterable[int],
              hint: str = "", layer: str = "") -> list[Case]:
    """Seeded random cases: one per (size, seed), each reproducible from its id alone.

    ``name`` may use {size} and {seed}: ``generated("random n={size} seed={seed}", make, ...)``.
    """
    out = []
    names = _names_seen(generator)
    for size in sizes:
        for seed in seeds:
            label = name.format(size=size, seed=seed)
            if "{seed}" not in name:
                label += f" seed={seed}"
            c = Case(label, {}, hint=hint, generator=generator, seed=seed, size=size, tier=layer)
            del c.args  # drawn when first asked for (Case.__getattr__)
            c._draw = _Draw(generator, seed, size, names)
            out.append(c)
    return out


_EMPTY = object()


def _names_seen(generator: Generator) -> dict[str, Any]:
    """What the generator's free names stand for now: a generator written in a loop that reads the loop's
    variable (`lambda rng, n: make(rng, n, mode)`) would draw, later, with the variable's last value."""
    code = getattr(generator, "__code__", None)
    if code is None:
        return {}
    names = {name: generator.__globals__[name] for name in code.co_names if name in generator.__globals__}
    for name, cell in zip(code.co_freevars, generator.__closure__ or ()):
        try:
            names[name] = cell.cell_contents
        except ValueError:  # not assigned yet
            names[name] = _EMPTY
    return names


class _Draw:
    """A generated case's arguments, drawn when called; refused if a name the generator reads changed."""

    def __init__(self, generator: Generator, seed: int, size: int, names: dict[str, Any]):
        self.generator, self.seed, self.size, self.names = generator, seed, size, names
        self.prefetch = None  # (a sensei.prefetch.Prefetch drawing it ahead, its index there)

    def __call__(self) -> dict[str, Any]:
        if self.prefetch is not None:
            ahead, i = self.prefetch
            self.prefetch = None
            args = ahead.take(i)
            if args is not None:
                return args
        now = _names_seen(self.generator)
        if now.keys() != self.names.keys() or any(now[k] is not v for k, v in self.names.items()):
            raise RuntimeError(f"the generator {getattr(self.generator, '__qualname__', self.generator)} reads a "
                               "name that changed after generated() was called (a loop variable?): bind it as a "
                               "default argument (lambda rng, n, mode=mode: ...)")
        return self.generator(np.random.default_rng(self.seed), self.size)

    def __copy__(self) -> "_Draw":
        return self  # (nothing in it changes: a copied case draws the same arguments)

    def __deepcopy__(self, memo: dict) -> "_Draw":
        return self
