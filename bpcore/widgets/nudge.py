"""The nudge explorer (eq. 47–50): change one weight by Δw and watch the change reach C.

Pick w^l_jk (or the bias b^l_j) with the menus or by clicking it in the picture, drag Δw,
and see every later neuron coloured by how much its activation moved, beside ΔC against
Δw: the exact curve and the tangent (∂C/∂w)Δw that backpropagation predicts (eq. 47).
Every number is :class:`bpcore.Nudger`'s; the network passed in is copied, never changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from bpcore.activations import SATURATION
from bpcore.costs import COSTS, get_cost
from bpcore.examples import book_network
from bpcore.network import Network, check_cost_fits_output
from bpcore.nudge import Nudge, Nudger
from bpcore.widgets.base import (
    Choice,
    Explorer,
    Slider,
    example_from,
    example_sliders,
    keep_or_zero,
    signed,
)
from bpcore.widgets.drawing import NetworkPicture, Scene
from bpcore.widgets.svg import HIGHLIGHT, Canvas, Chart, legend

Array = np.ndarray

VIEWS = [("Δa", "da"), ("δ", "delta"), ("a + Δa", "a")]
SCALES = [("auto", "auto"), ("±1", 1.0), ("±0.1", 0.1), ("±0.01", 0.01), ("±0.001", 0.001)]
#: Points of the exact ΔC curve across the slider's range.
CURVE_POINTS = 61


@dataclass
class NudgeState:
    values: dict[str, Any]
    nudge: Nudge
    nudger: Nudger
    curve: tuple[Array, Array]
    saturated: int
    halfrange: float


class NudgeWidget(Explorer):
    """Nudge w^l_jk (or b^l_j) by Δw and see the change travel to the cost.

    Controls: ``layer`` (l = 2..L), ``j``, ``k`` (a neuron of layer l-1, or ``"bias"``
    for b^l_j), ``dw`` (the nudge), ``cost``, ``view`` (``"da"``: Δa, ``"delta"``: δ,
    ``"a"``: a + Δa), ``scale`` (the colour scale: ``"auto"`` or a fixed ±value, so that
    small changes show), ``rings`` (ring the saturated neurons), and the example: ``x_0``,
    ``x_1`` … and ``y_0`` … sliders for a network of at most three inputs and outputs, or
    ``example`` (an index into ``examples``) and ``target`` for a digits network.
    ``title`` names the explorer on the page (two explorers in one notebook need two).
    ``readout``: ``parameter``, ``dw``, ``cost``, ``gradient``, ``dC``, ``dC_linear``,
    ``gap``, ``relative_difference`` (|gap|/|ΔC|, None when ΔC = 0), ``saturated``.
    """

    def __init__(
        self,
        net: Network | None = None,
        x: Any = None,
        y: Any = None,
        *,
        layer: int | None = None,
        j: int = 0,
        k: int | str | None = 0,
        dw: float = 0.5,
        dw_max: float = 1.0,
        cost: str | None = None,
        view: str = "da",
        scale: str | float = "auto",
        rings: bool = False,
        examples: Sequence[tuple[Any, Any]] | None = None,
        title: str = "nudge explorer",
    ) -> None:
        """Long because it lists every control with its starting value (see the class)."""
        if net is None:
            if x is not None or y is not None:
                raise ValueError("net: x and y were given without a network; pass all three")
            net, x, y = book_network()
        if not isinstance(net, Network):
            raise TypeError(f"net: expected a bpcore Network, got {type(net).__name__}")
        dw_max = _positive("dw_max", dw_max)
        self.net = net.copy()
        self.examples = list(examples) if examples is not None else None
        first = Nudger(self.net, x, y)  # checks x and y against the network
        if first.x.shape[1] != 1:
            raise ValueError(
                f"x: the explorer shows one example, shape ({net.sizes[0]}, 1); "
                f"got {first.x.shape[1]} columns"
            )
        self._x, self._y = first.x, first.y
        layer = net.num_layers if layer is None else layer
        controls, values = self._example_controls()
        costs = [(name.replace("_", "-"), name) for name in COSTS if self._fits(name)]
        controls = [
            Choice("layer", "layer", [(f"l = {q}", q) for q in range(2, net.num_layers + 1)]),
            Choice("j", "j"),
            Choice("k", "k"),
            Choice("cost", "cost", costs),
            Slider(
                "dw", "Δw / Δb", -dw_max, dw_max, dw_max / 200, digits=3, primary=True, new_row=True
            ),
            Choice("view", "colour by", VIEWS, buttons=True),
            Choice("scale", "colour scale", SCALES),
            Choice("rings", "saturated", [("hide", False), ("ring", True)], buttons=True),
            *controls,
        ]
        values |= {
            "layer": layer,
            "j": j,
            "k": "bias" if k is None else k,
            "dw": dw,
            "cost": self.net.cost_function.name if cost is None else cost,
            "view": view,
            "scale": scale,
            "rings": rings,
        }
        self.picture = NetworkPicture(self.net.weights, width=580, height=300, bottom=40)
        super().__init__(controls, values, _title(title))

    # --- the example -------------------------------------------------------------------------
    def _example_controls(self) -> tuple[list, dict[str, Any]]:
        if self.examples is not None:
            n = len(self.examples)
            targets = [(f"digit {d}", d) for d in range(self.net.sizes[-1])]
            label = int(np.argmax(self._y[:, 0]))
            return (
                [
                    Slider("example", "example", 0, max(n - 1, 1), 1, integer=True, new_row=True),
                    Choice("target", "target", targets),
                ],
                {"example": 0, "target": label},
            )
        controls, values = example_sliders(self._x, self._y, most=3)
        return controls, values

    def _example(self, values: dict[str, Any]) -> tuple[Array, Array]:
        if self.examples is not None:
            x = np.asarray(self.examples[values["example"]][0], dtype=float).reshape(-1, 1)
            y = np.zeros((self.net.sizes[-1], 1))
            y[values["target"]] = 1.0
            return x, y
        return example_from(values, self._x, self._y)

    def _fits(self, cost: str) -> bool:
        try:
            check_cost_fits_output(get_cost(cost), self.net.activation_functions[-1])
        except ValueError:
            return False
        return True

    # --- the state ---------------------------------------------------------------------------
    def choices(self, values: dict[str, Any]) -> dict[str, list[tuple[str, Any]]]:
        sizes, layer = self.net.sizes, values.get("layer", len(self.net.sizes))
        if not isinstance(layer, int) or not 2 <= layer <= len(sizes):
            return {}
        return {
            "j": [(f"j = {q}", q) for q in range(sizes[layer - 1])],
            "k": [("bias b", "bias"), *((f"k = {q}", q) for q in range(sizes[layer - 2]))],
        }

    def adjust(self, values: dict[str, Any], given: set[str]) -> dict[str, Any]:
        """When only the layer changes, j and k stay if they still exist, else go to 0."""
        keep_or_zero(values, self.choices(values), given)
        if "example" in given and "target" not in given and self.examples is not None:
            label = self.examples[values["example"]][1]
            values["target"] = int(label if np.ndim(label) == 0 else np.argmax(label))
        return values

    def compute(self, values: dict[str, Any], action: str | None) -> NudgeState:
        x, y = self._example(values)
        nudger = self._nudger(values["cost"], x.tobytes(), y.tobytes())
        layer, j = values["layer"], values["j"]
        k = None if values["k"] == "bias" else values["k"]
        n = nudger.nudge(layer, j, k, values["dw"])
        saturated = int(sum((s < SATURATION).sum() for s in nudger.sigma_primes))
        curve = self._curve(nudger, layer, j, k)
        if values["scale"] != "auto":
            halfrange = float(values["scale"])
        elif values["view"] == "da":  # fixed over the slider's range: colours grow with |Δw|
            halfrange = float(max(np.abs(d).max() for d in curve[2])) or 1.0
        else:
            shown = [v for v in n.layer_values(values["view"]) if v is not None]
            halfrange = float(max(np.abs(v).max() for v in shown)) or 1.0
        return NudgeState(values, n, nudger, curve[:2], saturated, halfrange)

    def _curve(
        self, nudger: Nudger, layer: int, j: int, k: int | None
    ) -> tuple[Array, Array, list[Array]]:
        """The exact ΔC curve of one parameter, computed once per parameter and example."""
        key = (id(nudger), layer, j, k)
        if getattr(self, "_curve_key", None) != key:
            dw_max = float(self._controls["dw"].high)  # type: ignore[union-attr]
            self._curve_key, self._curve_value = key, _curve(nudger, layer, j, k, dw_max)
        return self._curve_value

    def _nudger(self, cost: str, x: bytes, y: bytes) -> Nudger:
        """One forward and backward pass per (cost, example), reused by every nudge."""
        key = (cost, x, y)
        if getattr(self, "_cached", (None,))[0] != key:
            net = self.net.copy()
            net.cost_function = get_cost(cost)
            shape_x, shape_y = (self.net.sizes[0], 1), (self.net.sizes[-1], 1)
            inputs = np.frombuffer(x).reshape(shape_x), np.frombuffer(y).reshape(shape_y)
            self._cached = (key, Nudger(net, *inputs))
        return self._cached[1]

    # --- the picture and the readout ------------------------------------------------------------
    def draw(self, state: NudgeState) -> str:
        n, values = state.nudge, state.values
        canvas = Canvas(900, 330, title=f"{n.parameter} nudged by {n.dw:.3g}")
        view = values["view"]
        shown = n.layer_values(view)
        shown[0] = state.nudger.x[:, 0] if self.picture.is_image[0] else None
        inputs = state.nudger.x[:, 0]
        labels: list[list[str] | None] = [
            [f"{v:.2g}" for v in inputs] if inputs.size <= 10 else None
        ]
        labels += [
            [_short(float(v)) for v in layer] if layer is not None and layer.size <= 10 else None
            for layer in shown[1:]
        ]
        rings = set()
        if values["rings"]:
            for q, s in enumerate(state.nudger.sigma_primes, start=2):
                rings |= {(q, int(i)) for i in np.flatnonzero(s[:, 0] < SATURATION)}
        scene = Scene(
            values=shown,
            halfrange=state.halfrange,
            labels=labels,
            chosen=(n.layer, n.j, n.k),
            rings=rings,
        )
        self.picture.draw(canvas, state.nudger.net.weights, scene)
        self.picture.sign_legend(canvas, 40, 318)
        _draw_curve(canvas, state, "Δb" if n.k is None else "Δw")
        symbol = {"da": "Δa", "delta": "δ", "a": "a + Δa"}[view]
        canvas.text(
            20,
            14,
            f"colour: {symbol}, clipped at ±{state.halfrange:.3g}",
            size=11,
            anchor="start",
            fill="#444444",
        )
        return canvas.svg()

    def describe(self, state: NudgeState) -> tuple[dict[str, Any], str]:
        n = state.nudge
        d = "Δb" if n.k is None else "Δw"
        rate = "∂C/∂b" if n.k is None else "∂C/∂w"
        relative = abs(n.gap) / abs(n.dC) if n.dC != 0 else None
        readout = {
            "parameter": n.parameter,
            "layer": n.layer,
            "j": n.j,
            "k": n.k,
            "dw": n.dw,
            "cost": n.cost,
            "gradient": n.gradient,
            "dC": n.dC,
            "dC_linear": n.dC_linear,
            "gap": n.gap,
            "relative_difference": relative,
            "saturated": state.saturated,
        }
        apart = "—" if relative is None else f"{100 * relative:.2g} %"
        text = (
            f"<b>{n.parameter}</b> nudged by {d} = {signed(n.dw, 3)}: "
            f"ΔC exact = <b>{signed(n.dC)}</b> &nbsp;·&nbsp; "
            f"ΔC linear = {rate}·{d} = {signed(n.gradient)} × {signed(n.dw, 3)} = "
            f"<b>{signed(n.dC_linear)}</b> &nbsp;·&nbsp; apart by {apart}"
            f"<br>C = {n.cost:.4g} &nbsp;·&nbsp; {state.saturated} saturated neurons "
            f"(σ′(z) &lt; {SATURATION:g})"
        )
        return readout, text

    def summary(self) -> str:
        r = self.readout
        d = "Δb" if r.get("k") is None else "Δw"
        return (
            f"NudgeWidget({self.net!r}): {r.get('parameter')} nudged by {d} = {r.get('dw'):.3g}: "
            f"ΔC = {r.get('dC'):.4g}, linear {r.get('dC_linear'):.4g}"
        )


@lru_cache(maxsize=64)
def _grid(dw_max: float) -> Array:
    return np.linspace(-dw_max, dw_max, CURVE_POINTS)


def _curve(
    nudger: Nudger, layer: int, j: int, k: int | None, dw_max: float
) -> tuple[Array, Array, list[Array]]:
    """ΔC exact across the slider's range, and Δa at its two ends (for a fixed colour scale)."""
    grid = _grid(dw_max)
    nudges = [nudger.nudge(layer, j, k, float(d)) for d in grid]
    return grid, np.array([m.dC for m in nudges]), [*nudges[0].da, *nudges[-1].da]


def _draw_curve(canvas: Canvas, state: NudgeState, d: str) -> None:
    grid, exact = state.curve
    n = state.nudge
    tangent = n.gradient * grid
    low = float(min(exact.min(), tangent.min()))
    high = float(max(exact.max(), tangent.max()))
    pad = 0.08 * (high - low or 1.0)
    chart = Chart(
        canvas,
        left=640,
        top=34,
        width=240,
        height=230,
        x_range=(float(grid[0]), float(grid[-1])),
        y_range=(low - pad, high + pad),
    )
    chart.axes(d, "ΔC", "ΔC against " + d)
    chart.line(grid, tangent, "#0072b2", dash="6 4")
    chart.line(grid, exact, "#1a1a1a", width=2.0)
    chart.point(n.dw, n.dC, HIGHLIGHT, r=5, stroke="#000000", stroke_width=1)
    legend(
        canvas,
        620,
        318,
        [
            ("exact ΔC", {"stroke": "#1a1a1a", "stroke_width": 2}),
            (
                "tangent (eq. 47)",
                {"stroke": "#0072b2", "stroke_width": 1.6, "stroke_dasharray": "6 4"},
            ),
        ],
    )


def _short(value: float) -> str:
    """A value beside a neuron: two significant digits, a real minus sign."""
    return "0" if value == 0 else f"{value:+.2g}".replace("-", "\u2212")


def _title(title: object) -> str:
    if not isinstance(title, str) or not title.strip():
        raise ValueError(f"title: expected a non-empty text, got {title!r}")
    return title


def _positive(name: str, value: object) -> float:
    from bpcore import _checks

    return _checks.positive_number(value, name)
