"""The big picture (eq. 47–50): a nudge Δw travels through the network to ΔC.

Change one weight w^l_jk by Δw. Only z^l_j moves at first, by Δz^l_j = a^{l-1}_k Δw;
then a^l_j, then every neuron of layer l+1, and so on to the output and the cost.
:func:`nudge` computes that cascade twice:

* exactly, by running the layers l..L again with the changed weight, and
* to first order, by the chain rule (eq. 48–50): Δa^l_j ≈ σ'(z^l_j) a^{l-1}_k Δw and
  Δa^q ≈ σ'(z^q) ⊙ (w^q Δa^{q-1}), ending in ΔC ≈ (∂C/∂w^l_jk) Δw (eq. 47).

The gap between the two is second order in Δw. The first-order rule multiplies by
∂a^q/∂z^q, which is σ'(z^q) ⊙ for the chapter's elementwise neurons and the layer's
Jacobian for a coupled layer such as softmax (:meth:`Activation.jacobian_times`).
:mod:`bpcore.paths` splits the same rate into a sum over paths (eq. 51–53).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bpcore import _checks
from bpcore.backprop import (
    Gradients,
    NetworkLike,
    backward_pass,
    check_inputs,
    feedforward_pass,
)
from bpcore.equations import forward_layer

Array = np.ndarray

#: What :meth:`Nudge.layer_values` can show for each neuron.
VIEWS = ("da", "delta", "a")


@dataclass
class Nudge:
    """The change Δw to w^l_jk (or Δb to b^l_j when ``k is None``) traced to ΔC.

    ``dz[i]``, ``da[i]`` and their first-order predictions ``dz_linear[i]``,
    ``da_linear[i]`` belong to layer ``layers[i]`` (l, l+1, ..., L), shape ``(n_q, m)``.
    ``dC`` is the exact change of the cost, ``dC_linear = gradient · dw`` (eq. 47).
    ``before`` is the forward and backward pass of the network before the nudge.
    """

    layer: int
    j: int
    k: int | None
    dw: float
    layers: list[int]
    dz: list[Array]
    da: list[Array]
    dz_linear: list[Array]
    da_linear: list[Array]
    cost: float
    dC: float
    gradient: float
    before: Gradients

    @property
    def dC_linear(self) -> float:  # noqa: N802 - the book's symbol
        """(∂C/∂w^l_jk) Δw: the chain rule's prediction of ΔC (eq. 47)."""
        return self.gradient * self.dw

    @property
    def gap(self) -> float:
        """ΔC − (∂C/∂w) Δw: the second-order remainder, O(Δw²)."""
        return self.dC - self.dC_linear

    @property
    def parameter(self) -> str:
        """The nudged parameter in the book's notation, e.g. ``w^3_12``, ``w^2_3,100``, ``b^2_0``.

        The two indices get a comma between them once either has two digits.
        """
        if self.k is None:
            return f"b^{self.layer}_{self.j}"
        separator = "," if max(self.j, self.k) > 9 else ""
        return f"w^{self.layer}_{self.j}{separator}{self.k}"

    def layer_values(self, view: str = "da") -> list[Array | None]:
        """One value per neuron of every layer 1..L, for the first example (column).

        ``view``: ``"da"`` — Δa^l, exact (0 in the layers before l, which the nudge
        cannot reach); ``"delta"`` — δ^l before the nudge (BP1, BP2); ``"a"`` — the
        activations after the nudge, a^l + Δa^l. Layer 1 (the input) has no value: None.
        """
        sizes = [a.shape[0] for a in self.before.activations]
        if view == "da":
            reached = dict(zip(self.layers, self.da))
            return [None] + [
                reached[q][:, 0] if q in reached else np.zeros(sizes[q - 1])
                for q in range(2, len(sizes) + 1)
            ]
        if view == "delta":
            return [None] + [d[:, 0] for d in self.before.deltas]
        if view == "a":
            values: list[Array | None] = [a[:, 0] for a in self.before.activations]
            for q, d in zip(self.layers, self.da):
                values[q - 1] = self.before.activations[q - 1][:, 0] + d[:, 0]
            return [None, *values[1:]]
        raise ValueError(f"view: expected one of {VIEWS}, got {view!r}")


class Nudger:
    """Nudges of one network at one input, computed fast enough for a slider.

    The forward pass and backpropagation run once, here; each :meth:`nudge` then
    recomputes only the layers from l to L. The network must not change while
    this object is in use (make a new one, or call :meth:`refresh`, if it does).
    """

    def __init__(self, net: NetworkLike, x: object, y: object) -> None:
        self.net = net
        self.x, y_checked = check_inputs(net, x, y)
        assert y_checked is not None
        self.y: Array = y_checked
        self.refresh()

    def refresh(self) -> None:
        """Recompute the forward pass and the gradients (after the network changed)."""
        net = self.net
        self.gradients: Gradients = backward_pass(net, feedforward_pass(net, self.x), self.y)
        self.cost = net.cost_function.mean(self.gradients.output, self.y)
        # ∂a^q_j/∂z^q_j for every layer: σ'(z^q) of an elementwise layer (the Jacobian's
        # diagonal for a coupled one). Saturation is read off these.
        self.sigma_primes = [
            f.slopes(z, a)
            for f, z, a in zip(
                net.activation_functions, self.gradients.zs, self.gradients.activations[1:]
            )
        ]

    def check(
        self, layer: object, j: object, k: object, dw: object = 0.0
    ) -> tuple[int, int, int | None, float]:
        """Validate a choice of parameter; returns it normalised."""
        net = self.net
        layer = _checks.layer(layer, len(net.sizes))
        j = _checks.index(j, net.sizes[layer - 1], "j", f"neuron (layer {layer})")
        if k is not None:
            k = _checks.index(k, net.sizes[layer - 2], "k", f"neuron (layer {layer - 1})")
        return layer, j, k, _checks.finite_number(dw, "dw")

    def nudge(self, layer: int, j: int, k: int | None = None, dw: float = 0.1) -> Nudge:
        """Change w^l_jk (b^l_j if ``k is None``) by ``dw`` and follow it to the cost."""
        layer, j, k, dw = self.check(layer, j, k, dw)
        net, g = self.net, self.gradients
        i = layer - 2  # Python index of layer l in zs, weights, biases
        # The first change: only row j of z^l moves, by a^{l-1}_k Δw (or Δb).
        dz_first = np.zeros_like(g.zs[i])
        dz_first[j] = dw if k is None else dw * g.activations[i][k]
        dz, dz_lin = [dz_first], [dz_first]
        da: list[Array] = []
        da_lin: list[Array] = []
        z_new = g.zs[i] + dz_first
        a_new = net.activation_functions[i].function(z_new)
        for q in range(i, len(net.weights)):
            activation, z, a = net.activation_functions[q], g.zs[q], g.activations[q + 1]
            if q > i:  # exactly: the next layer again, eq. 25; to first order: w^q Δa^{q-1}
                z_new, a_new = forward_layer(net.weights[q], net.biases[q], a_new, activation)
                dz.append(z_new - z)
                dz_lin.append(net.weights[q] @ da_lin[-1])
            da.append(a_new - a)
            da_lin.append(activation.jacobian_times(z, a, dz_lin[-1]))  # eq. 48–49
        dC = net.cost_function.mean(a_new, self.y) - self.cost
        gradient = g.nabla_b[i][j, 0] if k is None else g.nabla_w[i][j, k]
        return Nudge(
            layer=layer,
            j=j,
            k=k,
            dw=dw,
            layers=list(range(layer, len(net.sizes) + 1)),
            dz=dz,
            da=da,
            dz_linear=dz_lin,
            da_linear=da_lin,
            cost=self.cost,
            dC=float(dC),
            gradient=float(gradient),
            before=g,
        )


#: The name this class had before; explorers are the widgets of :mod:`bpcore.widgets`.
NudgeExplorer = Nudger


def nudge(
    net: NetworkLike,
    x: Array,
    y: Array,
    layer: int,
    j: int,
    k: int | None = None,
    dw: float = 0.1,
) -> Nudge:
    """Change w^l_jk by ``dw`` (or b^l_j when ``k is None``) and trace it to ΔC (eq. 47–50).

    ``layer`` is the book's l in 2..L; ``j`` indexes neurons of layer l and ``k``
    neurons of layer l-1 (0-based). ``x`` is ``(n_1, m)``, ``y`` is ``(n_L, m)``.
    The network is not modified. See :class:`Nudge` for what comes back.
    """
    return Nudger(net, x, y).nudge(layer, j, k, dw)
