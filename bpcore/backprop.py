"""The backpropagation algorithm (the chapter's five steps), for one example or a batch.

1. Input x: set a^1 = x.
2. Feedforward: for l = 2..L, z^l = w^l a^{l-1} + b^l and a^l = σ(z^l)   (eq. 25)
3. Output error: δ^L = ∇_a C ⊙ σ'(z^L)                                    (BP1)
4. Backpropagate: for l = L-1..2, δ^l = ((w^{l+1})^T δ^{l+1}) ⊙ σ'(z^l)   (BP2)
5. Output: ∂C/∂b^l = δ^l and ∂C/∂w^l = δ^l (a^{l-1})^T                     (BP3, BP4)

``x`` may be one column ``(n_1, 1)`` or a matrix ``(n_1, m)`` holding m examples as
columns. Then every step is one matrix operation per layer, with no Python loop over
examples (the chapter's Problem 2), and the gradients are the mean over the columns.

These functions work on any object with ``weights``, ``biases`` (lists in book order:
index 0 is layer 2), ``activation_functions`` (one per layer 2..L) and
``cost_function`` (the :class:`NetworkLike` protocol); :class:`bpcore.network.Network`
is one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from bpcore import _checks
from bpcore.activations import Activation
from bpcore.costs import Cost
from bpcore.equations import bp2, bp3, bp4, forward_layer

Array = np.ndarray


class NetworkLike(Protocol):
    """What the algorithm needs of a network: the book's four lists and a cost.

    ``weights[l-2]`` is w^l ``(n_l, n_{l-1})`` and ``biases[l-2]`` is b^l ``(n_l, 1)``
    for l = 2..L; ``activation_functions[l-2]`` is σ of layer l; ``sizes`` is
    [n_1, ..., n_L]. :class:`bpcore.network.Network` is one; so is any object with these.
    """

    sizes: list[int]
    weights: list[Array]
    biases: list[Array]
    activation_functions: list[Activation]
    cost_function: Cost


@dataclass
class ForwardPass:
    """Everything the feedforward step computes.

    ``zs[l-2]`` is z^l and ``activations[l-1]`` is a^l (``activations[0]`` is the
    input a^1 = x), each of shape ``(n_l, m)``.
    """

    zs: list[Array]
    activations: list[Array]

    @property
    def output(self) -> Array:
        """a^L, shape ``(n_L, m)``."""
        return self.activations[-1]


@dataclass
class Gradients(ForwardPass):
    """The result of backpropagation: the forward pass, the errors δ and the gradients.

    ``deltas[l-2]`` is δ^l = ∂C_x/∂z^l per example, shape ``(n_l, m)``;
    ``nabla_b[l-2]`` is ∂C/∂b^l, shape ``(n_l, 1)``, and ``nabla_w[l-2]`` is ∂C/∂w^l,
    shape ``(n_l, n_{l-1})`` — means over the m examples, like ``net.biases``/``net.weights``.
    """

    deltas: list[Array]
    nabla_b: list[Array]
    nabla_w: list[Array]


def feedforward_pass(net: NetworkLike, x: Array) -> ForwardPass:
    """Step 2 without validation: z^l = w^l a^{l-1} + b^l, a^l = σ(z^l) (eq. 25)."""
    zs = []
    activations = [x]
    a = x
    for w, b, activation in zip(net.weights, net.biases, net.activation_functions):
        z, a = forward_layer(w, b, a, activation)
        zs.append(z)
        activations.append(a)
    return ForwardPass(zs, activations)


def backward_errors(net: NetworkLike, forward: ForwardPass, y: Array) -> list[Array]:
    """Steps 3–4 without validation: δ^L by BP1, then δ^l for l = L-1..2 by BP2.

    ``y``: targets ``(n_L, m)``. Returns the errors in book order (index 0 is δ^2),
    each ``(n_l, m)``: one column per example, not yet averaged.
    """
    zs, activations = forward.zs, forward.activations
    weights, functions = net.weights, net.activation_functions
    # Step 3, BP1: the error in the output layer (the cost chooses the exact form).
    delta = net.cost_function.output_error(zs[-1], activations[-1], y, functions[-1])
    deltas = [delta]
    # Step 4, BP2: carry the error backwards, l = L-1, ..., 2. Python index i = l - 2.
    for i in range(len(weights) - 2, -1, -1):
        delta = bp2(weights[i + 1], delta, zs[i], functions[i], activations[i + 1])
        deltas.append(delta)
    deltas.reverse()
    return deltas


def backward_pass(net: NetworkLike, forward: ForwardPass, y: Array) -> Gradients:
    """Steps 3–5 without validation, given the forward pass and targets ``y`` of shape (n_L, m)."""
    deltas = backward_errors(net, forward, y)
    # Step 5, BP3 and BP4: the gradient, averaged over the examples (columns).
    nabla_b = [bp3(d) for d in deltas]
    nabla_w = [bp4(a, d) for a, d in zip(forward.activations[:-1], deltas)]
    return Gradients(forward.zs, forward.activations, deltas, nabla_b, nabla_w)


def check_inputs(net: NetworkLike, x: object, y: object = None) -> tuple[Array, Array | None]:
    """Validate x (n_1, m) and y (n_L, m) against the network; 1-D columns are accepted.

    Both come back in the network's float type, so that a float32 network computes
    in float32 whatever it is fed.
    """
    dtype = net.weights[0].dtype
    x_checked = _checks.batch(x, net.sizes[0], "x", dtype=dtype)
    if y is None:
        return x_checked, None
    columns = x_checked.shape[1]
    return x_checked, _checks.batch(y, net.sizes[-1], "y", columns=columns, dtype=dtype)


def forward(net: NetworkLike, x: object) -> ForwardPass:
    """The feedforward pass, keeping every z^l and a^l (eq. 25).

    ``x``: shape ``(n_1, 1)``, ``(n_1,)`` or ``(n_1, m)``.
    """
    return feedforward_pass(net, check_inputs(net, x)[0])


def backprop(net: NetworkLike, x: object, y: object) -> Gradients:
    """Backpropagation for one example or a batch of examples as columns.

    ``x``: ``(n_1, m)``; ``y``: ``(n_L, m)`` (1-D vectors are read as one column).
    Returns a :class:`Gradients` with ``zs``, ``activations``, ``deltas``, ``nabla_b``
    and ``nabla_w`` in book order (index 0 is layer 2). For m > 1 the gradients are
    those of the batch cost C = (1/m) Σ_x C_x, the mean of the per-example gradients.
    """
    x_checked, y_checked = check_inputs(net, x, y)
    assert y_checked is not None
    return backward_pass(net, feedforward_pass(net, x_checked), y_checked)
