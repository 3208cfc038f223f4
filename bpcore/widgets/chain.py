"""The chain explorer: one neuron per layer, and ∂C/∂w_1 as a product of factors.

The chain of the "General Back Propagation" derivation (its eq. 75–87): x → σ → σ → … → ŷ,
one neuron per layer, no biases, h_i = w_i a_{i-1} (a_0 = x), a_i = σ(h_i), ŷ = a_n. Move
x, each weight, the target y and the nudge Δw_1, and see

* the chain itself, each neuron with its h, a and σ'(h);
* one bar per factor of ∂C/∂w_1 = x · σ'(h_1) · w_2 · σ'(h_2) ··· w_n · σ'(h_n) · ∂C/∂ŷ
  (eq. 85), with the line σ' = ¼ that no sigmoid slope exceeds;
* the running product |x · σ'(h_1) ···| factor by factor on a log scale: how the gradient
  shrinks (or, for a large weight meeting a small activation, grows) link by link;
* backpropagation's ∂C/∂w_1 beside the product, and the exact ΔC when w_1 changes by Δw_1
  beside product · Δw_1 (eq. 78, 84).

The source counts its neurons from 1: its w_i is the book's w^{i+1}_{00} (see
:mod:`bpcore.chain`). Every number is bpcore's: :func:`bpcore.chain` (the factors),
:func:`bpcore.chain_gradient` (backpropagation) and :class:`bpcore.Nudger` (the exact ΔC).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from bpcore import _checks
from bpcore.activations import Activation, get_activation
from bpcore.chain import Chain, chain, chain_gradient
from bpcore.costs import Cost, get_cost
from bpcore.nudge import Nudge, Nudger
from bpcore.widgets.base import Explorer, Slider, signed
from bpcore.widgets.svg import (
    ACTIVE,
    HIGHLIGHT,
    NEGATIVE,
    NEGATIVE_DASH,
    POSITIVE,
    Canvas,
    Chart,
    colour,
    legend,
    shown,
)

#: The most neurons the explorer draws (one slider each).
MAX_NEURONS = 10


@dataclass
class ChainState:
    values: dict[str, Any]
    chain: Chain
    backprop: float
    nudge: Nudge


class ChainWidget(Explorer):
    """A chain x → σ → σ → … → ŷ with one neuron per layer and no biases.

    Controls: ``x``, ``w_1`` … ``w_n`` (one slider per weight), ``y`` (the target) and
    ``dw`` (the nudge Δw_1 of w_1). ``readout``: ``factors`` [(name, value)] of
    ∂C/∂w_1 = x·σ'(h_1)·w_2·σ'(h_2)···∂C/∂ŷ, their ``product``, the ``running`` products,
    ``backprop`` (∂C/∂w_1 by backpropagation on the same chain), ``cost``, ``h``, ``a``,
    and for the nudge: ``dw``, the exact ``dC``, ``dC_linear`` = product·Δw_1 and their
    ``relative_difference`` (None when ΔC = 0).
    """

    def __init__(
        self,
        x: float = 1.0,
        weights: Any = (0.8, -1.2, 1.5, 0.9),
        y: float = 0.0,
        *,
        activation: str | Activation = "sigmoid",
        cost: str | Cost = "quadratic",
        dw: float = 0.01,
        weight_range: float = 4.0,
    ) -> None:
        weight_range = _checks.positive_number(weight_range, "weight_range")
        if isinstance(weights, (str, bytes)) or not hasattr(weights, "__len__"):
            raise TypeError(f"weights: expected a list of numbers, got {type(weights).__name__}")
        if not 1 <= len(weights) <= MAX_NEURONS:
            raise ValueError(f"weights: expected 1 to {MAX_NEURONS} weights, got {len(weights)}")
        weights = [
            _checks.number_in_range(w, f"weights[{i}] (w_{i + 1})", -weight_range, weight_range)
            for i, w in enumerate(weights)
        ]
        self.activation, self.cost_function = get_activation(activation), get_cost(cost)
        chain(x, weights, y, self.activation, self.cost_function)  # checks the pair
        self.n = len(weights)
        controls = [
            Slider("x", "x", -3.0, 3.0, 0.05),
            Slider("y", "y", 0.0, 1.0, 0.05),
            Slider("dw", "Δw₁", -1.0, 1.0, 0.005, digits=3, primary=True),
            *(
                Slider(f"w_{i}", f"w_{i}", -weight_range, weight_range, 0.05, new_row=i == 1)
                for i in range(1, self.n + 1)
            ),
        ]
        values = {"x": x, "y": y, "dw": dw} | {f"w_{i + 1}": w for i, w in enumerate(weights)}
        super().__init__(controls, values, "chain explorer")

    def compute(self, values: dict[str, Any], action: str | None) -> ChainState:
        weights = [values[f"w_{i}"] for i in range(1, self.n + 1)]
        c = chain(values["x"], weights, values["y"], self.activation, self.cost_function)
        net = c.network()
        n = Nudger(net, np.array([[c.x]]), np.array([[c.y]])).nudge(2, 0, 0, values["dw"])
        return ChainState(values, c, chain_gradient(c), n)

    # --- the picture and the readout ------------------------------------------------------------
    def draw(self, state: ChainState) -> str:
        c = state.chain
        canvas = Canvas(900, 372, title=f"a chain of {self.n} neurons: ∂C/∂w_1 = {c.product:.3g}")
        _draw_chain(canvas, c, state.nudge)
        names = [_factor_label(name, len(c.factors)) for name, _ in c.factors]
        values = np.array([v for _, v in c.factors])
        _factor_bars(canvas, names, values)
        _running_product(canvas, names, values)
        legend(
            canvas,
            30,
            364,
            [
                ("w > 0", {"stroke": POSITIVE, "stroke_width": 2}),
                (
                    "w < 0 (dashed)",
                    {"stroke": NEGATIVE, "stroke_width": 2, "stroke_dasharray": NEGATIVE_DASH},
                ),
                ("σ′ ≤ ¼", {"stroke": ACTIVE, "stroke_width": 1.2, "stroke_dasharray": "3 3"}),
            ],
        )
        canvas.text(
            360,
            364,
            "neurons coloured by σ′(h): white 0, red ¼",
            size=10.5,
            anchor="start",
            fill="#555555",
        )
        return canvas.svg()

    def describe(self, state: ChainState) -> tuple[dict[str, Any], str]:
        c, n = state.chain, state.nudge
        dC_linear = c.product * n.dw
        relative = abs(n.dC - dC_linear) / abs(n.dC) if n.dC != 0 else None
        values = [v for _, v in c.factors]
        readout = {
            "factors": list(c.factors),
            "product": c.product,
            "running": [float(v) for v in np.cumprod(values)],
            "backprop": state.backprop,
            "cost": c.cost,
            "h": list(c.h),
            "a": list(c.a),
            "dw": n.dw,
            "dC": n.dC,
            "dC_linear": dC_linear,
            "relative_difference": relative,
        }
        cells = "".join(
            f"<td style='padding:0 7px;text-align:center'>{name}<br><b>{signed(value, 3)}</b></td>"
            for name, value in c.factors
        )
        apart = "—" if relative is None else f"{100 * relative:.2g} %"
        text = (
            f"<table><tr>{cells}</tr></table>"
            f"product = ∂C/∂w₁ = <b>{signed(c.product)}</b> (eq. 85) &nbsp;·&nbsp; "
            f"backprop: <b>{signed(state.backprop)}</b><br>"
            f"w₁ changed by Δw₁ = {signed(n.dw, 3)}: ΔC exact = <b>{signed(n.dC)}</b>"
            f" &nbsp;·&nbsp; product × Δw₁ = <b>{signed(dC_linear)}</b> (eq. 84)"
            f" &nbsp;·&nbsp; apart by {apart} &nbsp;·&nbsp; C = {c.cost:.4g}"
        )
        return readout, text

    def summary(self) -> str:
        r = self.readout
        return (
            f"ChainWidget({self.n} neurons): ∂C/∂w_1 = {r['product']:.4g} (backprop "
            f"{r['backprop']:.4g}); Δw_1 = {r['dw']:.3g}: ΔC = {r['dC']:.4g}, "
            f"product·Δw_1 = {r['dC_linear']:.4g}"
        )


def _factor_label(name: str, count: int) -> str:
    """``σ'(h_2)`` as σ′(h₂), or σ′₂ when there are many factors to fit."""
    subscript = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
    if name.startswith("σ'(h_"):
        i = name[5:-1].translate(subscript)
        return f"σ′{i}" if count > 11 else f"σ′(h{i})"
    if name.startswith("w_"):
        return "w" + name[2:].translate(subscript)
    return name


def _draw_chain(canvas: Canvas, c: Chain, nudge: Nudge) -> None:
    """x → neuron 1 → … → neuron n → C in a row, each neuron with h, a and σ'(h), and the
    cascade of the nudge Δw₁ (eq. 79–84): each neuron's exact Δa, and ΔC at the cost."""
    n = len(c.weights)
    xs = [50 + (800 - 50) * i / (n + 1) for i in range(n + 2)]
    y, r = 52.0, 16.0
    slopes = [v for name, v in c.factors if name.startswith("σ'")]
    for i in range(n):  # the edge into neuron i + 1 carries w_{i+1}
        w = c.weights[i]
        canvas.add(
            "line",
            x1=xs[i] + r,
            x2=xs[i + 1] - r,
            y1=y,
            y2=y,
            stroke=POSITIVE if w >= 0 else NEGATIVE,
            stroke_width=0.6 + 1.4 * min(abs(w), 4.0),
            stroke_dasharray=None if w >= 0 else NEGATIVE_DASH,
        )
        label = f"w{_sub(i + 1)} = {shown(w)}" if n <= 5 else shown(w)
        canvas.text((xs[i] + xs[i + 1]) / 2, y - 8, label, size=10.5)
    canvas.add("line", x1=xs[n] + r, x2=xs[n + 1] - r, y1=y, y2=y, stroke="#777777")
    canvas.add(
        "rect", x=xs[0] - r, y=y - r, width=2 * r, height=2 * r, fill="#f2f2f2", stroke="#555555"
    )
    canvas.text(xs[0], y + 4, "x", size=12, font_style="italic")
    canvas.text(xs[0], y + r + 14, f"x = {shown(c.x)}", size=10.5)
    for i in range(1, n + 1):
        canvas.add(
            "circle", cx=xs[i], cy=y, r=r, fill=colour(slopes[i - 1], 0.25), stroke="#555555"
        )
        canvas.text(xs[i], y + 4, "ŷ" if i == n else str(i), size=11)
        for line, text in enumerate(
            (f"h = {shown(c.h[i - 1])}", f"a = {shown(c.a[i - 1])}", f"σ′ = {shown(slopes[i - 1])}")
        ):
            canvas.text(xs[i], y + r + 14 + 12 * line, text, size=10, fill="#333333")
        change = float(nudge.da[i - 1][0, 0])
        canvas.text(xs[i], y + r + 52, f"Δa = {shown(change, sign=True)}", size=10, fill=ACTIVE)
    canvas.add("circle", cx=xs[n + 1], cy=y, r=r, fill="#ffffff", stroke="#555555")
    canvas.text(xs[n + 1], y + 5, "C", size=13, font_style="italic")
    canvas.text(xs[n + 1], y + r + 14, f"y = {shown(c.y)}", size=10.5)
    canvas.text(xs[n + 1], y + r + 26, f"C = {shown(c.cost)}", size=10.5)
    canvas.text(xs[n + 1], y + r + 52, f"ΔC = {shown(nudge.dC, sign=True)}", size=10.5, fill=ACTIVE)
    canvas.text(
        (xs[0] + xs[1]) / 2,
        y + 14,
        f"Δw{_sub(1)} = {shown(nudge.dw, sign=True)}",
        size=10,
        fill=ACTIVE,
    )


def _factor_bars(canvas: Canvas, names: list[str], values: np.ndarray) -> None:
    """One bar per factor of eq. 85, signed, with the line σ' = ¼."""
    count = len(values)
    top = float(max(0.3, np.abs(values).max())) * 1.15
    chart = Chart(canvas, 60, 158, 420, 150, (-0.5, count - 0.5), (-top, top))
    chart.axes(
        "",
        "",
        "the factors of ∂C/∂w₁ (eq. 85)",
        x_ticks=_ticks(names),
    )
    for level in (0.25, -0.25):
        chart.line([-0.5, count - 0.5], [level, level], ACTIVE, width=1.0, dash="3 3")
    canvas.text(
        chart.x(count - 0.5) - 2, chart.y(0.25) - 3, "¼", size=10, anchor="end", fill=ACTIVE
    )
    for i, value in enumerate(values):
        x0, x1 = chart.x(i - 0.3), chart.x(i + 0.3)
        y0, y1 = sorted((chart.y(0.0), chart.y(float(value))))
        canvas.add(
            "rect",
            x=x0,
            y=y0,
            width=x1 - x0,
            height=max(y1 - y0, 0.8),
            fill=HIGHLIGHT if names[i].startswith("σ") else "#7f7f7f",
        )
        if count <= 9:  # room to write each value
            above = value >= 0
            canvas.text((x0 + x1) / 2, y0 - 3 if above else y1 + 11, shown(float(value)), size=9.5)
    chart.line([-0.5, count - 0.5], [0.0, 0.0], "#555555", width=0.8)


def _running_product(canvas: Canvas, names: list[str], values: np.ndarray) -> None:
    """|x · σ'(h_1) ···| factor by factor, on a log scale."""
    running = np.abs(np.cumprod(values))
    floor = 1e-300
    logs = np.log10(np.maximum(running, floor))
    positive = logs[running > 0] if np.any(running > 0) else np.array([0.0])
    low, high = math.floor(float(positive.min()) - 0.2), math.ceil(float(positive.max()) + 0.2)
    high = max(high, low + 1)
    count = len(values)
    chart = Chart(canvas, 580, 158, 290, 150, (-0.5, count - 0.5), (low, high))
    every = max(1, math.ceil((high - low) / 5))
    chart.axes(
        "",
        "",
        "|running product|, log scale",
        x_ticks=_ticks(names),
        y_ticks=[(float(e), f"1e{e}".replace("-", "\u2212")) for e in range(low, high + 1, every)],
    )
    chart.line(range(count), np.where(running > 0, logs, np.nan), ACTIVE, width=1.8)
    for i, value in enumerate(logs):
        if running[i] > 0:
            chart.point(float(i), float(value), ACTIVE, r=3.2)
    canvas.text(
        chart.x(count - 1),
        chart.y(float(logs[-1])) - 8,
        shown(float(running[-1])),
        size=10,
        anchor="end",
        fill=ACTIVE,
    )


def _ticks(names: list[str]) -> list[tuple[float, str]]:
    """The factors' names under their bars; only every other one when there are many."""
    if len(names) <= 11:
        return [(float(i), name) for i, name in enumerate(names)]
    return [(float(i), name) for i, name in enumerate(names) if i % 2 == 1 or i == 0]


def _sub(i: int) -> str:
    return str(i).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
