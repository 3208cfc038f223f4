"""Notebook 09's checkers: finite differences (eq. 46), and how many passes each method needs."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bpcore.activations import SIGMOID, custom
from bpcore.backprop import backprop
from bpcore.exercises import cases as make
from bpcore.exercises import forbid
from bpcore.exercises.algorithm import backprop_slips
from bpcore.exercises.compare import compare_gradients, compare_integer
from bpcore.exercises.harness import Case, Slip, run
from bpcore.exercises.plain_network import PlainNetwork
from bpcore.exercises.result import CheckResult
from bpcore.gradcheck import numerical_gradient
from bpcore.network import Network

#: Why bpcore's gradients are out of reach in the finite-differences exercise.
REASON = (
    "this exercise asks you to compute every partial derivative by finite differences "
    "yourself (eq. 46): change one parameter, call net.cost, put the parameter back"
)

#: The methods of :func:`check_passes_needed`, as the notebook names them.
METHODS = ("forward", "central", "backprop")


def check_numerical_gradient(fn: Callable, *, cases: int = 10, seed: int = 0) -> CheckResult:
    """Check ``fn(net, x, y, eps) -> (nabla_b, nabla_w)`` by finite differences (eq. 46).

    Forward differences (C(w + ε e_j) − C(w))/ε, as eq. 46 prints, and central ones both
    pass: the result is compared with backpropagation's gradient to within 10 ε,
    entry by entry (forward differences are off by about ε/2 · ∂²C/∂w²). ``net`` has
    ``weights``, ``biases`` and ``cost(x, y)``; it must be left exactly as it came: put
    every perturbed parameter back.
    """
    eps = 1e-5
    tolerance = 10 * eps

    def compare_close(
        got: object, expected: tuple[list[np.ndarray], list[np.ndarray]]
    ) -> str | None:
        # finite differences' accuracy instead of rounding's
        return compare_gradients(got, expected, atol=tolerance, rtol=0.0)

    def make_case(rng: np.random.Generator, i: int) -> Case:
        net = make.sigmoid_net(rng, i)
        x, y = make.example(rng, net)
        g = backprop(net, x, y)
        expected = (g.nabla_b, g.nabla_w)
        slips = backprop_slips(net, x, y, expected)[:3] + [
            (
                "these are the differences C(w + ε e_j) − C(w) themselves: divide by ε",
                lambda: ([b * eps for b in g.nabla_b], [w * eps for w in g.nabla_w]),
            ),
        ]
        return Case(
            f"sizes {net.sizes}, {make.shapes(x=x, y=y)}, eps = {eps:g}",
            (PlainNetwork.of(net, REASON), x, y, eps),
            expected,
            compare_close,
            slips,
            ("net", "x", "y", "eps"),
        )

    forbidden = forbid.Forbidden(forbid.GRADIENTS, REASON)
    return run("check_numerical_gradient", fn, make_case, cases, seed, forbidden)


def count_forward_passes(sizes: list[int], method: str) -> int:
    """The forward passes bpcore's ``method`` makes for one gradient, counted as it runs.

    ``method`` is ``"forward"`` or ``"central"`` (finite differences, eq. 46) or
    ``"backprop"``. The output layer's σ counts its calls: every forward pass
    evaluates it once, and nothing else does.
    """
    calls = [0]

    def counted_sigma(z: np.ndarray) -> np.ndarray:
        calls[0] += 1
        return SIGMOID.function(z)

    output = custom(counted_sigma, SIGMOID.prime, name="sigmoid (counted)")
    net = Network(sizes, activation=["sigmoid"] * (len(sizes) - 2) + [output], seed=0)
    x, y = np.full((sizes[0], 1), 0.5), np.full((sizes[-1], 1), 0.5)
    if method == "backprop":
        backprop(net, x, y)
    else:
        numerical_gradient(net, x, y, method=method)
    return calls[0]


def _passes_case(rng: np.random.Generator, i: int) -> Case:
    sizes = [int(n) for n in rng.integers(1, 6, size=int(rng.integers(2, 5)))]
    method = METHODS[i % len(METHODS)]
    passes = count_forward_passes(sizes, method)
    weights = sum(n * n_prev for n_prev, n in zip(sizes[:-1], sizes[1:]))
    P = weights + sum(sizes[1:])
    slips: list[Slip] = {
        "forward": [
            ("eq. 46 also needs C(w) itself, once, besides one pass per parameter", lambda: P),
            ("that counts the weights only; every bias needs a pass too", lambda: weights + 1),
        ],
        "central": [
            ("the central difference never needs C(w) itself", lambda: 2 * P + 1),
            ("the central difference needs C(w + ε e_j) and C(w − ε e_j)", lambda: P + 1),
            ("that counts the weights only; every bias needs two passes too", lambda: 2 * weights),
        ],
        "backprop": [
            ("the backward pass is not a forward pass: backprop makes one of each", lambda: 2),
        ],
    }[method]
    return Case(
        f"sizes {sizes}, method {method!r}",
        (sizes, method),
        passes,
        lambda got, want: compare_integer(got, want, "the number of forward passes"),
        slips,
        ("sizes", "method"),
    )


def check_passes_needed(fn: Callable, *, cases: int = 21, seed: int = 0) -> CheckResult:
    """Check ``fn(sizes, method) -> int``: the forward passes one gradient needs (eq. 46).

    ``sizes`` is a network's layer sizes, ``method`` one of ``"forward"``, ``"central"``
    (finite differences) and ``"backprop"``. The answer is compared with the passes
    counted while bpcore computes the gradient (:func:`count_forward_passes`), so it
    must be worked out from the sizes alone: bpcore's gradients refuse to run meanwhile.
    """
    forbidden = forbid.Forbidden(
        forbid.GRADIENTS,
        "this exercise asks you to count the passes from the sizes, without running a gradient",
    )
    return run("check_passes_needed", fn, _passes_case, cases, seed, forbidden)
