"""Small timing helpers: medians and percentiles in milliseconds."""
from __future__ import annotations

import statistics


class Timings:
    """Collected durations in seconds, reported in milliseconds."""

    def __init__(self) -> None:
        self.samples: list[float] = []

    def add(self, seconds: float) -> None:
        self.samples.append(seconds)

    def median_ms(self) -> float:
        return statistics.median(self.samples) * 1000

    def p95_ms(self) -> float:
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000

    def __str__(self) -> str:
        return f"median {self.median_ms():.2f} ms, p95 {self.p95_ms():.2f} ms (n={len(self.samples)})"
