"""Notebooks 07 and 08's checkers: the whole algorithm, for one example and for a mini-batch.

The reader's function gets a :class:`~bpcore.exercises.plain_network.PlainNetwork`
(weights, biases, sizes, the forward pass; no ``backprop``), and every bpcore function
that computes a gradient refuses while it runs.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bpcore.activations import LINEAR
from bpcore.backprop import backprop
from bpcore.equations import bp2_hidden_error, bp3_bias_gradient, bp4_weight_gradient
from bpcore.exercises import cases as make
from bpcore.exercises import forbid
from bpcore.exercises.compare import compare_gradients
from bpcore.exercises.harness import Case, Slip, run
from bpcore.exercises.plain_network import PlainNetwork
from bpcore.exercises.result import CheckResult
from bpcore.network import Network

Array = np.ndarray

#: Why bpcore's gradients are out of reach.
REASON = (
    "this exercise asks you to write backpropagation's steps yourself (BP1, BP2, then BP3 "
    "and BP4), without bpcore's backprop or another gradient of bpcore's"
)
FORBIDDEN = forbid.Forbidden(forbid.GRADIENTS, REASON)


def backprop_slips(net: Network, x: Array, y: Array, expected: tuple) -> list[Slip]:
    """Hints for wrong (nabla_b, nabla_w): orders, signs and a BP2 without σ'."""
    nabla_b, nabla_w = expected

    def without_hidden_prime() -> tuple[list[Array], list[Array]]:
        g = backprop(net, x, y)
        deltas = [g.deltas[-1]]
        for i in range(len(net.weights) - 2, -1, -1):
            deltas.insert(0, bp2_hidden_error(net.weights[i + 1], deltas[0], g.zs[i], LINEAR))
        return (
            [bp3_bias_gradient(d) for d in deltas],
            [bp4_weight_gradient(a, d) for a, d in zip(g.activations[:-1], deltas)],
        )

    return [
        (
            "you returned (nabla_w, nabla_b); network.py returns (nabla_b, nabla_w)",
            lambda: (nabla_w, nabla_b),
        ),
        (
            "your lists run from layer L down to 2; index 0 should be layer 2, like net.weights",
            lambda: (nabla_b[::-1], nabla_w[::-1]),
        ),
        (
            "the sign is flipped: ∇_a C = a^L − y for the quadratic cost (eq. 30)",
            lambda: ([-b for b in nabla_b], [-w for w in nabla_w]),
        ),
        ("BP2 is missing the factor σ'(z^l) in the hidden layers", without_hidden_prime),
    ]


def _backprop_case(rng: np.random.Generator, i: int) -> Case:
    net = make.sigmoid_net(rng, i)
    x, y = make.example(rng, net)
    g = backprop(net, x, y)
    expected = (g.nabla_b, g.nabla_w)
    return Case(
        f"sizes {net.sizes}, {make.shapes(x=x, y=y)}",
        (PlainNetwork.of(net, REASON), x, y),
        expected,
        compare_gradients,
        backprop_slips(net, x, y, expected),
        ("net", "x", "y"),
    )


def check_backprop(fn: Callable, *, cases: int = 20, seed: int = 0) -> CheckResult:
    """Check ``fn(net, x, y) -> (nabla_b, nabla_w)`` for one example (the five steps).

    ``net`` is a sigmoid, quadratic-cost network with the book's ``weights``,
    ``biases``, ``sizes`` and ``num_layers`` (a
    :class:`~bpcore.exercises.plain_network.PlainNetwork`: no ``backprop``); ``x`` is
    (n_1, 1), ``y`` is (n_L, 1). ``nabla_b[l-2]`` and ``nabla_w[l-2]`` have the shapes
    of b^l and w^l.
    """
    return run("check_backprop", fn, _backprop_case, cases, seed, FORBIDDEN)


def _matrix_case(rng: np.random.Generator, i: int) -> Case:
    net = make.sigmoid_net(rng, i)
    m = int(rng.integers(2, 9)) if i != 2 else 1
    X, Y = make.example(rng, net, m)
    g = backprop(net, X, Y)
    expected = (g.nabla_b, g.nabla_w)
    nabla_b, nabla_w = expected

    def first_column() -> tuple[list[Array], list[Array]]:
        first = backprop(net, X[:, :1], Y[:, :1])
        return first.nabla_b, first.nabla_w

    slips: list[Slip] = [
        (
            "that is the sum over the m examples; the batch gradient is their mean",
            lambda: ([b * m for b in nabla_b], [w * m for w in nabla_w]),
        ),
        (
            "nabla_b is summed over the examples, not averaged (divide by m)",
            lambda: ([b * m for b in nabla_b], nabla_w),
        ),
        (
            "nabla_w is summed over the examples, not averaged (divide by m)",
            lambda: (nabla_b, [w * m for w in nabla_w]),
        ),
        ("that is the gradient of the first example (column) only", first_column),
    ]
    return Case(
        f"sizes {net.sizes}, {make.shapes(X=X, Y=Y)}",
        (PlainNetwork.of(net, REASON), X, Y),
        expected,
        compare_gradients,
        slips + backprop_slips(net, X, Y, expected),
        ("net", "X", "Y"),
    )


def check_matrix_backprop(fn: Callable, *, cases: int = 20, seed: int = 0) -> CheckResult:
    """Check ``fn(net, X, Y) -> (nabla_b, nabla_w)`` for a mini-batch as columns (Problem 2).

    ``X`` is (n_1, m), ``Y`` is (n_L, m); the gradients are the mean over the m
    examples, as ``update_mini_batch`` uses them (shapes of b^l and w^l). A loop over
    the columns (notebook 07) passes as well as one matrix product per layer (08).
    """
    return run("check_matrix_backprop", fn, _matrix_case, cases, seed, FORBIDDEN)
