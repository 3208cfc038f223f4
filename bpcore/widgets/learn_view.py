"""What the learning explorer shows besides the plane and the network: the readout's lines
and the cost curve (:mod:`bpcore.widgets.learn` computes the state they show)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from bpcore.activations import SATURATION
from bpcore.widgets.svg import Canvas, Chart, legend

if TYPE_CHECKING:
    from bpcore.widgets.learn import LearnState

Array = np.ndarray

#: The most points of the cost curve drawn (evenly spaced, keeping the last and every switch).
CURVE_POINTS = 400
NAMES = {"quadratic": "quadratic", "cross_entropy": "cross-entropy"}
#: An output neuron whose mean |a − y| is above this is called wrong in the verdict.
WRONG = 0.25


@dataclass
class Record:
    """One point of the cost curve: after ``step`` steps, C (of ``cost``) and the number wrong."""

    step: int
    C: float
    cost: str
    wrong: int


def readout_html(state: LearnState, error: Array, slope: Array, deltas: list[Array], m: int) -> str:
    """Four lines: progress; BP1 for the output neurons; BP2 for the hidden; a verdict."""
    v = state.values
    first = (
        f"step <b>{state.step}</b> &nbsp;·&nbsp; C = <b>{state.C:.4g}</b> ({NAMES[v['cost']]})"
        f" &nbsp;·&nbsp; called wrong: <b>{state.wrong}</b> of {m} &nbsp;·&nbsp; η = {v['eta']:g}"
    )
    slopes = ", ".join(f"{s:.3g}" for s in slope)
    if v["cost"] == "cross_entropy":
        bp1 = f"δ<sup>L</sup> = a − y: σ′ cancels in BP1 (mean σ′(z<sup>L</sup>) = {slopes})"
    else:
        bp1 = (
            f"δ<sup>L</sup> = (a − y) ⊙ σ′(z<sup>L</sup>) (BP1), mean σ′(z<sup>L</sup>) = {slopes}"
        )
    second = (
        "output neurons: mean |a − y| = "
        + ", ".join(f"{e:.3g}" for e in error)
        + f"; {bp1}; mean |δ<sup>L</sup>| = <b>"
        + ", ".join(f"{d:.3g}" for d in deltas[-1])
        + "</b>"
    )
    third = (
        "hidden neurons: mean |δ<sup>2</sup>| = "
        + ", ".join(f"{d:.3g}" for d in deltas[0])
        + " (BP2 keeps σ′(z<sup>2</sup>) whatever the cost)"
    )
    L = state.net.num_layers
    stuck = [j for (q, j) in sorted(state.saturated) if q == L and error[j] > WRONG]
    if stuck and v["cost"] == "quadratic":
        names = ", ".join(map(str, stuck))
        verdict = (
            f"Output neuron{'s' if len(stuck) > 1 else ''} {names} saturated and wrong: "
            "σ′(z<sup>L</sup>) throttles δ<sup>L</sup>, so learning is slow. "
            "Switch the cost to cross-entropy."
        )
    else:
        count = len(state.saturated)
        verdict = (
            f"{count} saturated neuron{'' if count == 1 else 's'} "
            f"(σ′ &lt; {SATURATION:g} on half the examples or more)."
        )
    return "<br>".join([first, second, third, f"<i>{verdict}</i>"])


def extent(X: Array) -> tuple[tuple[float, float], tuple[float, float]]:
    """A box around the data, padded and rounded out to half units: (x₀ range, x₁ range)."""
    low = np.floor(2 * (X.min(axis=1) - 0.3)) / 2
    high = np.ceil(2 * (X.max(axis=1) + 0.3)) / 2
    return (float(low[0]), float(high[0])), (float(low[1]), float(high[1]))


def draw_curve(canvas: Canvas, records: list[Record]) -> None:
    """C after each step; a dotted line, labelled, where the cost was switched."""
    history = _thinned(records)
    steps = np.array([r.step for r in history], dtype=float)
    costs = np.array([r.C for r in history])
    right = max(100.0, float(steps.max()))
    top = float(costs.max()) * 1.08 or 1.0
    chart = Chart(
        canvas, 760, 28, 160, 250, (float(steps[0]) if steps[0] > 0 else 0.0, right), (0.0, top)
    )
    chart.axes("gradient steps", "C", "the cost")
    start = 0
    for i in range(1, len(history) + 1):
        if i < len(history) and history[i].cost == history[start].cost:
            continue
        dash = None if history[start].cost == "quadratic" else "5 3"
        chart.line(
            steps[start:i].tolist(), costs[start:i].tolist(), "#1a1a1a", width=1.8, dash=dash
        )
        if i < len(history):  # the cost changed here
            x = chart.x(steps[i])
            canvas.add(
                "line",
                x1=x,
                x2=x,
                y1=chart.top,
                y2=chart.top + chart.height,
                stroke="#0072b2",
                stroke_dasharray="2 3",
            )
            left = x > chart.left + chart.width / 2  # the label on the side with room
            canvas.text(
                x - 3 if left else x + 3,
                chart.top + 12,
                "→ " + NAMES[history[i].cost],
                size=10,
                anchor="end" if left else "start",
                fill="#0072b2",
            )
        start = i
    chart.point(steps[-1], costs[-1], "#e69f00", r=4.5, stroke="#000000", stroke_width=1)
    styles = {"quadratic": {}, "cross_entropy": {"stroke_dasharray": "5 3"}}
    entries = [
        (NAMES[name], {"stroke": "#1a1a1a", "stroke_width": 1.8, **styles[name]})
        for name in styles
        if any(r.cost == name for r in history)
    ]
    legend(canvas, 720, 322, entries)


def _thinned(history: list[Record]) -> list[Record]:
    """At most about CURVE_POINTS records, evenly spaced, keeping the last and every switch."""
    stride = -(-len(history) // CURVE_POINTS)
    return [
        r
        for i, r in enumerate(history)
        if i % stride == 0 or i == len(history) - 1 or r.cost != history[i - 1].cost
    ]
