"""Notebook 10's checkers: a nudge followed to ΔC (eq. 47), and ∂C/∂w as a sum over paths."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bpcore.backprop import NetworkLike, backprop
from bpcore.exercises import cases as make
from bpcore.exercises import forbid
from bpcore.exercises.compare import compare_number
from bpcore.exercises.harness import Case, Slip, run
from bpcore.exercises.plain_network import PlainNetwork
from bpcore.exercises.result import CheckResult
from bpcore.nudge import nudge

#: Why bpcore's nudge is out of reach in the nudge exercise.
NUDGE_REASON = (
    "this exercise asks you to change the weight and run the network again yourself "
    "(net.cost before and after), without bpcore's nudge"
)

#: Why bpcore's gradients are out of reach in the path-sum exercise.
PATHS_REASON = (
    "this exercise asks you to compute ∂C/∂w as a sum over paths, without backpropagation"
)


def _swapped(net: NetworkLike, layer: int, j: int, k: int) -> bool:
    """Whether w^l_kj exists and differs from w^l_jk (a slip worth a hint)."""
    sizes = net.sizes
    return k < sizes[layer - 1] and j < sizes[layer - 2] and j != k


def _nudge_case(rng: np.random.Generator, i: int) -> Case:
    net = make.sigmoid_net(rng, i)
    x, y = make.example(rng, net)
    layer, j, k = make.weight(rng, net)
    dw = float(rng.choice([-1.0, 1.0]) * rng.uniform(0.5, 1.5))
    result = nudge(net, x, y, layer, j, k, dw)
    slips: list[Slip] = [
        (
            "that is the first-order estimate (∂C/∂w) Δw of eq. 47; the exercise asks for "
            "the exact ΔC: run the network again with the changed weight",
            lambda: result.dC_linear,
        ),
        ("the sign is flipped: ΔC = C(after) − C(before)", lambda: -result.dC),
        (
            "that is C after the nudge; ΔC is its difference from C before",
            lambda: result.cost + result.dC,
        ),
    ]
    if _swapped(net, layer, j, k):
        swapped = nudge(net, x, y, layer, k, j, dw).dC
        slips.append(
            (
                "that nudges w^l_kj: w^l_jk is net.weights[l-2][j, k], from neuron k of "
                "layer l-1 to neuron j of layer l",
                lambda: swapped,
            )
        )
    return Case(
        f"sizes {net.sizes}, w^{layer}_{j}{k} nudged by dw = {dw:.4g}",
        (PlainNetwork.of(net, NUDGE_REASON), x, y, layer, j, k, dw),
        result.dC,
        lambda got, want: compare_number(got, want, "ΔC"),
        slips,
        ("net", "x", "y", "layer", "j", "k", "dw"),
    )


def check_nudge(fn: Callable, *, cases: int = 20, seed: int = 0) -> CheckResult:
    """Check ``fn(net, x, y, layer, j, k, dw) -> ΔC``, the exact change of the cost.

    Change w^l_jk (``layer`` is the book's l in 2..L; j, k 0-based) by ``dw``,
    run the network again and return C(after) − C(before) (eq. 47–50 describe its
    first-order part). ``net`` has ``weights``, ``biases`` and ``cost(x, y)``; it must
    be left as it came.
    """
    forbidden = forbid.Forbidden(forbid.NUDGE, NUDGE_REASON)
    return run("check_nudge", fn, _nudge_case, cases, seed, forbidden)


def _path_sum_case(rng: np.random.Generator, i: int) -> Case:
    net = make.sigmoid_net(rng, i)
    x, y = make.example(rng, net)
    layer, j, k = make.weight(rng, net)
    g = backprop(net, x, y)
    expected = float(g.nabla_w[layer - 2][j, k])
    slips: list[Slip] = [
        ("the sign is flipped: ∂C/∂a^L = a^L − y for the quadratic cost", lambda: -expected),
        (
            "that leaves out the first factor's a^{l-1}_k: ∂z^l_j/∂w^l_jk = a^{l-1}_k",
            lambda: expected / float(g.activations[layer - 2][k, 0]),
        ),
    ]
    if _swapped(net, layer, j, k):
        swapped = float(g.nabla_w[layer - 2][k, j])
        slips.append(
            (
                "that is ∂C/∂w^l_kj: w^l_jk goes from neuron k of layer l-1 to neuron j of layer l",
                lambda: swapped,
            )
        )
    return Case(
        f"sizes {net.sizes}, w^{layer}_{j}{k}",
        (PlainNetwork.of(net, PATHS_REASON), x, y, layer, j, k),
        expected,
        lambda got, want: compare_number(got, want, f"∂C/∂w^{layer}_{j}{k}"),
        slips,
        ("net", "x", "y", "layer", "j", "k"),
    )


def check_path_sum(fn: Callable, *, cases: int = 20, seed: int = 0) -> CheckResult:
    """Check ``fn(net, x, y, layer, j, k) -> ∂C/∂w^l_jk`` computed as a sum over paths.

    Every path w^l_jk → a^l_j → a^{l+1}_q → … → a^L_m → C contributes the product of
    its rate factors along it (eq. 51–52); the sum over all paths is the derivative
    (eq. 53). ``net`` has ``weights``, ``biases``, ``sizes``, ``num_layers`` and
    ``forward(x)`` (``.zs``, ``.activations``) — no ``backprop``, and bpcore's gradient
    functions refuse while ``fn`` runs. Compared with backpropagation's ∂C/∂w^l_jk.
    """
    forbidden = forbid.Forbidden(forbid.BACKPROPAGATION, PATHS_REASON)
    return run("check_path_sum", fn, _path_sum_case, cases, seed, forbidden)
