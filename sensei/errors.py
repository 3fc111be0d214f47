"""The ways a graded call can end badly, each carrying a finished message for the learner."""
from __future__ import annotations


class KataFailure(AssertionError):
    """A graded check failed. ``str(exc)`` is the whole message: case, input, expected vs got, hint."""


class Blocked(Exception):
    """The kata cannot be graded at all yet (not started, does not import).

    Every test of the kata reports the same one line, so the plugin shows it once per kata.
    """

    category = "blocked"
    letter = "B"

    def __init__(self, message: str, key: str, item: list[str] | None = None, where: str = ""):
        super().__init__(message)
        self.key = key  # the file at fault: one line per file
        self.item = list(item or [])  # what in it, e.g. ["nms()"]: lines of one file are merged
        self.where = where  # the file as shown to the learner


class NotStarted(Blocked):
    category = "not started"
    letter = "N"


class ImportFailed(Blocked):
    category = "does not import"
    letter = "I"


class Banned(Blocked):
    """The graded file uses a library call its kata forbids (sensei/banned.py)."""

    category = "banned"
    letter = "X"


class TimeLimit(BaseException):
    """Raised inside the learner's code by the alarm. A BaseException, so `except Exception` in
    the learner's loop cannot swallow it."""
