"""The algorithm, step by step: step ▶ / ◀ through the five steps of backpropagation.

Input → z^l, a^l neuron by neuron (eq. 23, 25) → δ^L (BP1) → δ^{L-1} … δ^2 (BP2) →
∂C/∂b^l_j and ∂C/∂w^l_jk (BP3, BP4) → the update w → w − η ∂C/∂w. Each step draws the
neurons and weights it uses strong and the rest faint, writes the numbers known so far
beside the neurons, and shows its equation with the numbers plugged in. Every number is
bpcore's: the forward pass, the errors and the gradients of :func:`bpcore.backprop`, ∇_a C
of the network's cost, σ' of each layer's activation, the step of
:func:`bpcore.train.gradient_step`. The network passed in is copied, never changed.
"""

from __future__ import annotations

import html
from typing import Any

import numpy as np

from bpcore.backprop import Gradients, backprop, check_inputs
from bpcore.examples import book_network
from bpcore.network import Network
from bpcore.train import gradient_step
from bpcore.widgets.base import Explorer, Slider, example_from, example_sliders
from bpcore.widgets.drawing import NetworkPicture, Scene
from bpcore.widgets.steps_text import PHASES, Step, StepsState, algorithm_steps, equation, number
from bpcore.widgets.svg import Canvas

Array = np.ndarray

#: The largest network the explorer draws with every number beside its neuron.
MAX_NEURONS, MAX_LAYERS = 10, 6


class StepsWidget(Explorer):
    """Step through backpropagation on one example, every number written out.

    Controls: ``step`` (1 .. the number of steps; the ◀ ▶ buttons, the slider and ←
    → on the focused explorer move it), ``x_0`` … and ``y_0`` … (the input and target, for
    at most four inputs and outputs), ``eta`` (η of the update). ``readout``: ``step``,
    ``steps``, ``phase``, ``layer``, ``j``, ``equation`` (the text shown) and ``numbers``
    (every number of the equation, by name, e.g. ``"z^2_1"``, ``"w^2_10"``).
    """

    def __init__(
        self,
        net: Network | None = None,
        x: Any = None,
        y: Any = None,
        *,
        step: int = 1,
        eta: float = 3.0,
    ) -> None:
        if net is None:
            if x is not None or y is not None:
                raise ValueError("net: x and y were given without a network; pass all three")
            net, x, y = book_network()
        self.net = _checked_network(net)
        x_checked, y_checked = check_inputs(self.net, x, y)
        assert y_checked is not None
        if x_checked.shape[1] != 1:
            raise ValueError(
                f"x: the explorer steps through one example, shape ({net.sizes[0]}, 1); "
                f"got {x_checked.shape[1]} columns"
            )
        self._x, self._y = x_checked, y_checked
        self.steps = algorithm_steps(self.net.sizes)
        # Steps are counted from 1, as the readout and the picture's title count them.
        controls: list = [
            Slider("step", "step", 1, len(self.steps), 1, integer=True, stepper=True, primary=True)
        ]
        sliders, values = example_sliders(self._x, self._y, most=4)
        controls += sliders
        values.update(step=step, eta=eta)
        controls.append(Slider("eta", "η", 0.05, 5.0, 0.05, new_row=True))
        self.picture = NetworkPicture(self.net.weights, width=600, height=320, top=44, right=95)
        super().__init__(controls, values, "backpropagation step by step")

    # --- the state ---------------------------------------------------------------------------
    def _example(self, values: dict[str, Any]) -> tuple[Array, Array]:
        return example_from(values, self._x, self._y)

    def _gradients(self, x: Array, y: Array) -> tuple[Gradients, Array, list[Array], float]:
        """One forward and backward pass per example, reused by every step."""
        key = (x.tobytes(), y.tobytes())
        if getattr(self, "_cached", (None,))[0] != key:
            g = backprop(self.net, x, y)
            grad_a = self.net.cost_function.gradient(g.output, y)
            primes = [f.prime(z) for f, z in zip(self.net.activation_functions, g.zs)]
            self._cached = (key, (g, grad_a, primes, self.net.cost(x, y)))
        return self._cached[1]

    def compute(self, values: dict[str, Any], action: str | None) -> StepsState:
        x, y = self._example(values)
        g, grad_a, primes, cost = self._gradients(x, y)
        step = self.steps[values["step"] - 1]
        updated = None
        if step.phase == "update":
            updated = self.net.copy()
            gradient_step(updated, x, y, float(values["eta"]))
        return StepsState(values, step, values["step"] - 1, g, grad_a, primes, cost, updated, y)

    # --- the picture ---------------------------------------------------------------------------
    def draw(self, state: StepsState) -> str:
        step, n = state.step, len(self.steps)
        canvas = Canvas(600, 350, title=f"{state.index + 1} / {n} · {PHASES[step.phase]}")
        values, halfrange, labels, what = self._shown(state)
        active, edges = uses(step, self.net.sizes)
        scene = Scene(
            values=values,
            halfrange=halfrange,
            labels=labels,
            active=active,
            active_edges=edges,
        )
        weights = self.net.weights if state.updated is None else state.updated.weights
        self.picture.draw(canvas, weights, scene)
        canvas.text(
            16, 14, f"{state.index + 1} / {n} · {PHASES[step.phase]}", size=12, anchor="start"
        )
        self.picture.sign_legend(canvas, 30, 340)
        canvas.text(16, 31, what, size=10.5, anchor="start", fill="#444444")
        return canvas.svg()

    def _shown(self, state: StepsState) -> tuple[list, float, list, str]:
        """Colours, their scale, the labels beside the neurons, and the caption saying so."""
        g, step, sizes = state.g, state.step, self.net.sizes
        L = len(sizes)
        known = _known(self.steps, state.index)
        x = g.activations[0][:, 0]
        labels: list[list[str] | None] = [[f"x={number(v)}" for v in x]]
        if step.phase in ("input", "forward"):
            values: list = [None]
            for q in range(2, L + 1):
                a = g.activations[q - 1][:, 0]
                done = [(q, j) in known["a"] for j in range(sizes[q - 1])]
                values.append(np.where(done, a, np.nan))
                labels.append([f"a={number(v)}" if d else "" for v, d in zip(a, done)])
            return values, 1.0, labels, "colour: a on a ±1 scale; grey: not yet computed"
        halfrange = max(float(np.abs(d).max()) for d in g.deltas) or 1.0
        values = [None]
        for q in range(2, L + 1):
            delta = g.deltas[q - 2][:, 0]
            done = [(q, j) in known["delta"] for j in range(sizes[q - 1])]
            values.append(np.where(done, delta, np.nan))
            if step.phase == "update":
                assert state.updated is not None
                b = state.updated.biases[q - 2][:, 0]
                labels.append([f"b→{number(v)}" for v in b])
            else:
                labels.append([f"δ={number(v)}" if d else "" for v, d in zip(delta, done)])
        caption = f"colour: δ on a ±{halfrange:.3g} scale; grey: not yet computed"
        if step.phase == "update":
            caption = f"colour: δ (±{halfrange:.3g}); edges and b: after the step"
        return values, halfrange, labels, caption

    # --- the readout ---------------------------------------------------------------------------
    def describe(self, state: StepsState) -> tuple[dict[str, Any], str]:
        text, numbers, result = equation(state, self.net)
        step = state.step
        readout = {
            "step": state.index + 1,
            "steps": len(self.steps),
            "phase": step.phase,
            "layer": step.layer,
            "j": step.j,
            "equation": text,
            "numbers": numbers,
        }
        lines = [html.escape(line) for line in text.split("\n")]
        if result:
            lines[0] = lines[0].replace(html.escape(result), f"<b>{html.escape(result)}</b>")
        head = f"<b>{state.index + 1} / {len(self.steps)}</b> · {html.escape(PHASES[step.phase])}"
        return readout, head + "<br>" + "<br>".join(lines)

    def summary(self) -> str:
        r = self.readout
        first = str(r.get("equation", "")).split("\n")[0]
        where = f"{r.get('step')} / {r.get('steps')}"
        return f"StepsWidget({self.net.sizes}): {where} · {first}"


def _checked_network(net: object) -> Network:
    if not isinstance(net, Network):
        raise TypeError(f"net: expected a bpcore Network, got {type(net).__name__}")
    if net.num_layers > MAX_LAYERS or max(net.sizes) > MAX_NEURONS:
        raise ValueError(
            f"net: the explorer writes every number beside its neuron, so it takes at most "
            f"{MAX_LAYERS} layers of at most {MAX_NEURONS} neurons; got sizes {net.sizes}"
        )
    for q, f in enumerate(net.activation_functions, start=2):
        if not f.elementwise:
            raise ValueError(
                f"net: layer {q}'s activation {f.name!r} couples its neurons (no σ'(z) per "
                "neuron); the explorer steps through elementwise activations"
            )
    return net.copy()


def uses(step: Step, sizes: list[int]) -> tuple[set | None, set | None]:
    """The neurons (l, j) and weights (l, j, k) a step reads and writes; None: everything."""
    q, j = step.layer, step.j
    if step.phase == "input":
        return {(1, k) for k in range(sizes[0])}, set()
    if step.phase in ("forward", "gradient"):
        neurons = {(q, j)} | {(q - 1, k) for k in range(sizes[q - 2])}
        return neurons, {(q, j, k) for k in range(sizes[q - 2])}
    if step.phase == "output":
        return {(q, j)}, set()
    if step.phase == "backward":
        neurons = {(q, j)} | {(q + 1, k) for k in range(sizes[q])}
        return neurons, {(q + 1, k, j) for k in range(sizes[q])}
    return None, None


def _known(steps: list[Step], index: int) -> dict[str, set[tuple[int, int]]]:
    """Which a^l_j and δ^l_j the steps up to ``index`` have computed."""
    known: dict[str, set[tuple[int, int]]] = {"a": set(), "delta": set()}
    for step in steps[: index + 1]:
        if step.phase == "forward":
            known["a"].add((step.layer, step.j))
        elif step.phase in ("output", "backward"):
            known["delta"].add((step.layer, step.j))
    return known
