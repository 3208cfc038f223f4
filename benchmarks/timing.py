"""The timing harness: repeated wall-clock runs, their median and fastest, thread limits,
latency percentiles and cProfile listings. Every time here is in seconds.

Nothing in this module knows what is timed; the competitors (competitors.py) and the
suites (suites.py) bring the work.
"""

from __future__ import annotations

import contextlib
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:
    from threadpoolctl import threadpool_limits
except ImportError:  # pragma: no cover - the bench extra installs it
    threadpool_limits = None

ROOT = Path(__file__).resolve().parents[1]  # the repository; profiles print paths from here


@dataclass
class Samples:
    """Wall-clock seconds of repeated runs of one configuration."""

    values: list[float] = field(default_factory=list)
    extrapolated: bool = False  # some run was cut short and its time extrapolated

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def low(self) -> float:
        """The fastest run: on a shared machine, the least disturbed one."""
        return min(self.values)

    @property
    def high(self) -> float:
        return max(self.values)

    def cell(self, unit: float = 1.0, digits: int = 3) -> str:
        """'median (min–max)' in the given unit (seconds divided by ``unit``)."""
        if not self.values:
            return "—"
        f = f"{{:.{digits}f}}"
        mark = "~" if self.extrapolated else ""
        if len(self.values) == 1:
            return f"{mark}{f.format(self.median / unit)} (1 run)"
        return (
            f"{mark}{f.format(self.median / unit)} ({f.format(self.low / unit)}–"
            f"{f.format(self.high / unit)})"
        )

    def to_json(self) -> dict[str, Any]:
        """The runs as results.json keeps them: every run, and its median, fastest, slowest."""
        if not self.values:
            return {"seconds": [], "extrapolated": self.extrapolated}
        return {
            "seconds": list(self.values),
            "median": self.median,
            "fastest": self.low,
            "slowest": self.high,
            "extrapolated": self.extrapolated,
        }

    @classmethod
    def from_json(cls, record: dict[str, Any]) -> Samples:
        """The runs back from a record written by :meth:`to_json`."""
        return cls(list(record["seconds"]), bool(record.get("extrapolated", False)))


def threads(n: int) -> contextlib.AbstractContextManager:
    """A context that limits numpy's BLAS (and OpenMP) to n threads."""
    if threadpool_limits is None:
        return contextlib.nullcontext()
    return threadpool_limits(n)


def load_average() -> str:
    """The 1-, 5- and 15-minute load averages of the machine, as text."""
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover
        return "n/a"


# --- latency: many short calls, described by percentiles ------------------------------------
def latency_samples(action: Callable[[int], object], calls: int) -> list[float]:
    """Seconds of each of ``calls`` calls ``action(i)``, i = 0, 1, …"""
    values = []
    for i in range(calls):
        start = time.perf_counter()
        action(i)
        values.append(time.perf_counter() - start)
    return values


def describe_latency(values: list[float]) -> dict[str, float | int]:
    """Median, 95th percentile, max and min of the seconds of some calls, and their number."""
    values = sorted(values)
    return {
        "median": statistics.median(values),
        "p95": values[int(0.95 * (len(values) - 1))],
        "max": values[-1],
        "min": values[0],
        "calls": len(values),
    }


# --- profiles -------------------------------------------------------------------------------
def profile_text(profile: cProfile.Profile, lines: int = 18, key: str = "tottime") -> str:
    """The first ``lines`` rows of a cProfile listing sorted by ``key``, with short paths."""
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats(key).print_stats(lines)
    text = out.getvalue()
    keep = []
    started = False
    for line in text.splitlines():
        if "ncalls" in line:
            started = True
        if started and line.strip():
            keep.append(line.replace(str(ROOT) + "/", "").replace(sys.prefix, "<python>"))
    return "\n".join(keep)


def profile_after_warm_up(t: int, action: Callable[..., object], *args: object) -> str:
    """cProfile of one call ``action(*args)`` with t threads: by cumulative time (the call
    tree), then by own time.

    One call runs unprofiled first: like the timed runs, which follow others in the same
    process, the profiled one then finds its memory already mapped.
    """
    profile = cProfile.Profile()
    with threads(t):
        action(*args)
        profile.enable()
        action(*args)
        profile.disable()
    return profile_text(profile, 14, "cumulative") + "\n\n" + profile_text(profile, 16)
