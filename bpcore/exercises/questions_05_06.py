"""The short questions of notebooks 05–06: the four equations (05) and their proofs (06).

Registered when :mod:`.questions` is imported. Each answer is computed from bpcore
when it is checked; see :mod:`bpcore.exercises.answers`.
"""

import math
from typing import cast

import numpy as np

import bpcore as bp
from bpcore.activations import SATURATION
from bpcore.exercises.answers import Choice, Integer, Number, question

# --- 05–06 · the four fundamental equations and their proofs -------------------------------------


@question(
    "smallest_error_layer",
    notebook="05",
    kind=Integer(low=2, high=6, what="a layer number l"),
    slips=lambda right: [
        (
            "that is Python's index into g.deltas; the book's layer is l = index + 2",
            cast(int, right) - 2,
        ),
    ],
)
def smallest_error_layer() -> int:
    """In bp.Network([2, 5, 5, 5, 5, 2], seed=0) at x = (0.8, 0.3)ᵀ and y = (1, 0)ᵀ, in which
    layer l is the error ‖δ^l‖ smallest?"""
    net = bp.Network([2, 5, 5, 5, 5, 2], seed=0)
    deltas = bp.backprop(net, np.array([[0.8], [0.3]]), np.array([[1.0], [0.0]])).deltas
    sizes = [float(np.linalg.norm(delta)) for delta in deltas]  # δ^2, ..., δ^L
    return int(np.argmin(sizes)) + 2


def _nb05_network() -> tuple[bp.Network, np.ndarray, np.ndarray]:
    """Notebooks 05 and 06's network: 2-3-3-2 sigmoid, quadratic cost, seed 1, and its example."""
    return bp.Network([2, 3, 3, 2], seed=1), np.array([[0.8], [0.3]]), np.array([[1.0], [0.0]])


def _one_neuron(z: float, a_in: float, y: float, cost: str = "quadratic") -> bp.Gradients:
    """Backpropagation through one sigmoid neuron a = σ(w·a_in + b), w = 1, b = z − a_in."""
    net = bp.Network.from_parameters([np.ones((1, 1))], [np.full((1, 1), z - a_in)], cost=cost)
    return bp.backprop(net, np.array([[a_in]]), np.array([[y]]))


@question(
    "delta_sign",
    notebook="05",
    kind=Choice(("up", "down")),
    slips=lambda right: [
        (
            "ΔC ≈ δ^3_2 Δz (eq. 29): with Δz > 0 the cost moves the way δ^3_2's sign says",
            {"up": "down", "down": "up"}[cast(str, right)],
        ),
    ],
)
def delta_sign() -> str:
    """In this notebook's network (bp.Network([2, 3, 3, 2], seed=1), x = (0.8, 0.3)ᵀ,
    y = (1, 0)ᵀ) the demon pushes z^3_2 up by a small Δz > 0. Does the cost go "up" or
    "down"?"""
    net, x, y = _nb05_network()
    delta = bp.backprop(net, x, y).deltas[3 - 2][2, 0]  # δ^3_2
    return "up" if delta > 0 else "down"  # ΔC ≈ δ^3_2 Δz


@question(
    "input_gradient_ratio",
    notebook="05",
    kind=Number(),
    slips=lambda right: [("that is the second over the first", 1 / cast(float, right))],
)
def input_gradient_ratio() -> float:
    """Two single sigmoid neurons, both with weighted input z = 1, target y = 0 and the
    quadratic cost: one is fed a_in = 1, the other a_in = 0.05. How many times larger is
    ∂C/∂w of the first than of the second?"""
    first, second = _one_neuron(1.0, 1.0, 0.0), _one_neuron(1.0, 0.05, 0.0)
    return float(first.nabla_w[0][0, 0] / second.nabla_w[0][0, 0])  # BP4: a_in δ, same δ


@question(
    "saturated_delta",
    notebook="05",
    kind=Number(),
    slips=lambda right: [
        ("that is ∂C/∂a = a − y alone; BP1 multiplies it by σ′(z)", 1 / (1 + math.exp(-6))),
    ],
)
def saturated_delta() -> float:
    """A sigmoid output neuron is confidently wrong: z = 6 (so a ≈ 1) and the target is
    y = 0. With the quadratic cost, what is its error δ^L (three significant digits)?"""
    return float(_one_neuron(6.0, 1.0, 0.0).deltas[0][0, 0])  # BP1: (a − y) σ′(z)


@question("bias_learns_slowly", notebook="05", kind=Choice(("yes", "no")))
def bias_learns_slowly() -> str:
    """That same neuron (z = 6, y = 0, quadratic cost): does its bias learn slowly too,
    "yes" or "no"?"""
    g = _one_neuron(6.0, 1.0, 0.0)
    error = abs(float(g.output[0, 0]))  # |a − y|, almost 1
    rate = abs(float(g.nabla_b[0][0, 0]))  # ∂C/∂b = δ (BP3): σ′(z) is in it
    return "yes" if rate < SATURATION * error else "no"


@question("hidden_saturation_cured", notebook="05", kind=Choice(("yes", "no")))
def hidden_saturation_cured() -> str:
    """The cross-entropy cost takes σ′(z^L) out of BP1. Does it also cure a saturated
    hidden neuron, "yes" or "no"? (Try a 1-1-1 network whose hidden neuron has z = 6.)"""
    net = bp.Network.from_parameters(
        [np.ones((1, 1)), np.full((1, 1), 2.0)],
        [np.full((1, 1), 5.0), np.zeros((1, 1))],
        cost="cross_entropy",
    )
    g = bp.backprop(net, np.array([[1.0]]), np.array([[0.0]]))
    passed_back = abs(float(net.weights[1][0, 0] * g.deltas[1][0, 0]))  # (w^3)^T δ^3
    hidden = abs(float(g.deltas[0][0, 0]))  # δ^2 = (w^3)^T δ^3 σ′(z^2), BP2
    return "no" if hidden < SATURATION * passed_back else "yes"


@question("jacobian_off_diagonal", notebook="06", kind=Number(rtol=0.0, atol=1e-12))
def jacobian_off_diagonal() -> float:
    """In the output layer of this notebook's network, what is the largest off-diagonal
    entry (in size) of J_kj = ∂a^L_k/∂z^L_j, k ≠ j?"""
    net, x, _ = _nb05_network()
    z = bp.forward(net, x).zs[-1]
    J = net.activation_functions[-1].jacobian_at(z)[0]  # (n_L, n_L), column 0 of the batch
    return float(np.abs(J - np.diag(np.diag(J))).max())


@question(
    "largest_bp2_term",
    notebook="06",
    kind=Integer(low=0, high=1, what="a neuron k of layer 4"),
)
def largest_bp2_term() -> int:
    """δ^3_1 of this notebook's network is a sum over k of w^4_k1 σ′(z^3_1) δ^4_k
    (eq. 45). For which k is the term largest in size? (Notebook 05 printed the terms of
    δ^3_0; this asks about the next neuron.)"""
    net, x, y = _nb05_network()
    g = bp.backprop(net, x, y)
    terms = net.w(4)[:, 1] * g.deltas[4 - 2][:, 0]  # the common factor σ′(z^3_1) > 0 left out
    return int(np.argmax(np.abs(terms)))


def _quadratic_delta(a: float) -> float:
    """(a − y) σ′(z) for y = 0 and σ(z) = a: the quadratic cost's δ^L at the same output."""
    return a * a * (1.0 - a)


@question(
    "cross_entropy_bp1",
    notebook="06",
    kind=Number(),
    slips=lambda right: [
        ("that is the quadratic cost's δ^L, (a − y)σ′(z)", _quadratic_delta(cast(float, right))),
        (
            "that is ∂C/∂a alone; eq. 39 multiplies it by σ′(z) = a(1 − a)",
            1 / (1 - cast(float, right)),  # (a − y)/(a(1 − a)) at a = right, y = 0
        ),
    ],
)
def cross_entropy_bp1() -> float:
    """Prove BP1 for the cross-entropy cost C = −[y ln a + (1 − y) ln(1 − a)] with eq. 39:
    for a sigmoid output neuron with a^L_j = 0.9 and y_j = 0, what is δ^L_j?"""
    a = np.array([[0.9]])
    z = np.log(a / (1 - a))  # σ(z) = 0.9
    gradient = bp.get_cost("cross_entropy").gradient(a, np.zeros((1, 1)))  # ∂C/∂a
    return float(bp.bp1_output_error(gradient, z, "sigmoid")[0, 0])  # × σ′(z): a − y
