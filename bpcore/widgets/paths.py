"""The sum over paths on a deep network (eq. 51–53), and the regrouping that makes it δ.

Pick a weight w^l_jk (menus, or a click on its edge; a click on a neuron picks its bias)
and step through the paths from it to the cost, largest |rate| first: the current path's
rate factors are written on its edges, the paths summed so far are drawn as wide as their
rates, and a waterfall chart adds the rates one by one until the sum reaches ∂C/∂w^l_jk
from backpropagation (eq. 53).

Then the regrouping. Every path through neuron i of layer q is a head (from the weight to
z^q_i) followed by a tail (from z^q_i to C), and every head meets every tail, so the paths
through i add up to (Σ heads) × (Σ tails). The tails summed are δ^q_i (the error BP1 and
BP2 carry back); the heads summed are ∂z^q_i/∂w^l_jk. The table shows both for each
neuron of the chosen layer q beside bpcore's δ^q_i; at q = l it is BP4, a^{l-1}_k δ^l_j.

The paths and their factors are :func:`bpcore.paths`'s; δ is :func:`bpcore.backprop`'s.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from bpcore.backprop import Gradients, backprop, check_inputs
from bpcore.network import Network
from bpcore.paths import Path, Paths, paths
from bpcore.widgets.base import Choice, Control, Explorer, Slider, keep_or_zero, signed
from bpcore.widgets.drawing import NetworkPicture, Scene
from bpcore.widgets.paths_picture import (
    COLUMNS,
    LEGEND,
    draw_routes,
    factor_labels,
    regroup_table,
    waterfall,
)
from bpcore.widgets.svg import Canvas, legend

Array = np.ndarray

#: The most paths one weight may have: every path is listed, drawn and summed.
MAX_PATHS = 1000
#: The default network: three hidden layers, 24 paths from each weight of layer 2.
DEFAULT_SIZES = [2, 3, 4, 3, 2]
ORDERS = [("largest first", "size"), ("grouped by layer q", "grouped")]


@dataclass
class Group:
    """The paths through neuron ``neuron`` of layer q: ``count`` of them, their ``rates``
    summed, the sum of their distinct ``heads`` (∂z^q_i/∂w), of their distinct ``tails``
    (δ^q_i), and bpcore's ``delta`` δ^q_i (BP1, BP2). ``rates`` = ``heads`` × ``tails``."""

    neuron: int
    count: int
    rates: float
    heads: float
    tails: float
    delta: float


def regroup(p: Paths, net: Network, g: Gradients, q: int) -> list[Group]:
    """The paths of ``p`` grouped by the neuron they pass through in layer ``q`` (l ≤ q ≤ L).

    A path's factors are ∂a^l_j/∂w, then σ'(z^r_i) w^r_ip for each later layer r, then
    ∂C/∂a^L_m. Cut at z^q_i: the head is everything before σ'(z^q_i) (a^{l-1}_k when
    q = l), the tail is σ'(z^q_i) and everything after it.
    """
    s, last = q - p.layer, q - 2
    sigma_prime = net.activation_functions[last].prime(g.zs[last])[:, 0]
    first_head = 1.0 if p.k is None else float(g.activations[p.layer - 2][p.k, 0])
    heads: dict[int, dict[tuple[int, ...], float]] = {}
    tails: dict[int, dict[tuple[int, ...], float]] = {}
    rates: dict[int, list[float]] = {}
    for path in p:
        i = path.neurons[s]
        head = first_head
        if s > 0:
            head = math.prod(path.factors[:s]) * float(net.weights[last][i, path.neurons[s - 1]])
        heads.setdefault(i, {})[path.neurons[: s + 1]] = head
        tails.setdefault(i, {})[path.neurons[s:]] = sigma_prime[i] * math.prod(
            path.factors[s + 1 :]
        )
        rates.setdefault(i, []).append(path.rate)
    return [
        Group(
            i,
            len(rates[i]),
            math.fsum(rates[i]),
            math.fsum(heads[i].values()),
            math.fsum(tails[i].values()),
            float(g.deltas[last][i, 0]),
        )
        for i in sorted(heads)
    ]


@dataclass
class PathsState:
    values: dict[str, Any]
    paths: Paths
    order: list[int]  # indices into paths, in the order they are summed
    running: Array  # the running sum of the rates in that order
    groups: list[Group]

    @property
    def current(self) -> Path:
        return self.paths[self.order[self.values["n"] - 1]]


class PathsWidget(Explorer):
    """Every path from w^l_jk (or b^l_j) to C, summed one by one, and regrouped into δ.

    Controls: ``layer``, ``j``, ``k`` (a neuron of layer l-1 or ``"bias"``), ``n`` (how
    many paths are summed; the n-th is the one whose factors are written), ``order``
    (``"size"``: largest |rate| first; ``"grouped"``: by the neuron of layer q they pass
    through) and ``group`` (the layer q at which the paths are regrouped).
    ``readout``: ``parameter``, ``count``, ``n``, ``path`` (its neurons), ``factors``,
    ``rate``, ``running_sum``, ``sum`` (all rates), ``gradient`` (backprop),
    ``largest`` (neurons, rate), ``group`` (q) and ``groups`` (one dict per neuron).
    """

    def __init__(
        self,
        net: Network | None = None,
        x: Any = None,
        y: Any = None,
        *,
        layer: int = 2,
        j: int = 0,
        k: int | str | None = 0,
        n: int = 1,
        order: str = "size",
        group: int | None = None,
    ) -> None:
        if net is None:
            if x is not None or y is not None:
                raise ValueError("net: x and y were given without a network; pass all three")
            net, x, y = Network(DEFAULT_SIZES, seed=2), [[0.8], [0.3]], [[1.0], [0.0]]
        most = _check_network(net)
        self.net = net.copy()
        self.x, y_checked = check_inputs(self.net, x, y)
        if self.x.shape[1] != 1 or y_checked is None:
            raise ValueError(f"x: the explorer follows one example, shape ({net.sizes[0]}, 1)")
        self.y = y_checked
        self.gradients = backprop(self.net, self.x, self.y)
        self._cache: dict[tuple, Paths] = {}
        L = net.num_layers
        controls: list[Control] = [
            Choice("layer", "layer", [(f"l = {q}", q) for q in range(2, L + 1)]),
            Choice("j", "j"),
            Choice("k", "k"),
            Slider("n", "paths summed", 1, most, 1, integer=True, stepper=True, primary=True),
            Choice("order", "order", ORDERS, buttons=True, new_row=True),
            Choice("group", "regroup at"),
        ]
        values = {
            "layer": layer,
            "j": j,
            "k": "bias" if k is None else k,
            "n": n,
            "order": order,
        }
        if group is not None:  # otherwise the layer after l (see adjust)
            values["group"] = group
        self.picture = NetworkPicture(
            self.net.weights, width=560, height=340, right=72, top=30, bottom=42
        )
        super().__init__(controls, values, "paths explorer")

    # --- the state ---------------------------------------------------------------------------
    def _paths(self, layer: int, j: int, k: int | None) -> Paths:
        key = (layer, j, k)
        if key not in self._cache:
            self._cache[key] = paths(self.net, self.x, self.y, layer, j, k, limit=MAX_PATHS)
        return self._cache[key]

    def _count(self, values: dict[str, Any]) -> int | None:
        layer = values.get("layer")
        if not isinstance(layer, int) or not 2 <= layer <= self.net.num_layers:
            return None
        return math.prod(self.net.sizes[layer:])

    def choices(self, values: dict[str, Any]) -> dict[str, list[tuple[str, Any]]]:
        sizes, layer, count = self.net.sizes, values.get("layer"), self._count(values)
        if count is None or not isinstance(layer, int):
            return {}
        return {
            "j": [(f"j = {q}", q) for q in range(sizes[layer - 1])],
            "k": [("bias b", "bias"), *((f"k = {q}", q) for q in range(sizes[layer - 2]))],
            "n": [("low", 1), ("high", count)],
            "group": [(f"layer q = {q}", q) for q in range(layer, len(sizes) + 1)],
        }

    def adjust(self, values: dict[str, Any], given: set[str]) -> dict[str, Any]:
        """A new weight keeps j, k, n and q where they still exist; otherwise they follow."""
        options = self.choices(values)
        keep_or_zero(values, options, given)
        count = self._count(values)
        if "n" not in given and count is not None and isinstance(values.get("n"), int):
            values["n"] = min(max(values["n"], 1), count)
        groups = [v for _, v in options.get("group", [])]
        if "group" not in given and groups and values.get("group") not in groups:
            values["group"] = groups[min(1, len(groups) - 1)]
        return values

    def compute(self, values: dict[str, Any], action: str | None) -> PathsState:
        layer, j = values["layer"], values["j"]
        k = None if values["k"] == "bias" else values["k"]
        p = self._paths(layer, j, k)
        q = values["group"]
        order = list(range(len(p)))  # largest |rate| first, as bpcore lists them
        if values["order"] == "grouped":  # by the neuron of layer q; largest first within
            order.sort(key=lambda i: p[i].neurons[q - layer])
        running = np.cumsum([p[i].rate for i in order])
        return PathsState(values, p, order, running, regroup(p, self.net, self.gradients, q))

    # --- the picture and the readout ------------------------------------------------------------
    def draw(self, state: PathsState) -> str:
        p, values = state.paths, state.values
        q, L = values["group"], self.net.num_layers
        rows = max(self.net.sizes[1:]) + 2  # the regrouping table's rows
        canvas = Canvas(900, max(380, 300 + 15 * rows), title=f"the paths from {_name(p)} to C")
        deltas = self.gradients.deltas[q - 2][:, 0]
        halfrange = float(np.abs(deltas).max()) or 1.0
        shown: list[Array | None] = [None] * L
        shown[q - 1] = deltas
        routes = [self._route(p, path) for path in p]
        draw_routes(canvas, state, routes)
        scene = Scene(
            values=shown,
            halfrange=halfrange,
            chosen=(p.layer, p.j, p.k),
            edge_opacity=0.18,
        )
        self.picture.draw(canvas, self.net.weights, scene)
        for i, d in enumerate(deltas):  # the neurons of layer q are numbered in the table
            x, y = self.picture.position(q, i)
            dark = abs(d) > 0.6 * halfrange
            shade = "#ffffff" if dark else "#1a1a1a"
            canvas.text(x, y + 4, str(i), size=10.5, fill=shade, pointer_events="none")
        cx, cy = routes[0][-1]
        canvas.add("circle", cx=cx, cy=cy, r=13, fill="#f2f2f2", stroke="#555555")
        canvas.text(cx, cy + 5, "C", size=14, font_style="italic", pointer_events="none")
        factor_labels(canvas, state.current, routes[state.order[values["n"] - 1]], p.k is None)
        canvas.text(
            20,
            16,
            f"colour: δ^{q} at the regrouping layer (BP1, BP2), clipped at ±{halfrange:.2g}",
            size=11,
            anchor="start",
            fill="#444444",
        )
        legend(canvas, 24, canvas.height - 8, LEGEND)
        waterfall(canvas, state, self.gradient(p))
        regroup_table(canvas, state)
        return canvas.svg()

    def gradient(self, p: Paths) -> float:
        """∂C/∂w^l_jk (∂C/∂b^l_j) by backpropagation: BP4 (BP3)."""
        i = p.layer - 2
        if p.k is None:
            return float(self.gradients.nabla_b[i][p.j, 0])
        return float(self.gradients.nabla_w[i][p.j, p.k])

    def _route(self, p: Paths, path: Path) -> list[tuple[float, float]]:
        """The points a path passes: a^{l-1}_k (for a weight), a^l_j, …, a^L_m, then C."""
        points = [] if p.k is None else [self.picture.position(p.layer - 1, p.k)]
        points += [self.picture.position(p.layer + s, i) for s, i in enumerate(path.neurons)]
        return [*points, (self.picture.width - 24, self.picture.middle)]

    def describe(self, state: PathsState) -> tuple[dict[str, Any], str]:
        p, values = state.paths, state.values
        path, n = state.current, values["n"]
        gradient = self.gradient(p)
        readout = {
            "parameter": _name(p),
            "layer": p.layer,
            "j": p.j,
            "k": p.k,
            "count": p.count,
            "n": n,
            "order": values["order"],
            "path": path.neurons,
            "factors": path.factors,
            "rate": path.rate,
            "running_sum": float(state.running[n - 1]),
            "sum": float(state.running[-1]),
            "gradient": gradient,
            "largest": {"path": p[0].neurons, "rate": p[0].rate},
            "group": values["group"],
            "groups": [vars(g).copy() for g in state.groups],
        }
        order = "largest |rate| first" if values["order"] == "size" else "grouped by layer q"
        factors = " × ".join(signed(f, 3) for f in path.factors)
        text = (
            f"<b>path {n} of {p.count}</b> ({order}): {_route_text(p, path)}<br>"
            f"rate = {factors} = <b>{signed(path.rate)}</b> (eq. 51) &nbsp;·&nbsp; "
            f"largest |rate|: {signed(p[0].rate)}<br>"
            f"sum of the first {n} rates = <b>{signed(float(state.running[n - 1]))}</b>"
            f" &nbsp;·&nbsp; all {p.count}: <b>{signed(float(state.running[-1]))}</b>"
            f" &nbsp;·&nbsp; backprop {_rate_name(p)} = <b>{signed(gradient)}</b> (eq. 53)"
            + _table_html(state)
        )
        return readout, text

    def summary(self) -> str:
        r = self.readout
        return (
            f"PathsWidget({self.net!r}): {r['parameter']}: {r['count']} paths, the first "
            f"{r['n']} sum to {r['running_sum']:.4g}; all {r['count']}: {r['sum']:.4g} = "
            f"∂C/∂{r['parameter'][0]} by backprop {r['gradient']:.4g}"
        )


def _check_network(net: object) -> int:
    """The most paths any weight of ``net`` has; a network the explorer cannot show raises."""
    if not isinstance(net, Network):
        raise TypeError(f"net: expected a bpcore Network, got {type(net).__name__}")
    coupled = [f.name for f in net.activation_functions if not f.elementwise]
    if coupled:
        raise ValueError(
            f"net: every layer must be elementwise (one path per neuron); got {coupled[0]!r}"
        )
    most = math.prod(net.sizes[2:])
    if most > MAX_PATHS:
        raise ValueError(
            f"net: a weight of layer 2 has {most:,} paths to C; the explorer lists at most "
            f"{MAX_PATHS:,} (a smaller network, e.g. {DEFAULT_SIZES})"
        )
    return most


def _name(p: Paths) -> str:
    return f"b^{p.layer}_{p.j}" if p.k is None else f"w^{p.layer}_{p.j}{p.k}"


def _rate_name(p: Paths) -> str:
    return f"∂C/∂{_name(p)}"


def _route_text(p: Paths, path: Path) -> str:
    steps = [f"a^{p.layer + s}_{i}" for s, i in enumerate(path.neurons)]
    return " → ".join([_name(p), *steps, "C"])


def _table_html(state: PathsState) -> str:
    q = state.values["group"]
    cell = "style='padding:0 9px 0 0;text-align:right'"
    head = "".join(f"<th {cell}>{c}</th>" for c in COLUMNS)
    rows = "".join(
        f"<tr><td {cell}>{g.neuron}</td><td {cell}>{g.count}</td>"
        + "".join(f"<td {cell}>{signed(v)}</td>" for v in (g.rates, g.heads, g.tails, g.delta))
        + "</tr>"
        for g in state.groups
    )
    return (
        f"<br>regrouped at layer q = {q}: the paths through a^{q}_i add up to "
        f"(Σ heads = ∂z^{q}_i/∂w) × (Σ tails = δ^{q}_i)"
        f"<table><tr>{head}</tr>{rows}</table>"
    )
