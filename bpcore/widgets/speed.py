"""Why backpropagation is fast: finite differences against backprop, counted and timed.

Choose the layer sizes (a preset, or the hidden-layer sliders) and see what one gradient
costs: eq. 46's forward differences need P + 1 forward passes and central differences
2P (P weights and biases); backpropagation needs one forward and one backward pass, whose
multiply-adds are counted from the sizes (forward: one per weight; BP2: one per weight of
layers 3..L; BP4: one per weight). All counts are exact and the picture that shows them is
deterministic. "time it" also times one forward pass and one backpropagation of the chosen
network (bpcore's, one example, the best of several runs) and extrapolates the finite
differences' time as (P + 1) × the forward pass: running them would take too long.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from bpcore.backprop import backward_pass, feedforward_pass
from bpcore.network import Network
from bpcore.widgets.base import Action, Choice, Explorer, Slider
from bpcore.widgets.svg import Canvas

#: The menu's networks: name → sizes.
PRESETS: dict[str, list[int]] = {
    "2-3-2": [2, 3, 2],
    "64-30-10": [64, 30, 10],
    "784-30-10": [784, 30, 10],
    "784-100-10": [784, 100, 10],
    "784-1000-200-10": [784, 1000, 200, 10],
}
LABELS = {
    "2-3-2": "2-3-2 (the simple backprop explanation's)",
    "64-30-10": "64-30-10 (8×8 digits)",
    "784-30-10": "784-30-10 (the book's MNIST network)",
    "784-100-10": "784-100-10",
    "784-1000-200-10": "784-1000-200-10 (≈ a million weights)",
}
SIZE_CONTROLS = ("inputs", "h1", "h2", "outputs")
COLOURS = {"forward": "#8c510a", "central": "#d8b365", "backprop": "#0072b2"}


@dataclass(frozen=True)
class Counts:
    """What one gradient of one example costs, counted from the sizes alone."""

    sizes: tuple[int, ...]
    weights: int
    biases: int
    bp2: int  # multiply-adds of (w^{l+1})^T δ^{l+1}, l = L-1..2: the weights of layers 3..L

    @property
    def parameters(self) -> int:
        return self.weights + self.biases

    @property
    def backprop_multiply_adds(self) -> int:
        """Forward (one per weight) + BP2 + BP4 (one per weight)."""
        return 2 * self.weights + self.bp2

    @property
    def backprop_in_forward_passes(self) -> float:
        return self.backprop_multiply_adds / self.weights

    def passes(self, method: str) -> int:
        """Forward passes of ``"forward"`` or ``"central"`` differences; 1 for backprop."""
        return {"forward": self.parameters + 1, "central": 2 * self.parameters}.get(method, 1)

    @classmethod
    def of(cls, sizes: list[int]) -> Counts:
        per_layer = [n * n_prev for n_prev, n in zip(sizes[:-1], sizes[1:])]
        return cls(tuple(sizes), sum(per_layer), sum(sizes[1:]), sum(per_layer[1:]))


@dataclass(frozen=True)
class Timing:
    """Seconds for one example on this machine: measured, and extrapolated for eq. 46."""

    forward: float
    backprop: float
    runs: int


@dataclass
class SpeedState:
    values: dict[str, Any]
    counts: Counts
    timing: Timing | None


class SpeedWidget(Explorer):
    """Finite differences against backpropagation for the layer sizes you choose.

    Controls: ``preset`` (a key of :data:`PRESETS`, or ``"custom"``), ``inputs`` (n_1),
    ``h1`` and ``h2`` (hidden layers; ``h2 = 0``: only one), ``outputs`` (n_L), and the
    action ``time`` ("time it"). ``readout``: ``sizes``, ``weights``, ``biases``,
    ``parameters``, ``passes_forward``, ``passes_central``, ``backprop_multiply_adds``,
    ``forward_multiply_adds``, ``backprop_in_forward_passes``, ``arithmetic_ratio``
    ((P + 1) forward passes over one backprop); after "time it" also ``t_forward``,
    ``t_backprop``, ``t_finite_differences`` (extrapolated) and ``timed_ratio``.
    """

    def __init__(self, preset: str = "784-30-10") -> None:
        if preset not in PRESETS:
            raise ValueError(f"preset: expected one of {', '.join(PRESETS)}, got {preset!r}")
        inputs, *hidden, outputs = PRESETS[preset]
        controls: list[Choice | Slider | Action] = [
            Choice("preset", "network", [*((LABELS[k], k) for k in PRESETS), ("custom", "custom")]),
            Action("time", "time it", "time one forward pass and one backpropagation"),
            Choice("inputs", "inputs n₁", [("2", 2), ("64", 64), ("784", 784)], new_row=True),
            Slider("h1", "hidden layer 1", 1, 1000, 1, integer=True),
            Slider("h2", "hidden layer 2 (0: none)", 0, 1000, 1, integer=True),
            Choice("outputs", "outputs n_L", [("2", 2), ("10", 10)]),
        ]
        values = {"preset": preset, "inputs": inputs, "outputs": outputs}
        values |= {"h1": hidden[0], "h2": hidden[1] if len(hidden) > 1 else 0}
        self._timings: dict[tuple[int, ...], Timing] = {}
        super().__init__(controls, values, "why backprop is fast")

    def adjust(self, values: dict[str, Any], given: set[str]) -> dict[str, Any]:
        """A preset sets the sizes; sizes set by hand select the preset they match."""
        if "preset" in given and values["preset"] in PRESETS:
            inputs, *hidden, outputs = PRESETS[values["preset"]]
            values |= {"inputs": inputs, "h1": hidden[0], "outputs": outputs}
            values["h2"] = hidden[1] if len(hidden) > 1 else 0
        elif given & set(SIZE_CONTROLS):
            sizes = _sizes(values)
            values["preset"] = next((k for k, v in PRESETS.items() if v == sizes), "custom")
        return values

    def compute(self, values: dict[str, Any], action: str | None) -> SpeedState:
        sizes = _sizes(values)
        key = tuple(sizes)
        if action == "time":
            self._timings[key] = measure(sizes)
        return SpeedState(values, Counts.of(sizes), self._timings.get(key))

    # --- the picture ---------------------------------------------------------------------------
    def draw(self, state: SpeedState) -> str:
        c, t = state.counts, state.timing
        canvas = Canvas(640, 300 if t is not None else 190, title=f"one gradient of {_name(c)}")
        canvas.text(
            16, 16, f"One gradient, one example, network {_name(c)}", size=12.5, anchor="start"
        )
        passes = [
            ("forward differences (eq. 46): P + 1", c.passes("forward"), COLOURS["forward"]),
            ("central differences: 2P", c.passes("central"), COLOURS["central"]),
            (
                f"backprop: 1 forward + 1 backward ≈ {c.backprop_in_forward_passes:.3g}",
                c.backprop_in_forward_passes,
                COLOURS["backprop"],
            ),
        ]
        _bars(canvas, 40, "forward passes (counted; backprop in multiply-adds)", passes)
        if t is not None:
            timed = [
                (
                    f"eq. 46, extrapolated: (P + 1) × {_seconds(t.forward)}",
                    c.passes("forward") * t.forward,
                    COLOURS["forward"],
                ),
                ("backprop, measured", t.backprop, COLOURS["backprop"]),
            ]
            _bars(canvas, 170, "seconds on this machine (timed)", timed, unit="s")
        return canvas.svg()

    # --- the readout ---------------------------------------------------------------------------
    def describe(self, state: SpeedState) -> tuple[dict[str, Any], str]:
        c, t = state.counts, state.timing
        ratio = c.passes("forward") * c.weights / c.backprop_multiply_adds
        readout: dict[str, Any] = {
            "sizes": list(c.sizes),
            "weights": c.weights,
            "biases": c.biases,
            "parameters": c.parameters,
            "passes_forward": c.passes("forward"),
            "passes_central": c.passes("central"),
            "forward_multiply_adds": c.weights,
            "backprop_multiply_adds": c.backprop_multiply_adds,
            "backprop_in_forward_passes": c.backprop_in_forward_passes,
            "arithmetic_ratio": ratio,
        }
        text = (
            f"<b>{_name(c)}</b>: {c.weights:,} weights + {c.biases:,} biases = P = "
            f"<b>{c.parameters:,}</b> parameters.<br>Finite differences: "
            f"<b>{c.passes('forward'):,}</b> forward passes (eq. 46), {c.passes('central'):,} "
            f"central.<br>Backpropagation: 1 forward pass ({c.weights:,} multiply-adds) + 1 "
            f"backward pass (BP2 {c.bp2:,} + BP4 {c.weights:,}) = "
            f"<b>{c.backprop_in_forward_passes:.3g}</b> forward passes of arithmetic: "
            f"eq. 46 does <b>{_big(ratio)}×</b> as much."
        )
        if t is not None:
            fd = c.passes("forward") * t.forward
            readout |= {
                "t_forward": t.forward,
                "t_backprop": t.backprop,
                "t_finite_differences": fd,
                "timed_ratio": fd / t.backprop,
            }
            text += (
                f"<br>Timed (best of {t.runs}): a forward pass {_seconds(t.forward)}, a "
                f"backpropagation {_seconds(t.backprop)} ({t.backprop / t.forward:.2g} forward "
                f"passes); eq. 46 extrapolated: {c.passes('forward'):,} × "
                f"{_seconds(t.forward)} = <b>{_seconds(fd)}</b>, {_rough(fd / t.backprop)}× "
                "backprop."
            )
        return readout, text

    def summary(self) -> str:
        r = self.readout
        return (
            f"SpeedWidget({r['sizes']}): P = {r['parameters']:,}; eq. 46 needs "
            f"{r['passes_forward']:,} forward passes, backprop ≈ "
            f"{r['backprop_in_forward_passes']:.3g}"
        )


def _sizes(values: dict[str, Any]) -> list[int]:
    hidden = [values["h1"]] + ([values["h2"]] if values["h2"] > 0 else [])
    return [values["inputs"], *hidden, values["outputs"]]


def _name(c: Counts) -> str:
    return "-".join(str(n) for n in c.sizes)


def measure(sizes: list[int], budget: float = 0.3) -> Timing:
    """One forward pass and one backpropagation of a seeded ``sizes`` network, one example:
    the best of as many runs as fit in about ``budget`` seconds (at least 7)."""
    net = Network(sizes, seed=0)
    rng = np.random.default_rng(0)
    x, y = rng.random((sizes[0], 1)), rng.random((sizes[-1], 1))
    start = time.perf_counter()
    backward_pass(net, feedforward_pass(net, x), y)
    once = max(time.perf_counter() - start, 1e-6)
    runs = int(min(200, max(7, budget / (2 * once))))

    def best(function: Any) -> float:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            function()
            times.append(time.perf_counter() - start)
        return min(times)

    forward = best(lambda: feedforward_pass(net, x))
    backprop = best(lambda: backward_pass(net, feedforward_pass(net, x), y))
    return Timing(forward, backprop, runs)


def _bars(
    canvas: Canvas, top: float, title: str, bars: list[tuple[str, float, str]], unit: str = ""
) -> None:
    """Horizontal bars on a log scale, one decade per tick, with their values written."""
    left, width, height = 290, 250, 22
    highest = max(v for _, v, _ in bars)
    lowest = min(v for _, v, _ in bars)
    low = math.floor(math.log10(lowest)) - (0 if lowest >= 1 else 1)
    high = max(math.ceil(math.log10(highest)), low + 1)

    def x(value: float) -> float:
        return left + width * (math.log10(value) - low) / (high - low)

    canvas.text(16, top, title, size=11.5, anchor="start", font_weight=600)
    for decade in range(low, high + 1):
        px = x(10.0**decade)
        bottom = top + 10 + len(bars) * (height + 6)
        canvas.add("line", x1=px, x2=px, y1=top + 8, y2=bottom, stroke="#e0e0e0", stroke_width=0.8)
        canvas.text(px, bottom + 12, _power_of_ten(decade), size=10, fill="#666666")
    for i, (label, value, fill) in enumerate(bars):
        y = top + 12 + i * (height + 6)
        canvas.text(left - 6, y + 15, label, size=10.5, anchor="end")
        canvas.add("rect", x=left, y=y, width=max(x(value) - left, 1.0), height=height, fill=fill)
        shown = _seconds(value) if unit == "s" else _big(value)
        canvas.text(x(value) + 4, y + 15, shown, size=10.5, anchor="start")


def _power_of_ten(decade: int) -> str:
    """10⁶, 10⁻²: a tick of a log scale."""
    return "10" + str(decade).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))


def _rough(value: float) -> str:
    """A timed ratio to two significant digits: timings are not worth more."""
    return f"{float(f'{value:.2g}'):,.0f}" if value >= 100 else f"{value:.2g}"


def _big(value: float) -> str:
    """A count or ratio: whole numbers with separators, small ones to three digits."""
    if value >= 100:
        return f"{value:,.0f}" if value < 1e7 else f"{value:.3g}".replace("e+", "e")
    return f"{value:.3g}"


def _seconds(value: float) -> str:
    for unit, scale in (("µs", 1e-6), ("ms", 1e-3), ("s", 1.0)):
        if value < 1000 * scale or unit == "s":
            shown = f"{value / scale:.3g} {unit}" if value < 100 else f"{value:,.0f} s"
            break
    if value >= 3600:
        shown += f" ({value / 3600:.2g} h)"
    return shown
