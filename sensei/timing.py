"""Timing a no-argument callable: the median of a few rounds (standard library only)."""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_time(fn: Callable[[], object], budget: float = 0.5, rounds: int = 7) -> float:
    """Seconds per call: `rounds` rounds of as many calls as fit in `budget` seconds in all."""
    fn()  # warm-up
    start = time.perf_counter()
    fn()
    once = max(time.perf_counter() - start, 1e-7)
    number = max(1, int(budget / rounds / once))
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        samples.append((time.perf_counter() - start) / number)
    return statistics.median(samples)


def time_remote(module, name: str, make, args: dict, kwargs: dict) -> float:
    """In a worker: the median time of `module.name(*args, **kwargs)`, or of `make(module)(...)`."""
    fn = make(module) if make is not None else getattr(module, name)
    values = list(args.values())
    return median_time(lambda: fn(*values, **kwargs))
