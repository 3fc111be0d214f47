"""sensei: the shared grader of ml-katas (the pytest plugin, the checkers, the `kata` command).

A kata's test file uses: ``case``/``generated`` to list cases, the ``kata`` fixture to grade
them against the reference, and output specs (Close, Exact, Scalar, Equal, Outputs) to say how.
"""
from .cases import Case, case, generated
from .compare import Close, Equal, Exact, Ignore, Outputs, Problem, Scalar, Spec
from .errors import Blocked, ImportFailed, KataFailure, NotStarted
from .grader import Kata, load_module

__all__ = ["Case", "case", "generated", "Close", "Equal", "Exact", "Ignore", "Outputs", "Problem",
           "Scalar", "Spec", "Blocked", "ImportFailed", "KataFailure", "NotStarted", "Kata", "load_module"]
