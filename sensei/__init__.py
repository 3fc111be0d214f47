"""sensei: the shared grader of ml-katas (the pytest plugin, the checkers, the `kata` command).

A kata's test file uses: ``case``/``generated`` to list cases, the ``kata`` fixture to grade
them against the reference, and output specs (Close, Exact, Scalar, Equal, Outputs) to say how.
From a notebook or a REPL: ``from sensei import grade; grade("nms", my_nms)`` (sensei.notebook).

Names are imported lazily, so that the `kata` command starts without importing numpy.
"""
from __future__ import annotations

import importlib

_EXPORTS = {
    "Case": "cases", "case": "cases", "generated": "cases", "fresh": "cases",
    "Close": "compare", "Equal": "compare", "Exact": "compare", "Ignore": "compare", "Outputs": "compare",
    "Problem": "compare", "Scalar": "compare", "Spec": "compare", "TensorClose": "compare",
    "Blocked": "errors", "ImportFailed": "errors", "KataFailure": "errors", "NotStarted": "errors",
    "Kata": "grader", "Later": "grader", "load_module": "grader", "Banned": "errors",
    "Mistake": "mistakes", "mistake": "mistakes", "crash": "mistakes",
    "grade": "notebook", "GradeResult": "notebook",
}
__all__ = list(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    globals()[name] = value
    return value
