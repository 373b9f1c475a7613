"""Figures, each against its baseline of the same run, and the table they are printed in."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """One line of the table: what was measured, against what, and the target for the ratio.

    A ratio is `value / baseline`, and the target is met when it is at most `target`. Where the
    issue sets an absolute budget (25 ms, one second, one frame), the budget is the baseline.
    """

    group: str
    name: str
    value: float
    baseline: float
    baseline_name: str
    target: float
    unit: str = "s"
    failure: str = ""  # what went wrong when the measurement itself could not be completed

    @property
    def ratio(self) -> float:
        return self.value / self.baseline if self.baseline else math.inf

    @property
    def met(self) -> bool:
        return not self.failure and self.ratio <= self.target


def median_of(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def percentile(samples: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile: the value that `fraction` of the samples do not exceed."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def show(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value * 1000:,.1f} ms" if value < 1 else f"{value:,.2f} s"
    if unit == "MB":
        return f"{value:,.1f} MB"
    return f"{value:,.0f} {unit}".rstrip()


def table(figures: Sequence[Figure]) -> str:
    headers = ("figure", "measured", "baseline", "", "ratio", "target", "")
    rows = [
        (
            f"{figure.group}: {figure.name}",
            show(figure.value, figure.unit),
            show(figure.baseline, figure.unit),
            figure.baseline_name,
            f"{figure.ratio:.3f}×",
            f"≤ {figure.target:g}×",
            f"FAILED: {figure.failure}" if figure.failure else "met" if figure.met else "MISSED",
        )
        for figure in figures
    ]
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
    right = {1, 2, 4, 5}

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])
