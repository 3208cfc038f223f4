"""The matrix explorer (eq. 23 and 25): row j of w^l times a^{l-1}, plus b^l_j, is z^l_j.

Pick a layer l and a neuron j: the picture shows the matrix w^l as a grid of numbers with
row j highlighted, the column a^{l-1} it multiplies, the bias b^l and the result z^l, and
the network with the weights w^l_jk that row j holds drawn strong. Then switch the input to
a batch: the m examples side by side as the columns of A^{l-1} (X for l = 2) give
Z^l = w^l A^{l-1} + b^l in one product, the column b^l added to every column; the chosen
example is one column, and it equals the forward pass of that example alone.

Every number is :func:`bpcore.backprop.forward`'s (the batch forward pass, and the forward
pass of the chosen example alone); the products w^l_jk a^{l-1}_k written out beside them
are only the terms of the sum whose total bpcore computed.
"""

from __future__ import annotations

import builtins
import html
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from bpcore import _checks
from bpcore.backprop import ForwardPass
from bpcore.network import Network
from bpcore.widgets.base import Choice, Control, Explorer, Slider
from bpcore.widgets.drawing import NetworkPicture, Scene
from bpcore.widgets.grid import CELL_W, grid, legend
from bpcore.widgets.svg import Canvas, shown

Array = np.ndarray

#: The widest layer and the largest batch drawn as grids of numbers.
MAX_NEURONS, MAX_EXAMPLES = 6, 6
SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


@dataclass
class MatrixState:
    values: dict[str, Any]
    w: Array  # w^l
    b: Array  # b^l
    inputs: Array  # a^{l-1}: the chosen example's column, or the batch A^{l-1}
    outputs: Array  # z^l: the column, or the batch Z^l
    a: float  # a^l_j = σ(z^l_j) of the chosen example
    single: ForwardPass  # the chosen example's own forward pass


def _sup(l: int) -> str:
    return str(l).translate(SUPERSCRIPTS)


def _sub(*indices: int | str) -> str:
    return "".join(str(i) for i in indices).translate(SUBSCRIPTS)


class MatrixWidget(Explorer):
    """Eq. 25 as matrices: pick layer l and neuron j, one example or the whole batch.

    ``net`` (default: ``Network([2, 3, 2], seed=0)``; at most 6 neurons a layer) and ``X``
    (inputs as columns, shape ``(n_1, m)``, 1 ≤ m ≤ 6). Controls: ``layer`` (l = 2..L),
    ``j`` (a neuron of layer l), ``column`` (the example i, 0..m-1) and ``batch`` (False:
    one example, a^{l-1} a column; True: the batch A^{l-1}, Z^l = w^l A^{l-1} + b^l).
    ``readout``: ``layer``, ``j``, ``column``, ``batch``, ``row`` (w^l_jk over k),
    ``inputs`` (a^{l-1}_k of the example), ``terms`` (w^l_jk a^{l-1}_k), ``bias``,
    ``z`` (z^l_j), ``a`` (a^l_j), ``z_alone`` (z^l_j from the example's own forward pass).
    """

    def __init__(
        self,
        net: Network | None = None,
        X: Any = None,
        *,
        layer: int = 2,
        j: int = 0,
        column: int = 0,
        batch: bool = False,
    ) -> None:
        if net is None:
            net = Network([2, 3, 2], seed=0)
        if not isinstance(net, Network):
            raise TypeError(f"net: expected a bpcore Network, got {type(net).__name__}")
        if max(net.sizes) > MAX_NEURONS:
            raise ValueError(
                f"net: the explorer writes every weight as a number; expected at most "
                f"{MAX_NEURONS} neurons a layer, got sizes {net.sizes}"
            )
        self.net = net.copy()
        if X is None:
            X = np.array([[0.5, 0.8, -0.3, 1.0], [-1.0, 0.3, 0.6, 0.2]])[: net.sizes[0]]
            X = np.resize(X, (net.sizes[0], 4))
        self.X = _checks.batch(X, net.sizes[0], "X")
        m = self.X.shape[1]
        if not 1 <= m <= MAX_EXAMPLES:
            raise ValueError(f"X: expected 1 to {MAX_EXAMPLES} examples as columns, got {m}")
        self.record = self.net.forward(self.X)  # the batch forward pass, once
        L = net.num_layers
        controls: list[Control] = [
            Choice("layer", "layer", [(f"l = {q}", q) for q in range(2, L + 1)]),
            Choice("j", "neuron j"),
            Choice("batch", "input", [("one example", False), ("a batch", True)], buttons=True),
            Slider("column", "example i", 0, m - 1, 1, integer=True, stepper=True, primary=True),
        ]
        self.picture = NetworkPicture(self.net.weights, width=262, height=290, right=66)
        values = {"layer": layer, "j": j, "column": column, "batch": batch}
        super().__init__(controls, values, "matrix explorer")

    # --- the state ---------------------------------------------------------------------------
    def choices(self, values: dict[str, Any]) -> dict[str, list[tuple[str, Any]]]:
        layer = values.get("layer")
        if not isinstance(layer, int) or not 2 <= layer <= self.net.num_layers:
            return {}
        return {"j": [(f"j = {q}", q) for q in range(self.net.sizes[layer - 1])]}

    def adjust(self, values: dict[str, Any], given: builtins.set[str]) -> dict[str, Any]:
        """When only the layer changes, j stays if it exists there, else goes to 0."""
        allowed = [v for _, v in self.choices(values).get("j", [])]
        if "j" not in given and allowed and values.get("j") not in allowed:
            values["j"] = 0
        return values

    def compute(self, values: dict[str, Any], action: str | None) -> MatrixState:
        layer, j, i = values["layer"], values["j"], values["column"]
        single = self.net.forward(self.X[:, [i]])  # the chosen example alone
        if values["batch"]:
            inputs = self.record.activations[layer - 2]
            outputs = self.record.zs[layer - 2]
        else:
            inputs = single.activations[layer - 2]
            outputs = single.zs[layer - 2]
        a = float(self.record.activations[layer - 1][j, i])
        return MatrixState(values, self.net.w(layer), self.net.b(layer), inputs, outputs, a, single)

    # --- the picture -------------------------------------------------------------------------
    def draw(self, state: MatrixState) -> str:
        v = state.values
        layer, j = v["layer"], v["j"]
        canvas = Canvas(960, 330, title=f"z{_sup(layer)}{_sub(j)}: row {j} of w{_sup(layer)}")
        self._draw_network(canvas, state)
        self._draw_equation(canvas, state)
        return canvas.svg()

    def _draw_network(self, canvas: Canvas, state: MatrixState) -> None:
        layer, j, i = state.values["layer"], state.values["j"], state.values["column"]
        sizes = self.net.sizes
        activations = [a[:, i] for a in self.record.activations]
        z_j = float(self.record.zs[layer - 2][j, i])
        labels: list[list[str] | None] = [
            [shown(float(value)) for value in activations[q - 1]] if q < layer else None
            for q in range(1, len(sizes) + 1)
        ]
        labels[layer - 1] = [f"z = {shown(z_j)}" if n == j else "" for n in range(sizes[layer - 1])]
        scene = Scene(
            labels=labels,
            active={(layer - 1, k) for k in range(sizes[layer - 2])} | {(layer, j)},
            active_edges={(layer, j, k) for k in range(sizes[layer - 2])},
        )
        part = Canvas(canvas.width, canvas.height)
        self.picture.draw(part, self.net.weights, scene)
        canvas.raw(_pick_neuron("".join(part.parts)))
        canvas.text(10, 16, f"example i = {i}", size=11, anchor="start", fill="#444444")

    def _draw_equation(self, canvas: Canvas, state: MatrixState) -> None:
        v = state.values
        layer, j, i, batch = v["layer"], v["j"], v["column"], v["batch"]
        top, x = 60.0, 280.0
        up, here = _sup(layer - 1), _sup(layer)
        name_in = ("X" if layer == 2 else f"A{up}") if batch else f"a{up}"
        name_out = f"Z{here}" if batch else f"z{here}"
        grids = [
            (f"w{here}", state.w, {"row": j}, "j"),
            ("×", None, {}, ""),
            (name_in, state.inputs, {"column": i if batch else 0, "all": not batch}, "column"),
            ("+", None, {}, ""),
            (f"b{here}", state.b, {"row": j}, "j"),
            ("=", None, {}, ""),
            (name_out, state.outputs, {"row": j, "column": i if batch else 0}, "both"),
        ]
        cells = sum(matrix.shape[1] for _, matrix, _, _ in grids if matrix is not None)
        cell = min(CELL_W, (canvas.width - x - 10 - 3 * 22 - 4 * 12) / cells)
        for name, matrix, marks, pick in grids:
            if matrix is None:
                canvas.text(x + 10, top + 60, name, size=20, fill="#333333")
                x += 22
                continue
            x = grid(canvas, x, top, name, matrix, marks, pick, cell) + 12
        self._draw_sum(canvas, state, 290.0, 205.0)
        legend(canvas, 290.0, 318.0, batch)

    def _draw_sum(self, canvas: Canvas, state: MatrixState, x: float, y: float) -> None:
        layer, j, i = state.values["layer"], state.values["j"], state.values["column"]
        k_all = range(self.net.sizes[layer - 2])
        up, here, zj = _sup(layer - 1), _sup(layer), f"z{_sup(layer)}{_sub(j)}"
        column = state.inputs[:, i] if state.values["batch"] else state.inputs[:, 0]
        symbols = " + ".join(f"w{here}{_sub(j, k)}·a{up}{_sub(k)}" for k in k_all)
        terms = " + ".join(f"({shown(state.w[j, k])})({shown(column[k])})" for k in k_all)
        z = float(state.outputs[j, i if state.values["batch"] else 0])
        lines = [
            f"{zj} = {symbols} + b{here}{_sub(j)}",
            f"{' ' * len(zj)} = {terms} + ({shown(state.b[j, 0])}) = {shown(z)}",
            f"a{here}{_sub(j)} = σ({zj}) = {shown(state.a)}",
        ]
        if state.values["batch"]:
            lines.append(
                f"column {i} of Z{here} is z{here} of example {i} alone; b{here} is added "
                "to every column"
            )
        for n, text in enumerate(lines):
            indent = 26 if text.startswith(" ") else 0
            canvas.text(x + indent, y + 19 * n, text.strip(), size=12.5, anchor="start")

    # --- the readout -----------------------------------------------------------------------------
    def describe(self, state: MatrixState) -> tuple[dict[str, Any], str]:
        v = state.values
        layer, j, i, batch = v["layer"], v["j"], v["column"], v["batch"]
        column = state.inputs[:, i] if batch else state.inputs[:, 0]
        row = state.w[j, :]
        z = float(state.outputs[j, i if batch else 0])
        readout = {
            "layer": layer,
            "j": j,
            "column": i,
            "batch": batch,
            "row": [float(w) for w in row],
            "inputs": [float(a) for a in column],
            "terms": [float(t) for t in row * column],
            "bias": float(state.b[j, 0]),
            "z": z,
            "a": state.a,
            "z_alone": float(state.single.zs[layer - 2][j, 0]),
        }
        sup, sub = (lambda t: f"<sup>{t}</sup>"), (lambda t: f"<sub>{t}</sub>")
        terms = " + ".join(shown(t) for t in readout["terms"])
        text = (
            f"z{sup(layer)}{sub(j)} = Σ{sub('k')} w{sup(layer)}{sub(f'{j}k')} "
            f"a{sup(layer - 1)}{sub('k')} + b{sup(layer)}{sub(j)} = {terms} + "
            f"{shown(readout['bias'])} = <b>{shown(z)}</b> &nbsp;·&nbsp; "
            f"a{sup(layer)}{sub(j)} = σ(z{sup(layer)}{sub(j)}) = <b>{shown(state.a)}</b> "
            f"&nbsp;·&nbsp; example i = {i} of {self.X.shape[1]}"
        )
        n, n_prev, m = state.w.shape[0], state.w.shape[1], self.X.shape[1]
        if batch:
            text += (
                f"<br>Z{sup(layer)} = w{sup(layer)} A{sup(layer - 1)} + b{sup(layer)}: "
                f"({n}×{n_prev})({n_prev}×{m}) + ({n}×1) → ({n}×{m}); column {i} = the "
                f"forward pass of example {i} alone: z{sup(layer)}{sub(j)} = "
                f"{shown(readout['z_alone'])}"
            )
        else:
            text += (
                f"<br>z{sup(layer)} = w{sup(layer)} a{sup(layer - 1)} + b{sup(layer)}: "
                f"({n}×{n_prev})({n_prev}×1) + ({n}×1) → ({n}×1)"
            )
        return readout, text

    def summary(self) -> str:
        r = self.readout
        shown = "the batch" if r["batch"] else "one example"
        return (
            f"MatrixWidget({self.net!r}): layer {r['layer']}, neuron j = {r['j']}, "
            f"example i = {r['column']} ({shown}): z = {r['z']:.4g}, a = σ(z) = {r['a']:.4g}"
        )


def _pick_neuron(svg: str) -> str:
    """The network's clickable parts choose a neuron (layer, j): an edge its receiving one."""
    pattern = re.compile(r'data-pick="([^"]*)"')

    def keep_neuron(match: re.Match[str]) -> str:
        pick = html.unescape(match.group(1))
        layer_j = re.match(r'\{"layer":(\d+),"j":(\d+)', pick)
        if layer_j is None:
            return ""
        new = f'{{"layer":{layer_j.group(1)},"j":{layer_j.group(2)}}}'
        return f'data-pick="{html.escape(new, quote=True)}"'

    return pattern.sub(keep_neuron, svg)
