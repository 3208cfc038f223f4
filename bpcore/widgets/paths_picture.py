"""The paths explorer's picture (:mod:`bpcore.widgets.paths`): the paths drawn through the
network, the current one's rate factors on its edges, the running sum as a waterfall, and
the regrouping table. It draws what the explorer computed; it computes nothing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from bpcore.paths import Path
from bpcore.widgets.svg import (
    ACTIVE,
    NEGATIVE,
    NEGATIVE_DASH,
    POSITIVE,
    Canvas,
    Chart,
    shown,
)

if TYPE_CHECKING:
    from bpcore.widgets.paths import PathsState

Point = tuple[float, float]
#: The largest path's underlay (Okabe-Ito sky blue).
LARGEST = "#56b4e9"
#: The regrouping table's columns.
COLUMNS = ("i", "paths", "Σ rates", "Σ heads", "Σ tails", "bpcore δ")

LEGEND = [
    ("current path (its factors written)", {"stroke": ACTIVE, "stroke_width": 3}),
    ("largest |rate|", {"stroke": LARGEST, "stroke_width": 8, "stroke_opacity": 0.5}),
    ("summed, rate > 0: width ∝ |rate|", {"stroke": POSITIVE, "stroke_width": 2.5}),
    (
        "rate < 0 (dashed)",
        {"stroke": NEGATIVE, "stroke_width": 2.5, "stroke_dasharray": NEGATIVE_DASH},
    ),
]


def points(route: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in route)


def draw_routes(canvas: Canvas, state: PathsState, routes: Sequence[list[Point]]) -> None:
    """Under the neurons: the largest path's underlay, every path, the current one on top."""
    p, n = state.paths, state.values["n"]
    canvas.add(
        "polyline",
        points=points(routes[0]),  # bpcore lists the largest |rate| first
        fill="none",
        stroke=LARGEST,
        stroke_width=11,
        stroke_opacity=0.45,
        stroke_linecap="round",
        stroke_linejoin="round",
        pointer_events="none",  # a click goes through to the edge beneath
    )
    largest = abs(p[0].rate) or 1.0
    for rank, index in enumerate(state.order):
        rate, summed = p[index].rate, rank < n
        canvas.add(
            "polyline",
            points=points(routes[index]),
            fill="none",
            stroke=(POSITIVE if rate >= 0 else NEGATIVE) if summed else "#c4c4c4",
            stroke_width=0.6 + 6.0 * abs(rate) / largest if summed else 0.8,
            stroke_dasharray=NEGATIVE_DASH if summed and rate < 0 else None,
            stroke_opacity=0.55 if summed else 0.7,
            stroke_linejoin="round",
            pointer_events="none",
        )
    canvas.add(
        "polyline",
        points=points(routes[state.order[n - 1]]),
        fill="none",
        stroke=ACTIVE,
        stroke_width=3.2,
        stroke_linejoin="round",
        pointer_events="none",
    )


def factor_labels(canvas: Canvas, path: Path, route: list[Point], bias: bool) -> None:
    """Each rate factor of the current path at the middle of its edge (the first factor
    of a bias, ∂a^l_j/∂b^l_j, above its neuron)."""
    segments = list(zip(route[:-1], route[1:]))
    spots = [((x1 + x2) / 2, (y1 + y2) / 2 - 5) for (x1, y1), (x2, y2) in segments]
    if bias:
        x, y = route[0]
        spots.insert(0, (x, y - 22))
    for (x, y), factor in zip(spots, path.factors):
        canvas.text(
            x,
            y,
            shown(factor, 2),
            size=11,
            fill=ACTIVE,
            font_weight=600,
            stroke="#ffffff",
            stroke_width=3.5,
            paint_order="stroke",
            pointer_events="none",
        )


def waterfall(canvas: Canvas, state: PathsState, gradient: float) -> None:
    """The rates added one by one: a bar from the sum before to the sum after each path."""
    running, n = state.running, state.values["n"]
    count = len(running)
    before = np.concatenate([[0.0], running[:-1]])
    low = float(min(0.0, running.min(), gradient))
    high = float(max(0.0, running.max(), gradient))
    pad = 0.1 * (high - low or 1.0)
    chart = Chart(canvas, 662, 36, 222, 150, (0.5, count + 0.5), (low - pad, high + pad))
    step = max(1, math.ceil(count / 6))
    ticks = [(float(t), str(t)) for t in range(1, count + 1) if t == 1 or t % step == 0]
    chart.axes("paths summed", "", "Σ rates, path by path (eq. 53)", x_ticks=ticks)
    half = min(0.4, 0.4 * 24 / count)
    for r in range(count):
        rate = running[r] - before[r]
        canvas.add(
            "rect",
            x=chart.x(r + 1 - half),
            y=chart.y(max(before[r], running[r])),
            width=max(1.0, chart.x(r + 1 + half) - chart.x(r + 1 - half)),
            height=max(0.8, abs(chart.y(before[r]) - chart.y(running[r]))),
            fill=POSITIVE if rate >= 0 else NEGATIVE,
            fill_opacity=0.85 if r < n else 0.2,
        )
    if state.values["order"] == "grouped":
        group_marks(chart, state)
    chart.line([0.5, count + 0.5], [gradient, gradient], ACTIVE, width=1.2, dash="5 3")
    canvas.text(
        chart.x(count + 0.5) - 2,
        chart.y(gradient) - 4,
        "backprop",
        size=9.5,
        anchor="end",
        fill=ACTIVE,
    )
    chart.point(n, float(running[n - 1]), ACTIVE, r=4.5, stroke="#ffffff", stroke_width=1.2)


def group_marks(chart: Chart, state: PathsState) -> None:
    """Where the paths through one neuron of layer q end and the next begin."""
    p, q = state.paths, state.values["group"]
    through = [p[i].neurons[q - p.layer] for i in state.order]
    for r, i in enumerate(through):
        if r == 0 or through[r - 1] != i:
            x = chart.x(r + 0.5)
            chart.canvas.add(
                "line",
                x1=x,
                x2=x,
                y1=chart.top,
                y2=chart.top + chart.height,
                stroke="#777777",
                stroke_width=0.8,
                stroke_dasharray="2 2",
            )
            chart.canvas.text(
                x + 2, chart.top + 10, f"i={i}", size=9, anchor="start", fill="#555555"
            )


def regroup_table(canvas: Canvas, state: PathsState) -> None:
    """The regrouping at layer q, one row per neuron, in the picture (the static view)."""
    q, top = state.values["group"], 236
    canvas.text(596, top, f"regrouped at layer q = {q}", size=11, anchor="start", font_weight=600)
    xs = (604, 648, 706, 765, 825, 886)
    rows = [COLUMNS] + [
        (str(g.neuron), str(g.count), *(shown(v) for v in (g.rates, g.heads, g.tails, g.delta)))
        for g in state.groups
    ]
    total = sum(g.count for g in state.groups), math.fsum(g.rates for g in state.groups)
    rows.append(("Σ", str(total[0]), shown(total[1]), "", "", ""))
    for r, row in enumerate(rows):
        for x, cell in zip(xs, row):
            canvas.text(
                x,
                top + 17 + 15 * r,
                cell,
                size=10.5,
                anchor="end",
                font_weight=600 if r == 0 else None,
                fill=ACTIVE if x == xs[4] and r > 0 else "#1a1a1a",
            )
    bottom = top + 17 + 15 * len(rows)
    for line, text in enumerate(
        (
            f"paths through a^{q}_i: Σ rates = Σ heads × Σ tails",
            f"Σ tails = δ^{q}_i (BP1, BP2), Σ heads = ∂z^{q}_i/∂w",
        )
    ):
        canvas.text(596, bottom + 13 * line, text, size=9.5, anchor="start", fill="#555555")
