"""The saturation explorer (BP1, BP4): when does ∂C/∂w = a_in·δ_out become small?

One connection a_in → w → an output neuron with weighted input z, activation a = σ(z) and
target y. BP1 gives its error δ_out = ∂C/∂a · σ′(z), BP4 the weight's rate
∂C/∂w = a_in · δ_out (and BP3 the bias's, ∂C/∂b = δ_out). Three different things make the
rate small, and the explorer tells them apart:

* a_in ≈ 0: the weight has no effect on this example, whatever the error;
* a ≈ y: the output is already right, so ∂C/∂a ≈ 0 (nothing to learn);
* σ′(z) ≈ 0: the neuron is saturated — and then it learns slowly even when it is
  confidently *wrong*. The cross-entropy cost removes σ′(z) from BP1 (δ_out = a − y).

Left: σ(z) and σ′(z) with the saturated region (σ′ < :data:`bpcore.activations.SATURATION`)
shaded and the target y drawn, so the gap a − y is visible. Right: ∂C/∂w over every
(z, a_in), signed, on a diverging scale with its colour bar. Numbers from bpcore's BP1
(the cost's output error) and backprop on a one-weight network.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from bpcore.activations import SATURATION, SIGMOID
from bpcore.backprop import backprop
from bpcore.costs import get_cost
from bpcore.network import Network
from bpcore.widgets.base import Choice, Control, Explorer, Slider, signed
from bpcore.widgets.svg import (
    HIGHLIGHT,
    Canvas,
    Chart,
    colour_bar,
    diverging_image,
    legend,
)

Array = np.ndarray

COSTS = [("quadratic", "quadratic"), ("cross-entropy", "cross_entropy")]
Z_RANGE = (-10.0, 10.0)
#: The heat map's grid: a_in from 0 to 1 (rows), z across Z_RANGE (columns).
A_GRID = np.linspace(0.0, 1.0, 101)
Z_GRID = np.linspace(*Z_RANGE, 201)
CURVE = np.linspace(*Z_RANGE, 201)
#: Where the left chart sits: left, top, width, height.
CURVES_BOX = (60.0, 34.0, 360.0, 230.0)
#: |a − y| below this counts as "already right" in the verdict; a_in below LOW_INPUT as "low".
RIGHT, LOW_INPUT = 0.05, 0.05


def saturated_interval() -> float:
    """z_s > 0 with σ′(±z_s) = SATURATION: the sigmoid is saturated where |z| > z_s."""
    a = (1.0 + np.sqrt(1.0 - 4.0 * SATURATION)) / 2.0  # a(1 − a) = SATURATION
    return float(np.log(a / (1.0 - a)))


@dataclass
class SaturationState:
    values: dict[str, Any]
    a: float
    sigma_prime: float
    grad_a: float
    delta: float
    dC_dw: float
    dC_db: float
    reason: str
    grid: Array
    halfrange: float
    image: str  # the heat map as a PNG data URI


class SaturationWidget(Explorer):
    """One connection a_in → w → output neuron: why ∂C/∂w = a_in·δ_out can be tiny.

    Controls: ``a_in`` (0..1), ``z`` (the output neuron's weighted input, −10..10),
    ``y`` (the target, 0..1), ``cost`` (``"quadratic"`` or ``"cross_entropy"``).
    ``readout``: ``a_in``, ``z``, ``y``, ``cost``, ``a`` (σ(z)), ``grad_a`` (∂C/∂a),
    ``sigma_prime``, ``saturated``, ``delta`` (δ_out, BP1), ``dC_dw`` (BP4), ``dC_db``
    (BP3), ``reason`` (what makes the rate small: ``"low input"``, ``"right"``,
    ``"saturated"``, or ``"learning"``), ``halfrange`` (the heat map's colour scale).
    """

    def __init__(
        self, a_in: float = 0.8, z: float = 0.0, y: float = 0.0, *, cost: str = "quadratic"
    ) -> None:
        controls: list[Control] = [
            Slider("z", "z of the output neuron", *Z_RANGE, 0.05, primary=True),
            Slider("a_in", "a_in", 0.0, 1.0, 0.01),
            Slider("y", "target y", 0.0, 1.0, 0.01, new_row=True),
            Choice("cost", "cost", COSTS, buttons=True),
        ]
        self._grids: dict[tuple[str, float], tuple[Array, float, str]] = {}
        values = {"z": z, "a_in": a_in, "y": y, "cost": cost}
        super().__init__(controls, values, "saturation explorer")

    # --- the numbers ---------------------------------------------------------------------------
    def compute(self, values: dict[str, Any], action: str | None) -> SaturationState:
        a_in, z, y, cost = values["a_in"], values["z"], values["y"], values["cost"]
        # backprop on the one-weight network w = 1, b = z − a_in, so that w·a_in + b = z
        net = Network.from_parameters([np.ones((1, 1))], [np.full((1, 1), z - a_in)], cost=cost)
        g = backprop(net, [[a_in]], [[y]])
        z_out, a = float(g.zs[0][0, 0]), float(g.activations[1][0, 0])
        sigma_prime = float(SIGMOID.prime(np.array(z_out)))
        grad_a = float(net.cost_function.gradient(np.array(a), np.array(y)))
        delta = float(g.deltas[0][0, 0])
        grid, halfrange, image = self._grid(cost, y)
        reason = _reason(a_in, a - y, sigma_prime, cost)
        return SaturationState(
            values,
            a,
            sigma_prime,
            grad_a,
            delta,
            float(g.nabla_w[0][0, 0]),
            float(g.nabla_b[0][0, 0]),
            reason,
            grid,
            halfrange,
            image,
        )

    def _grid(self, cost: str, y: float) -> tuple[Array, float, str]:
        """∂C/∂w for every (a_in, z) of the grid: BP1 for every z at once, then BP4 (a_in·δ);
        its largest size (the colour scale) and its picture, computed once per cost and y."""
        key = (cost, y)
        if key not in self._grids:
            z = Z_GRID[None, :]
            a = SIGMOID.function(z)
            delta = get_cost(cost).output_error(z, a, np.full_like(z, y), SIGMOID)
            grid = A_GRID[:, None] * delta  # rows a_in = 0 .. 1
            if len(self._grids) > 64:
                self._grids.clear()
            halfrange = float(np.abs(grid).max()) or 1.0
            self._grids[key] = (grid, halfrange, diverging_image(grid[::-1], halfrange))
        return self._grids[key]

    # --- the picture -----------------------------------------------------------------------------
    def draw(self, state: SaturationState) -> str:
        v = state.values
        canvas = Canvas(900, 330, title=f"∂C/∂w = {state.dC_dw:.3g} at z = {v['z']:g}")
        _draw_curves(canvas, state)
        chart = Chart(canvas, 520, 34, 280, 230, Z_RANGE, (0.0, 1.0))
        name = "cross-entropy" if v["cost"] == "cross_entropy" else "quadratic"
        chart.axes("z of the output neuron", "a_in", f"∂C/∂w = a_in·δ_out ({name}, y = {v['y']:g})")
        chart.image(state.image)  # over the grid lines
        canvas.add(
            "rect",
            x=520,
            y=34,
            width=280,
            height=230,
            fill="none",
            stroke="#777777",
            stroke_width=0.8,
        )
        chart.point(v["z"], v["a_in"], "none", r=6, stroke="#000000", stroke_width=2)
        chart.point(v["z"], v["a_in"], "none", r=8, stroke="#ffffff", stroke_width=1)
        colour_bar(canvas, 818, 34, 230, state.halfrange, "∂C/∂w")
        return canvas.svg()

    def describe(self, state: SaturationState) -> tuple[dict[str, Any], str]:
        v = state.values
        readout = {
            "a_in": v["a_in"],
            "z": v["z"],
            "y": v["y"],
            "cost": v["cost"],
            "a": state.a,
            "grad_a": state.grad_a,
            "sigma_prime": state.sigma_prime,
            "saturated": state.sigma_prime < SATURATION,
            "delta": state.delta,
            "dC_dw": state.dC_dw,
            "dC_db": state.dC_db,
            "reason": state.reason,
            "halfrange": state.halfrange,
        }
        flat = " (saturated: σ′ &lt; " + f"{SATURATION:g})" if readout["saturated"] else ""
        if v["cost"] == "cross_entropy":
            bp1 = f"δ_out = a − y = <b>{signed(state.delta)}</b> (cross-entropy: σ′ cancels in BP1)"
        else:
            bp1 = (
                f"δ_out = ∂C/∂a · σ′(z) = {signed(state.grad_a)} × {state.sigma_prime:.4g} = "
                f"<b>{signed(state.delta)}</b> (BP1)"
            )
        text = (
            f"a = σ(z) = {state.a:.4g}, y = {v['y']:g}: a − y = {signed(state.a - v['y'])} "
            f"&nbsp;·&nbsp; σ′(z) = {state.sigma_prime:.4g}{flat}<br>{bp1}<br>"
            f"∂C/∂w = a_in · δ_out = {v['a_in']:.3g} × {signed(state.delta)} = "
            f"<b>{signed(state.dC_dw)}</b> (BP4) &nbsp;·&nbsp; ∂C/∂b = δ_out = "
            f"{signed(state.dC_db)} (BP3)<br><i>{VERDICTS[state.reason]}</i>"
        )
        return readout, text

    def summary(self) -> str:
        r = self.readout
        return (
            f"SaturationWidget: a_in = {r['a_in']:g}, z = {r['z']:g}, y = {r['y']:g} "
            f"({r['cost']}): σ′(z) = {r['sigma_prime']:.4g}, δ_out = {r['delta']:.4g}, "
            f"∂C/∂w = {r['dC_dw']:.4g}"
        )


VERDICTS = {
    "low input": "Small because a_in ≈ 0: on this example the weight has no effect on the output,"
    " so there is nothing for it to learn here (the bias still learns: ∂C/∂b = δ_out).",
    "right": "Small because the output is already right (a ≈ y): ∂C/∂a ≈ 0.",
    "saturated": "Small because σ′(z) ≈ 0: the neuron is saturated although its output is wrong"
    " — it learns slowly. Try the cross-entropy cost.",
    "learning": "Not small: the weight learns at a good pace.",
}


def _reason(a_in: float, error: float, sigma_prime: float, cost: str) -> str:
    """What makes ∂C/∂w small here, in the order of BP4's and BP1's factors."""
    if a_in < LOW_INPUT:
        return "low input"
    if abs(error) < RIGHT:
        return "right"
    if sigma_prime < SATURATION and cost != "cross_entropy":
        return "saturated"
    return "learning"


@lru_cache(maxsize=1)
def _sigmoid_curves() -> str:
    """σ(z) and σ′(z) on the left chart: the same in every picture, so written once."""
    canvas = Canvas(0, 0)
    chart = Chart(canvas, *CURVES_BOX, Z_RANGE, (0.0, 1.0))
    chart.line(CURVE.tolist(), SIGMOID.function(CURVE).tolist(), "#0072b2", width=2.0)
    chart.line(CURVE.tolist(), SIGMOID.prime(CURVE).tolist(), "#cc4c02", width=2.0, dash="6 3")
    return "".join(canvas.parts)


def _draw_curves(canvas: Canvas, state: SaturationState) -> None:
    """σ(z), σ′(z) and the target y, with the saturated tails shaded and labelled."""
    v = state.values
    chart = Chart(canvas, *CURVES_BOX, Z_RANGE, (0.0, 1.0))
    edge = saturated_interval()
    for low, high, end in ((Z_RANGE[0], -edge, Z_RANGE[0]), (edge, Z_RANGE[1], Z_RANGE[1])):
        canvas.add(
            "rect",
            x=chart.x(low),
            y=chart.top,
            width=chart.x(high) - chart.x(low),
            height=chart.height,
            fill="#d9d9d9",
            fill_opacity=0.6,
            data_region="saturated",
        )
        gap = abs(float(SIGMOID.function(np.array(end))) - v["y"])
        label = "a ≈ y: right" if gap < RIGHT else f"wrong by {gap:.2f}"
        canvas.text((chart.x(low) + chart.x(high)) / 2, chart.top + 14, label, size=10)
    chart.axes("z of the output neuron", "", "σ(z), σ′(z) and the target y")
    chart.line(Z_RANGE, (v["y"], v["y"]), "#555555", width=1.2, dash="2 3")
    canvas.raw(_sigmoid_curves())
    chart.point(v["z"], state.a, HIGHLIGHT, r=5, stroke="#000000", stroke_width=1)
    chart.point(v["z"], state.sigma_prime, HIGHLIGHT, r=5, stroke="#000000", stroke_width=1)
    legend(
        canvas,
        40,
        318,
        [
            ("σ(z) = a", {"stroke": "#0072b2", "stroke_width": 2}),
            ("σ′(z)", {"stroke": "#cc4c02", "stroke_width": 2, "stroke_dasharray": "6 3"}),
            ("target y", {"stroke": "#555555", "stroke_width": 1.2, "stroke_dasharray": "2 3"}),
        ],
    )
    canvas.add("rect", x=320, y=308, width=16, height=11, fill="#d9d9d9", fill_opacity=0.6)
    canvas.text(340, 318, f"saturated: σ′ < {SATURATION:g}", size=10.5, anchor="start")
