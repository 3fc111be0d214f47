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


def paired_times(a: Callable[[], object], b: Callable[[], object], budget: float = 0.5,
                 rounds: int = 7) -> tuple[float, float, float, float]:
    """Seconds per call of `a` and of `b`, their rounds interleaved (a, b, b, a, ...) so that a busy
    machine slows both alike: (median a, IQR a, median b, IQR b)."""
    numbers = []
    for fn in (a, b):
        fn()  # warm-up
        start = time.perf_counter()
        fn()
        numbers.append(max(1, int(budget / 2 / rounds / max(time.perf_counter() - start, 1e-7))))
    samples: tuple[list[float], list[float]] = ([], [])
    for i in range(rounds):
        for side in ((0, 1) if i % 2 == 0 else (1, 0)):
            fn, number = (a, b)[side], numbers[side]
            start = time.perf_counter()
            for _ in range(number):
                fn()
            samples[side].append((time.perf_counter() - start) / number)
    return (statistics.median(samples[0]), iqr(samples[0]), statistics.median(samples[1]), iqr(samples[1]))


# Rounds per side of a kata benchmark, interleaved between yours and the reference.
BENCH_ROUNDS = 7


def _one_thread() -> None:
    """Timings on one thread: BLAS threads spinning on a busy machine make times jump by
    milliseconds (torch is already on one thread in a worker)."""
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)
    except Exception:  # noqa: BLE001 - not installed: `kata bench` sets OPENBLAS_NUM_THREADS=1 itself
        pass


def _callable(module, name: str, make, args: dict, kwargs: dict):
    fn = make(module) if make is not None else getattr(module, name)
    values = list(args.values())
    return lambda: fn(*values, **kwargs)


def calls_per_round(module, name: str, make, args: dict, kwargs: dict, seconds: float) -> int:
    """In a worker: how many calls make a round of about `seconds` (after a warm-up call)."""
    _one_thread()
    call = _callable(module, name, make, args, kwargs)
    call()
    start = time.perf_counter()
    call()
    once = max(time.perf_counter() - start, 1e-7)
    return max(1, int(seconds / once))


def time_round(module, name: str, make, args: dict, kwargs: dict, number: int) -> float:
    """In a worker: seconds per call over one round of `number` calls."""
    call = _callable(module, name, make, args, kwargs)
    start = time.perf_counter()
    for _ in range(number):
        call()
    return (time.perf_counter() - start) / number


def iqr(samples: list[float]) -> float:
    """The interquartile range: the spread of the middle half of the samples."""
    if len(samples) < 2:
        return 0.0
    q = statistics.quantiles(samples, n=4, method="inclusive")
    return q[2] - q[0]
