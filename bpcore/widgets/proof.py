"""The proof explorer (eq. 29, 39, 42–45): nudge z^l_j and follow the chain rule.

Pick a neuron j of layer l and drag Δz: the weighted input z^l_j alone moves by Δz, the
later layers run again, and the cost moves by ΔC — beside δ^l_j Δz, the change the
definition δ^l_j = ∂C/∂z^l_j predicts (eq. 29). The picture then follows the proof of BP2:
the change reaches the cost only through the weighted inputs z^{l+1}_k of the next layer,
each moved by about w^{l+1}_kj σ′(z^l_j) Δz (eq. 44), and each passes it on at the rate
δ^{l+1}_k. So δ^l_j is a sum of one term w^{l+1}_kj σ′(z^l_j) δ^{l+1}_k per neuron k
(eq. 45), written on the edge it travels; pick one term to follow it alone. In the output
layer the proof is BP1's instead: δ^L_j = ∂C/∂a^L_j σ′(z^L_j) (eq. 39).

The exact ΔC comes from :class:`bpcore.Nudger` (a nudge of b^l_j is a nudge of z^l_j: the
layers l..L run again); δ, σ′ and the weights from its one backpropagation. The network
passed in is copied, never changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from bpcore import _checks
from bpcore.network import Network
from bpcore.nudge import Nudge, Nudger
from bpcore.widgets.base import Choice, Control, Explorer, Slider
from bpcore.widgets.drawing import NetworkPicture, Scene
from bpcore.widgets.proof_view import draw_curve, draw_sums, readout_html, script, short
from bpcore.widgets.svg import ACTIVE, Canvas, colour_bar

Array = np.ndarray

#: Points of the exact ΔC curve across the slider's range.
CURVE_POINTS = 41


@dataclass
class Term:
    """One term of eq. 45: the path from z^l_j through z^{l+1}_k to the cost."""

    k: int
    w: float  # w^{l+1}_kj
    sigma_prime: float  # σ′(z^l_j)
    delta_next: float  # δ^{l+1}_k
    dz_next: float  # Δz^{l+1}_k, exact, for the nudge Δz
    dz_next_linear: float  # w^{l+1}_kj σ′(z^l_j) Δz (eq. 44)

    @property
    def value(self) -> float:
        return self.w * self.sigma_prime * self.delta_next


@dataclass
class ProofState:
    values: dict[str, Any]
    nudge: Nudge
    delta: float
    sigma_prime: float
    grad_a: float | None  # ∂C/∂a^L_j in the output layer (BP1), else None
    terms: list[Term]
    curve: tuple[Array, Array]
    halfrange: float


def _default_network() -> tuple[Network, Array, Array]:
    """Notebook 06's network: 2-3-3-2 sigmoid, quadratic cost, x = (0.8, 0.3), y = (1, 0)."""
    return Network([2, 3, 3, 2], seed=1), np.array([[0.8], [0.3]]), np.array([[1.0], [0.0]])


class ProofWidget(Explorer):
    """Nudge z^l_j by Δz: ΔC ≈ δ^l_j Δz (eq. 29), and δ^l_j as the sum of eq. 45's terms.

    Controls: ``layer`` (l = 2..L), ``j`` (a neuron of layer l), ``dz`` (the nudge Δz),
    ``term`` (``"all"`` or a neuron k of layer l+1: the one term to follow).
    ``readout``: ``neuron``, ``layer``, ``j``, ``dz``, ``delta`` (δ^l_j), ``dC`` (exact),
    ``dC_linear`` (δ^l_j Δz), ``gap``, ``sigma_prime`` (σ′(z^l_j)), ``grad_a`` (∂C/∂a^L_j,
    output layer only), ``terms`` (one dict per k: ``k``, ``w``, ``sigma_prime``,
    ``delta_next``, ``term``, ``dz_next``, ``dz_next_linear``), ``sum_of_terms``.
    """

    def __init__(
        self,
        net: Network | None = None,
        x: Any = None,
        y: Any = None,
        *,
        layer: int | None = None,
        j: int = 0,
        dz: float = 0.5,
        dz_max: float = 1.0,
        term: int | str = "all",
    ) -> None:
        if net is None:
            if x is not None or y is not None:
                raise ValueError("net: x and y were given without a network; pass all three")
            net, x, y = _default_network()
        if not isinstance(net, Network):
            raise TypeError(f"net: expected a bpcore Network, got {type(net).__name__}")
        dz_max = _checks.positive_number(dz_max, "dz_max")
        self.net = net.copy()
        self.nudger = Nudger(self.net, x, y)  # checks x and y; one backprop for every nudge
        if self.nudger.x.shape[1] != 1:
            raise ValueError(
                f"x: the explorer shows one example, shape ({net.sizes[0]}, 1); "
                f"got {self.nudger.x.shape[1]} columns"
            )
        if not all(f.elementwise for f in self.net.activation_functions):
            raise ValueError("net: the proofs of BP1 and BP2 are for elementwise activations")
        L = net.num_layers
        controls: list[Control] = [
            Choice("layer", "layer", [(f"l = {q}", q) for q in range(2, L + 1)]),
            Choice("j", "j"),
            Choice("term", "follow"),
            Slider("dz", "Δz", -dz_max, dz_max, dz_max / 100, digits=2, primary=True, new_row=True),
        ]
        if layer is None:  # a hidden layer, where the proof of BP2 has something to show
            layer = L - 1 if L > 2 else L
        values = {"layer": layer, "j": j, "dz": dz, "term": term}
        self.picture = NetworkPicture(self.net.weights, width=540, height=270, right=90)
        self._curves: dict[tuple[int, int], tuple[Array, Array, float]] = {}
        super().__init__(controls, values, "proof explorer")

    # --- the state -----------------------------------------------------------------------------
    def choices(self, values: dict[str, Any]) -> dict[str, list[tuple[str, Any]]]:
        sizes, layer = self.net.sizes, values.get("layer")
        if not isinstance(layer, int) or not 2 <= layer <= len(sizes):
            return {}
        terms: list[tuple[str, Any]] = [("every term", "all")]
        if layer < len(sizes):
            terms += [(f"k = {k}", k) for k in range(sizes[layer])]
        return {"j": [(f"j = {q}", q) for q in range(sizes[layer - 1])], "term": terms}

    def picked(self, changes: dict[str, Any]) -> dict[str, Any]:
        """A click on a neuron chooses it; a click on the edge from neuron k of layer q − 1 to
        neuron j of layer q chooses neuron k of layer q − 1 and follows its term through j."""
        if "k" not in changes:
            return changes
        changes = dict(changes)
        k, layer = changes.pop("k"), changes.get("layer")
        if k == "bias":  # a neuron (layer, j)
            return changes
        if isinstance(layer, int) and layer > 2 and "j" in changes:
            return {"layer": layer - 1, "j": k, "term": changes["j"]}
        return {}  # an edge out of the input layer: no weighted input to nudge there

    def adjust(self, values: dict[str, Any], given: set[str]) -> dict[str, Any]:
        """When the layer changes, j stays if it still exists (else 0); the term goes to all."""
        options = self.choices(values)
        for name, fallback in (("j", 0), ("term", "all")):
            allowed = [v for _, v in options.get(name, [])]
            if name not in given and allowed and values.get(name) not in allowed:
                values[name] = fallback
        return values

    def compute(self, values: dict[str, Any], action: str | None) -> ProofState:
        layer, j, dz = values["layer"], values["j"], values["dz"]
        nudger, i = self.nudger, values["layer"] - 2
        n = nudger.nudge(layer, j, None, dz)  # Δb^l_j = Δz^l_j: the layers l..L run again
        g = nudger.gradients
        sigma_prime = float(nudger.sigma_primes[i][j, 0])
        terms, grad_a = [], None
        if layer < self.net.num_layers:
            w_next, delta_next = self.net.weights[i + 1], g.deltas[i + 1]
            for k in range(w_next.shape[0]):
                w = float(w_next[k, j])
                terms.append(
                    Term(
                        k,
                        w,
                        sigma_prime,
                        float(delta_next[k, 0]),
                        float(n.dz[1][k, 0]),
                        float(n.dz_linear[1][k, 0]),
                    )
                )
        else:
            cost = self.net.cost_function
            grad_a = float(cost.gradient(g.output, nudger.y)[j, 0])
        grid, exact, halfrange = self._curve(layer, j)
        return ProofState(
            values,
            n,
            float(g.deltas[i][j, 0]),
            sigma_prime,
            grad_a,
            terms,
            (grid, exact),
            halfrange,
        )

    def _curve(self, layer: int, j: int) -> tuple[Array, Array, float]:
        """ΔC across the slider's range, and the largest |Δz| it causes (the colour scale)."""
        if (layer, j) not in self._curves:
            dz_max = float(self._controls["dz"].high)  # type: ignore[union-attr]
            grid = np.linspace(-dz_max, dz_max, CURVE_POINTS)
            nudges = [self.nudger.nudge(layer, j, None, float(d)) for d in grid]
            largest = max(float(np.abs(d).max()) for m in (nudges[0], nudges[-1]) for d in m.dz)
            self._curves[(layer, j)] = (grid, np.array([m.dC for m in nudges]), largest or 1.0)
        return self._curves[(layer, j)]

    # --- the picture -----------------------------------------------------------------------------
    def draw(self, state: ProofState) -> str:
        v, n = state.values, state.nudge
        layer, j = v["layer"], v["j"]
        canvas = Canvas(900, 360, title=f"z^{layer}_{j} nudged by Δz = {n.dw:.3g}")
        reached = dict(zip(n.layers, n.dz))
        shown: list[Array | None] = [None]
        labels: list[list[str] | None] = [None]
        for q in range(2, self.net.num_layers + 1):
            shown.append(reached[q][:, 0] if q in reached else np.zeros(self.net.sizes[q - 1]))
            labels.append(self._labels(state, q))
        follow = [t for t in state.terms if v["term"] in ("all", t.k)]
        scene = Scene(
            values=shown,
            halfrange=state.halfrange,
            labels=labels,
            chosen=(layer, j, None),
            active={(layer, j), *((layer + 1, t.k) for t in follow)},
            active_edges={(layer + 1, t.k, j) for t in follow},
        )
        self.picture.draw(canvas, self.net.weights, scene)
        for t in follow:
            self._term_label(canvas, layer, j, t)
        colour_bar(canvas, 552, 40, 200, state.halfrange, "Δz", width=10)
        draw_curve(canvas, state, "z" + script(layer, j))
        draw_sums(canvas, state)
        canvas.text(20, 14, "colour: Δz of each neuron, exact", size=11, anchor="start")
        return canvas.svg()

    def _labels(self, state: ProofState, q: int) -> list[str] | None:
        """δ beside the chosen neuron and beside every neuron of the next layer."""
        v = state.values
        if q == v["layer"]:
            size = self.net.sizes[q - 1]
            return [f"δ {short(state.delta)}" if i == v["j"] else "" for i in range(size)]
        if q == v["layer"] + 1:
            return [f"δ {short(t.delta_next)}" for t in state.terms]
        return None

    def _term_label(self, canvas: Canvas, layer: int, j: int, term: Term) -> None:
        """w σ′ δ written under the middle of the edge from (l, j) to (l+1, k)."""
        (x1, y1), (x2, y2) = (
            self.picture.position(layer, j),
            self.picture.position(layer + 1, term.k),
        )
        x, y = (x1 + x2) / 2, (y1 + y2) / 2
        canvas.text(
            x,
            y + 14,
            short(term.value, 3),
            size=11,
            font_weight=600,
            fill=ACTIVE,
            stroke="#ffffff",
            stroke_width=3,
            paint_order="stroke",
        )

    def describe(self, state: ProofState) -> tuple[dict[str, Any], str]:
        v, n = state.values, state.nudge
        layer, j = v["layer"], v["j"]
        terms = [
            {
                "k": t.k,
                "w": t.w,
                "sigma_prime": t.sigma_prime,
                "delta_next": t.delta_next,
                "term": t.value,
                "dz_next": t.dz_next,
                "dz_next_linear": t.dz_next_linear,
            }
            for t in state.terms
        ]
        readout = {
            "neuron": f"z^{layer}_{j}",
            "layer": layer,
            "j": j,
            "dz": n.dw,
            "delta": state.delta,
            "dC": n.dC,
            "dC_linear": n.dC_linear,
            "gap": n.gap,
            "sigma_prime": state.sigma_prime,
            "grad_a": state.grad_a,
            "terms": terms,
            "sum_of_terms": sum(t.value for t in state.terms) if state.terms else None,
        }
        return readout, readout_html(state)

    def summary(self) -> str:
        r = self.readout
        return (
            f"ProofWidget({self.net!r}): {r['neuron']} nudged by Δz = {r['dz']:.3g}: "
            f"ΔC = {r['dC']:.4g}, δΔz = {r['dC_linear']:.4g} (δ = {r['delta']:.4g})"
        )
