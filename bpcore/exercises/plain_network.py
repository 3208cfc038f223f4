"""The network the exercises hand to the reader: the book's parameters and forward pass, no more.

A checker of an exercise on a whole network (backpropagation, finite differences, a
nudge, the path sum) gives the reader's function a :class:`PlainNetwork` rather than a
:class:`bpcore.network.Network`. It has what the book's ``network.py`` offers a reader
— ``sizes``, ``num_layers``, ``weights``, ``biases``, ``feedforward``, ``cost_derivative``
— and, for convenience, ``forward(x)`` (every z^l and a^l), ``cost(x, y)``, ``w(l)``,
``b(l)`` and ``copy()``. It has no ``activation_functions``, ``cost_function`` or
``backprop``: bpcore's gradient functions cannot run on it, and asking it for one of
those says why.

Its neurons are sigmoid and its cost quadratic, as in the chapter; it computes them
with bpcore's σ and C (no checker that hands it out forbids those).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from bpcore.activations import SIGMOID
from bpcore.backprop import ForwardPass, NetworkLike
from bpcore.costs import QUADRATIC
from bpcore.network import Network

Array = np.ndarray

#: What a bpcore Network has and a PlainNetwork leaves out.
WITHHELD = (
    "activation_functions",
    "activation_function",
    "cost_function",
    "backprop",
    "SGD",
    "update_mini_batch",
)


class Withheld(AttributeError):
    """Asked a :class:`PlainNetwork` for something it leaves out (``net.backprop``, ...)."""


class PlainNetwork:
    """The book's sigmoid, quadratic-cost network: sizes, weights, biases, forward pass, cost.

    ``weights[l-2]`` is w^l ``(n_l, n_{l-1})`` and ``biases[l-2]`` is b^l ``(n_l, 1)``,
    as in ``net.weights`` and ``net.biases``. ``reason`` completes the message given
    when the reader asks for one of the :data:`WITHHELD` names.
    """

    def __init__(self, weights: Sequence[Array], biases: Sequence[Array], reason: str = "") -> None:
        self.weights = [np.array(w, dtype=float) for w in weights]
        self.biases = [np.array(b, dtype=float) for b in biases]
        self.sizes = [self.weights[0].shape[1], *(w.shape[0] for w in self.weights)]
        self.withheld_reason = reason

    @classmethod
    def of(cls, net: NetworkLike, reason: str = "") -> PlainNetwork:
        """A plain copy of ``net``'s weights and biases."""
        return cls(net.weights, net.biases, reason)

    # The book-indexed access is Network's own: L, w^l and b^l for l = 2..L.
    num_layers = Network.num_layers
    w = Network.w
    b = Network.b

    def forward(self, x: Array) -> ForwardPass:
        """z^l = w^l a^{l-1} + b^l, a^l = σ(z^l) (eq. 25): ``.zs`` (z^2..z^L), ``.activations``."""
        a = np.asarray(x, dtype=float)
        zs, activations = [], [a]
        for w, b in zip(self.weights, self.biases):
            z = w @ a + b
            a = SIGMOID.function(z)
            zs.append(z)
            activations.append(a)
        return ForwardPass(zs, activations)

    def feedforward(self, a: Array) -> Array:
        """a^L for the input ``a``, shape ``(n_1, m)``."""
        return self.forward(a).output

    def cost(self, x: Array, y: Array) -> float:
        """C = (1/m) Σ_x ½‖y(x) − a^L(x)‖² over the m columns (eq. 26–27)."""
        return QUADRATIC.mean(self.feedforward(x), np.asarray(y, dtype=float))

    def cost_derivative(self, output_activations: Array, y: Array) -> Array:
        """∂C_x/∂a^L = a^L − y, as the book's network.py names it (eq. 30's ∇_a C)."""
        return output_activations - y

    def copy(self) -> PlainNetwork:
        """An independent copy (weights and biases copied)."""
        return PlainNetwork(self.weights, self.biases, self.withheld_reason)

    def __getattr__(self, name: str) -> object:
        # Only called for names the object does not have.
        if name in WITHHELD:
            reason = f": {self.withheld_reason}" if self.withheld_reason else ""
            raise Withheld(
                f"your function (or a bpcore function it called) asked the network for {name}, "
                f"which the network an exercise hands you does not have{reason}"
            )
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __repr__(self) -> str:
        return f"PlainNetwork({self.sizes}, sigmoid neurons, quadratic cost)"
