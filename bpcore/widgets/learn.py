"""Watch it learn: gradient descent on a 2-D toy set, with the errors δ of every neuron.

A small network [2, hidden, 2] classifies points of the plane (XOR clouds or two blobs,
:mod:`bpcore.data`). Play runs gradient descent — each step is :func:`bpcore.train.gradient_step`
on the whole set — and the picture follows: the plane coloured by what the network says
(a^L_1 − a^L_0: blue for class 0, red for class 1, white on the decision boundary), the
cost curve, and the network with every neuron's mean |δ| over the examples and the
saturated neurons ringed.

The default start makes the chapter's point: the output neurons begin saturated and
confidently wrong (every point is called class 0, with z^L = ±5), so with the quadratic
cost δ^L = (a − y) ⊙ σ′(z^L) is tiny (BP1) and the cost stays flat for many steps. Switch
the cost to cross-entropy — during a run or from a reset — and σ′ drops out of BP1
(δ^L = a − y): the output errors jump and learning takes off. The hidden neurons keep
their σ′ (BP2): cross-entropy cures the slowdown of the output layer only.

Changing the seed, the data, the hidden activation or the start resets the network;
changing η or the cost carries on from where it is (the curve marks the change).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bpcore import _checks
from bpcore.activations import SATURATION
from bpcore.backprop import Gradients, backprop, feedforward_pass
from bpcore.costs import get_cost
from bpcore.data import two_blobs, xor_clouds
from bpcore.matrices import as_matrices
from bpcore.network import Network
from bpcore.train import gradient_step
from bpcore.widgets.base import Action, Choice, Control, Explorer, Slider
from bpcore.widgets.drawing import NetworkPicture, Scene
from bpcore.widgets.learn_view import Record, draw_curve, extent, readout_html
from bpcore.widgets.svg import Canvas, Chart, colour_bar, diverging_image

Array = np.ndarray
_NO_PICKS = re.compile(r' data-pick="[^"]*"')

DATA = {
    "xor": ("XOR clouds", lambda: xor_clouds(80, seed=0)),
    "blobs": ("two blobs", lambda: two_blobs(80, seed=0)),
}
STARTS = [("output saturated & wrong", "wrong"), ("random, N(0, 1)", "random")]
#: The "wrong" start: output biases ±5 and output weights shrunk to a quarter, so that
#: z^L ≈ (+5, −5) for every point: class 0, confidently (σ′(5) = 0.0066).
WRONG_START, WRONG_SHRINK = 5.0, 0.25
#: Gradient steps per tick of play, and the pause between ticks (ms).
STEPS_PER_TICK, INTERVAL = 5, 60
#: Points per side of the grid on which the plane is coloured.
GRID = 48
#: The neurons' colour scale: mean |δ| clipped here (so that a tiny δ looks white).
DELTA_SCALE = 0.25
#: Reset the network when one of these changes; η and the cost carry on.
RESETS = ("seed", "data", "activation", "start")


@dataclass
class LearnState:
    values: dict[str, Any]
    net: Network
    step: int
    gradients: Gradients
    C: float
    wrong: int
    plane: Array
    history: list[Record] = field(default_factory=list)
    saturated: set[tuple[int, int]] = field(default_factory=set)

    @property
    def mean_abs_delta(self) -> list[Array]:
        """Mean |δ^l_j| over the examples, one array per layer l = 2..L."""
        return [np.abs(d).mean(axis=1) for d in self.gradients.deltas]

    @property
    def slopes(self) -> list[Array]:
        """σ′(z^l_j) for every neuron (rows) and example (columns)."""
        g = self.gradients
        return [
            f.slopes(z, a)
            for f, z, a in zip(self.net.activation_functions, g.zs, g.activations[1:])
        ]


def saturated_neurons(slopes: list[Array]) -> set[tuple[int, int]]:
    """Neurons (l, j) with σ′(z) < SATURATION on at least half of the examples."""
    return {
        (q, int(j))
        for q, s in enumerate(slopes, start=2)
        for j in np.flatnonzero(np.median(s, axis=1) < SATURATION)
    }


class LearnWidget(Explorer):
    """Gradient descent on a toy set of the plane, the cost curve and every neuron's |δ|.

    Controls: ``play`` (▶ repeats ``STEPS_PER_TICK`` steps), ``step`` (one step),
    ``reset``; ``seed`` (the network's), ``data`` (``"xor"``, ``"blobs"``), ``eta``,
    ``activation`` (of the hidden layer: ``"sigmoid"``, ``"tanh"``, ``"relu"``; the output
    neurons are sigmoid), ``cost`` (``"quadratic"``, ``"cross_entropy"``), ``start``
    (``"wrong"``: output neurons saturated and wrong; ``"random"``: the book's N(0, 1)).
    ``readout``: ``step``, ``cost``, ``C``, ``wrong``, ``m``, ``eta``, ``deltas`` (mean |δ|
    per neuron, a list per layer), ``output_error`` (mean |a − y| per output neuron),
    ``output_slope`` (mean σ′(z^L) per output neuron), ``saturated`` (sorted (l, j)).
    """

    def __init__(
        self,
        *,
        data: str = "xor",
        hidden: int = 4,
        seed: int = 0,
        eta: float = 1.0,
        activation: str = "sigmoid",
        cost: str = "quadratic",
        start: str = "wrong",
    ) -> None:
        self.hidden = _checks.integer_in_range(hidden, "hidden", 1, 8)
        self._data: dict[str, tuple[Array, Array]] = {}
        controls: list[Control] = [
            Action("play", "▶ play", "play: take gradient steps until paused", play=True),
            Action("step", "step", "one gradient step"),
            Action("reset", "reset", "reset the network to its start"),
            Slider("seed", "seed", 0, 99, 1, integer=True, stepper=True),
            Choice("data", "data", [(label, key) for key, (label, _) in DATA.items()]),
            Slider("eta", "η", 0.05, 5.0, 0.05, primary=True, new_row=True),
            Choice("activation", "hidden σ", [(a, a) for a in ("sigmoid", "tanh", "relu")]),
            Choice(
                "cost",
                "cost",
                [("quadratic", "quadratic"), ("cross-entropy", "cross_entropy")],
                buttons=True,
            ),
            Choice("start", "start", STARTS, new_row=True),
        ]
        values = {"seed": seed, "data": data, "eta": eta, "activation": activation}
        values |= {"cost": cost, "start": start}
        self.picture = NetworkPicture(
            [np.zeros((self.hidden, 2)), np.zeros((2, self.hidden))],
            width=640,
            height=300,
            left=350,
            right=55,
            top=34,
            bottom=30,
        )
        super().__init__(controls, values, "learning explorer")
        self.interval = INTERVAL

    # --- the data and the start ---------------------------------------------------------------
    def data(self, name: str) -> tuple[Array, Array]:
        """The toy set ``name`` as matrices X (2, m) and Y (2, m), one example per column."""
        if name not in self._data:
            self._data[name] = as_matrices(DATA[name][1]())
        return self._data[name]

    def start(self, values: dict[str, Any]) -> Network:
        """The network a reset gives: seeded, and at the "wrong" start saturated and wrong."""
        net = Network(
            [2, self.hidden, 2],
            activation=[values["activation"], "sigmoid"],
            cost=values["cost"],
            seed=values["seed"],
        )
        if values["start"] == "wrong":  # z^L ≈ (+5, −5): class 0 for every point, confidently
            net.weights[-1] *= WRONG_SHRINK
            net.biases[-1][:] = [[WRONG_START], [-WRONG_START]]
        return net

    # --- a step ----------------------------------------------------------------------------------
    def compute(self, values: dict[str, Any], action: str | None) -> LearnState:
        last: LearnState | None = self.state
        X, Y = self.data(values["data"])
        fresh = (
            last is None
            or action == "reset"
            or any(values[name] != last.values.get(name) for name in RESETS if name in values)
        )
        if fresh:
            net, step, history = self.start(values), 0, []
        else:
            assert last is not None
            net, step, history = last.net.copy(), last.step, list(last.history)
            net.cost_function = get_cost(values["cost"])
        steps = {"step": 1, "play": STEPS_PER_TICK}.get(action or "", 0)
        for _ in range(steps):
            gradient_step(net, X, Y, values["eta"])  # bpcore's step: BP1–BP4 on the batch
        step += steps
        g = backprop(net, X, Y)
        C = net.cost_function.mean(g.output, Y)
        wrong = int(np.sum(np.argmax(g.output, axis=0) != np.argmax(Y, axis=0)))
        if not history or steps or history[-1].cost != values["cost"]:
            history.append(Record(step, C, values["cost"], wrong))
        state = LearnState(values, net, step, g, C, wrong, self._plane(net, X), history)
        state.saturated = saturated_neurons(state.slopes)
        return state

    def _plane(self, net: Network, X: Array) -> Array:
        """a^L_1 − a^L_0 on a GRID × GRID grid over the data (rows from the top)."""
        (x0, x1), (y0, y1) = extent(X)
        xs, ys = np.linspace(x0, x1, GRID), np.linspace(y1, y0, GRID)
        points = np.stack([np.tile(xs, GRID), np.repeat(ys, GRID)])
        out = feedforward_pass(net, points).output
        return (out[1] - out[0]).reshape(GRID, GRID)

    # --- the picture -----------------------------------------------------------------------------
    def draw(self, state: LearnState) -> str:
        canvas = Canvas(940, 335, title=f"step {state.step}: C = {state.C:.3g}")
        self._draw_plane(canvas, state)
        deltas = state.mean_abs_delta
        scene = Scene(
            values=[None, *deltas],
            halfrange=DELTA_SCALE,
            labels=[None, *([f"{v:.2g}" for v in d] for d in deltas)],
            rings=state.saturated,
        )
        self.picture.draw(canvas, state.net.weights, scene)
        canvas.text(350, 20, "mean |δ| over the examples", size=11.5, anchor="start")
        if state.saturated:
            canvas.add(
                "circle", cx=356, cy=318, r=6, fill="none", stroke="#000000", stroke_width=1.4
            )
            canvas.text(
                367,
                322,
                f"saturated: σ′ < {SATURATION:g} on half the examples",
                size=10.5,
                anchor="start",
            )
        colour_bar(canvas, 660, 45, 180, DELTA_SCALE, "|δ|", width=10, signed=False)
        draw_curve(canvas, state.history)
        return _NO_PICKS.sub("", canvas.svg())  # nothing in this picture is chosen by a click

    def _draw_plane(self, canvas: Canvas, state: LearnState) -> None:
        """The plane coloured by a^L_1 − a^L_0, and the points: ● class 0, ■ class 1."""
        X, Y = self.data(state.values["data"])
        (x0, x1), (y0, y1) = extent(X)
        chart = Chart(canvas, 52, 28, 250, 250, (x0, x1), (y0, y1))
        chart.axes("x₀", "x₁", DATA[state.values["data"]][0])
        chart.image(diverging_image(state.plane, 1.0))
        labels = np.argmax(Y, axis=0)
        wrong = labels != np.argmax(state.gradients.output, axis=0)
        points = []  # written directly: 80 points each redraw, the slowest part otherwise
        for (x, y), label, miss in zip(X.T.tolist(), labels, wrong):
            px, py = chart.x(x), chart.y(y)
            edge = 'stroke="#000000" stroke-width="2"' if miss else 'stroke="#ffffff"'
            if label == 0:
                points.append(
                    f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4.2" fill="#2166ac" {edge}/>'
                )
            else:
                points.append(
                    f'<rect x="{px - 4:.1f}" y="{py - 4:.1f}" width="8" height="8" '
                    f'fill="#b2182b" {edge}/>'
                )
        canvas.raw("".join(points))
        canvas.text(
            52, 322, "● class 0   ■ class 1   black edge: called wrong", size=10.5, anchor="start"
        )

    def describe(self, state: LearnState) -> tuple[dict[str, Any], str]:
        v = state.values
        g = state.gradients
        _, Y = self.data(v["data"])
        error = np.abs(g.output - Y).mean(axis=1)
        slope = state.slopes[-1].mean(axis=1)
        deltas = state.mean_abs_delta
        m = Y.shape[1]
        readout = {
            "step": state.step,
            "cost": v["cost"],
            "C": state.C,
            "wrong": state.wrong,
            "m": m,
            "eta": v["eta"],
            "deltas": [d.tolist() for d in deltas],
            "output_error": error.tolist(),
            "output_slope": slope.tolist(),
            "saturated": sorted(state.saturated),
        }
        return readout, readout_html(state, error, slope, deltas, m)

    def summary(self) -> str:
        r = self.readout
        return (
            f"LearnWidget: step {r['step']}, C = {r['C']:.4g} ({r['cost']}), "
            f"wrong {r['wrong']} of {r['m']}, output mean |δ| = "
            + ", ".join(f"{d:.3g}" for d in r["deltas"][-1])
        )
