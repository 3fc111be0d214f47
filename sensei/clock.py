"""The one clock of the `kata` command: every time it records or compares (progress, interviews,
reviews) comes from `now()`.

`KATA_NOW` set in the environment fixes the time: an ISO 8601 time (`2030-01-07T09:00`, local
time unless it names its offset) or unix seconds (`1893920400`). The repo's tests set it to run
an interview against a clock they control and to move a review schedule over days; a learner
never needs it. Unset, it is the wall clock (time.time()), so a session survives the terminal
closing: its start and deadline are wall-clock times.
"""
from __future__ import annotations

import os
import time
from datetime import date, datetime

from .cli_catalog import CliError

ENV = "KATA_NOW"


def parse(text: str) -> float:
    """Unix seconds from `text`: a number of seconds, or an ISO 8601 date or time."""
    text = text.strip()
    try:
        return float(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except ValueError:
        raise CliError(f"{ENV}={text!r} is not a time: give an ISO 8601 time (2030-01-07T09:00) "
                       f"or unix seconds, or unset it") from None


def now() -> float:
    """Unix seconds: KATA_NOW when set, else the wall clock."""
    fixed = os.environ.get(ENV)
    if fixed:
        return parse(fixed)
    return time.time()


def today() -> date:
    """The local date of now()."""
    return local(now()).date()


def local(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds)


def stamp(seconds: float | None = None) -> str:
    """`20300107-090000`: for file names."""
    return local(now() if seconds is None else seconds).strftime("%Y%m%d-%H%M%S")
