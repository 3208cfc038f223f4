"""A chain of single neurons: the "General Back Propagation" derivation (its eq. 75–87).

One neuron per layer and no biases: x → neuron 1 → … → neuron n → ŷ, with
h_i = w_i a_{i-1} (a_0 = x), a_i = σ(h_i) and ŷ = a_n. The chain rule gives

    ∂C/∂w_1 = x · σ'(h_1) · w_2 · σ'(h_2) ··· w_n · σ'(h_n) · ∂C/∂ŷ,

a single path of eq. 51–53. The source counts its neurons from 1; in the book's
notation its w_i is w^{i+1}_{00} and its h_i is z^{i+1}_0 (layer 1 is the input x).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bpcore import _checks
from bpcore.activations import Activation, get_activation
from bpcore.backprop import backprop
from bpcore.costs import Cost, get_cost
from bpcore.equations import forward_layer
from bpcore.network import Network, check_cost_fits_output

Array = np.ndarray


@dataclass
class Chain:
    """A chain x → neuron 1 → … → neuron n → ŷ with one neuron per layer and no biases.

    h_i = w_i a_{i-1} (a_0 = x), a_i = σ(h_i), ŷ = a_n. ``factors`` lists the chain
    rule's factors of ∂C/∂w_1 = x · σ'(h_1) · w_2 · σ'(h_2) ··· w_n · σ'(h_n) · ∂C/∂ŷ
    as (name, value) pairs; ``product`` is their product.
    """

    x: float
    weights: list[float]
    y: float
    h: list[float]
    a: list[float]
    cost: float
    factors: list[tuple[str, float]]
    activation: Activation
    cost_function: Cost

    @property
    def product(self) -> float:
        return float(math.prod(v for _, v in self.factors))

    def network(
        self, activation: str | Activation | None = None, cost: str | Cost | None = None
    ) -> Network:
        """The same chain as a :class:`~bpcore.network.Network` of sizes [1, 1, ..., 1], b = 0.

        ``activation`` and ``cost`` default to the chain's own.
        """
        return Network.from_parameters(
            [np.array([[w]]) for w in self.weights],
            [np.zeros((1, 1)) for _ in self.weights],
            self.activation if activation is None else activation,
            self.cost_function if cost is None else cost,
        )


def chain(
    x: float,
    weights: Sequence[float],
    y: float,
    activation: str | Activation = "sigmoid",
    cost: str | Cost = "quadratic",
) -> Chain:
    """The single-neuron chain and the factors of ∂C/∂w_1 (the source's eq. 78–87).

    Each σ'(h_i) of a sigmoid is at most 1/4, so with |w_i| ≲ 1 a chain of n neurons
    multiplies the gradient by about 4^{-n}: long sigmoid chains learn slowly.
    """
    x = _checks.finite_number(x, "x")
    y = _checks.finite_number(y, "y")
    weights = [_checks.finite_number(w, f"weights[{i}]") for i, w in enumerate(weights)]
    if not weights:
        raise ValueError("weights: expected at least one weight, got none")
    sigma = get_activation(activation)
    if not sigma.elementwise:
        raise ValueError(
            f"activation: expected an elementwise activation (one neuron per layer), "
            f"got {sigma.name!r}"
        )
    cost_function = get_cost(cost)
    check_cost_fits_output(cost_function, sigma)
    h, a = [], []
    previous = np.array([[x]])
    for w in weights:  # eq. 25 with one neuron and b = 0: h_i = w_i a_{i-1}, a_i = σ(h_i)
        z, previous = forward_layer(np.array([[w]]), np.zeros((1, 1)), previous, sigma)
        h.append(float(z[0, 0]))
        a.append(float(previous[0, 0]))
    y_hat, target = np.array([[a[-1]]]), np.array([[y]])
    factors = [("x", x)]
    for i, w in enumerate(weights, start=1):
        if i > 1:
            factors.append((f"w_{i}", w))
        factors.append((f"σ'(h_{i})", float(sigma.prime(np.array([[h[i - 1]]]))[0, 0])))
    factors.append(("∂C/∂ŷ", float(cost_function.gradient(y_hat, target)[0, 0])))
    C = cost_function.mean(y_hat, target)
    return Chain(x, weights, y, h, a, C, factors, sigma, cost_function)


def chain_gradient(
    c: Chain, activation: str | Activation | None = None, cost: str | Cost | None = None
) -> float:
    """∂C/∂w_1 of the chain by backpropagation, to check the product of factors against.

    ``activation`` and ``cost`` default to those the chain was built with.
    """
    net = c.network(activation, cost)
    return float(backprop(net, np.array([[c.x]]), np.array([[c.y]])).nabla_w[0][0, 0])
