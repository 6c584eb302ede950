"""Timing helpers shared by the benchmarks: interleaved best-of-N timings, one printed row per figure.

A figure and its baseline are measured in alternating batches, and each keeps the
fastest batch: on a shared two-core machine, interference only ever adds time, so
the minimum is the steadiest estimate, and alternating keeps both sides under the
same conditions.
"""

from __future__ import annotations

import time
from collections.abc import Callable


def _batch(fn: Callable[[], object], number: int) -> float:
    start = time.perf_counter()
    for _ in range(number):
        fn()
    return (time.perf_counter() - start) / number


def per_call(fn: Callable[[], object], *, number: int, repeat: int = 9) -> float:
    """Seconds per call of ``fn``: the fastest of ``repeat`` batches of ``number`` calls."""
    fn()  # warm up
    return min(_batch(fn, number) for _ in range(repeat))


def compare(
    fn: Callable[[], object], baseline: Callable[[], object], *, number: int, repeat: int = 9
) -> tuple[float, float]:
    """Seconds per call of ``fn`` and of ``baseline``, batches interleaved."""
    fn()
    baseline()
    ours, base = [], []
    for _ in range(repeat):
        ours.append(_batch(fn, number))
        base.append(_batch(baseline, number))
    return min(ours), min(base)


def fmt(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:8.2f} s "
    if seconds >= 1e-3:
        return f"{seconds * 1e3:8.2f} ms"
    return f"{seconds * 1e6:8.2f} µs"


def row(label: str, measured: float, baseline: float | None = None, goal: float | None = None) -> str:
    """One line: the figure and, against a baseline, its ratio and whether it meets the goal."""
    text = f"  {label:<58} {fmt(measured)}"
    if baseline is not None:
        ratio = measured / baseline
        text += f"   baseline {fmt(baseline)}   ratio {ratio:5.2f}x"
        if goal is not None:
            text += f"   goal <= {goal:.1f}x  {'met' if ratio <= goal else 'MISSED'}"
    print(text, flush=True)
    return text
