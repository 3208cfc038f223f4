"""Notebook 07's checkers for the chapter's two exercises on the algorithm.

* :func:`check_modified_backprop` — backpropagation with a single modified neuron: neuron
  ``i`` of layer ``l`` uses its own activation f instead of σ.
* :func:`check_linear_backprop` — backpropagation with linear neurons, σ(z) = z.

The reader's function gets a :class:`~bpcore.exercises.plain_network.PlainNetwork`: its
weights and biases are what matter; its own ``forward`` uses sigmoid neurons, so the
reader writes the forward pass with the modified (or linear) neurons themselves. bpcore's
answer comes from :func:`bpcore.backprop` on a :class:`~bpcore.network.Network` whose
layers carry the modified activations (:func:`bpcore.per_neuron`, ``"linear"``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bpcore.activations import SIGMOID, custom, per_neuron
from bpcore.backprop import backprop
from bpcore.exercises import cases as make
from bpcore.exercises import forbid
from bpcore.exercises.algorithm import REASON
from bpcore.exercises.compare import compare_gradients
from bpcore.exercises.harness import Case, Slip, run
from bpcore.exercises.plain_network import PlainNetwork
from bpcore.exercises.result import CheckResult
from bpcore.network import Network

Array = np.ndarray
FORBIDDEN = forbid.Forbidden(forbid.GRADIENTS, REASON)


def _tanh_prime(z: Array) -> Array:
    return 1.0 - np.tanh(z) ** 2


def _sigmoid_prime(z: Array) -> Array:
    return SIGMOID.prime(z)


def _softplus(z: Array) -> Array:
    return np.logaddexp(0.0, z)


def _identity(z: Array) -> Array:
    return np.array(z, dtype=float)


def _ones(z: Array) -> Array:
    return np.ones_like(z, dtype=float)


#: The modified neuron's f and f', by name: each case draws one.
FUNCTIONS: dict[str, tuple[Callable[[Array], Array], Callable[[Array], Array]]] = {
    "tanh": (np.tanh, _tanh_prime),
    "softplus": (_softplus, SIGMOID.function),  # ln(1 + e^z), whose derivative is σ(z)
    "linear": (_identity, _ones),
}


def _gradient(net: Network, activations: list, x: Array, y: Array) -> tuple[list, list]:
    """bpcore's (nabla_b, nabla_w) for ``net``'s weights with the given layer activations."""
    other = Network(net.sizes, activation=activations, seed=0)
    other.weights = [w.copy() for w in net.weights]
    other.biases = [b.copy() for b in net.biases]
    g = backprop(other, x, y)
    return g.nabla_b, g.nabla_w


def _modified_case(rng: np.random.Generator, case: int) -> Case:
    net = make.sigmoid_net(rng, case)
    x, y = make.example(rng, net)
    layer = int(rng.integers(2, net.num_layers + 1))
    i = int(rng.integers(net.sizes[layer - 1]))
    name = list(FUNCTIONS)[case % len(FUNCTIONS)]
    f, f_prime = FUNCTIONS[name]

    def layers(function: Callable, derivative: Callable) -> list:
        neuron = per_neuron("sigmoid", {i: custom(function, derivative, name)})
        return [neuron if q == layer else "sigmoid" for q in range(2, net.num_layers + 1)]

    expected = _gradient(net, layers(f, f_prime), x, y)
    slips: list[Slip] = [
        (
            "that is the plain sigmoid network's gradient: neuron i of layer l must compute "
            "a = f(z) in the forward pass and use f'(z) in its δ",
            lambda: _gradient(net, ["sigmoid"] * (net.num_layers - 1), x, y),
        ),
        (
            "the modified neuron's error needs f'(z^l_i), not σ'(z^l_i) "
            "(BP1 or BP2 for that neuron)",
            lambda: _gradient(net, layers(f, _sigmoid_prime), x, y),
        ),
        (
            "the modified neuron's activation is a^l_i = f(z^l_i), not σ(z^l_i), "
            "in the forward pass",
            lambda: _gradient(net, layers(SIGMOID.function, f_prime), x, y),
        ),
    ]
    return Case(
        f"sizes {net.sizes}, neuron {i} of layer {layer} uses {name}, {make.shapes(x=x, y=y)}",
        (PlainNetwork.of(net, REASON), x, y, layer, i, f, f_prime),
        expected,
        compare_gradients,
        slips,
        ("net", "x", "y", "layer", "i", "f", "f_prime"),
    )


def check_modified_backprop(fn: Callable, *, cases: int = 18, seed: int = 0) -> CheckResult:
    """Check ``fn(net, x, y, layer, i, f, f_prime) -> (nabla_b, nabla_w)``.

    The network is sigmoid with the quadratic cost, except neuron ``i`` (from 0) of
    layer ``layer`` (2..L), which computes a = f(z) and has derivative ``f_prime``.
    ``net`` has the book's ``weights``, ``biases``, ``sizes`` and ``num_layers``; its
    ``forward`` is all-sigmoid, so write the forward pass yourself.
    """
    return run("check_modified_backprop", fn, _modified_case, cases, seed, FORBIDDEN)


def _linear_case(rng: np.random.Generator, case: int) -> Case:
    net = make.sigmoid_net(rng, case)
    x, y = make.example(rng, net)
    n = net.num_layers - 1
    expected = _gradient(net, ["linear"] * n, x, y)
    slips: list[Slip] = [
        (
            "that is the sigmoid network's gradient: with linear neurons a^l = z^l, and σ'(z) = 1",
            lambda: _gradient(net, ["sigmoid"] * n, x, y),
        ),
        (
            "σ'(z) = 1 for linear neurons: drop the σ' factors from BP1 and BP2",
            lambda: _gradient(net, [custom(_identity, _sigmoid_prime)] * n, x, y),
        ),
        (
            "net.forward and net.feedforward use sigmoid neurons; with linear neurons "
            "a^l = z^l = w^l a^{l-1} + b^l: compute the forward pass yourself",
            lambda: _gradient(net, [custom(SIGMOID.function, _ones)] * n, x, y),
        ),
    ]
    return Case(
        f"sizes {net.sizes}, {make.shapes(x=x, y=y)}",
        (PlainNetwork.of(net, REASON), x, y),
        expected,
        compare_gradients,
        slips,
        ("net", "x", "y"),
    )


def check_linear_backprop(fn: Callable, *, cases: int = 20, seed: int = 0) -> CheckResult:
    """Check ``fn(net, x, y) -> (nabla_b, nabla_w)`` for a network of linear neurons.

    Every neuron computes a = σ(z) = z, so σ'(z) = 1; the cost is quadratic.
    ``net`` has the book's ``weights``, ``biases``, ``sizes`` and ``num_layers``; its
    ``forward`` is sigmoid, so write the (linear) forward pass yourself.
    """
    return run("check_linear_backprop", fn, _linear_case, cases, seed, FORBIDDEN)
