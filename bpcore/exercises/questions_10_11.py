"""The short questions of notebooks 10–11: the big picture (10) and one neuron per layer (11).

Registered when :mod:`.questions` is imported. Each answer is computed from bpcore
when it is checked; see :mod:`bpcore.exercises.answers`.
"""

import math
from typing import cast

import numpy as np

import bpcore as bp
from bpcore.examples import book_network
from bpcore.exercises.answers import Choice, Integer, Number, question

# --- 10 · the big picture ---------------------------------------------------------------------


@question(
    "bias_nudge_ratio",
    notebook="10",
    kind=Number(),
    slips=lambda right: [
        (
            "that is the bias's ΔC over the weight's; the question asks the other way",
            1 / cast(float, right),
        ),
    ],
)
def bias_nudge_ratio() -> float:
    """In the notebook's network (bpcore.examples.book_network(): 2-3-2, x = (0.8, 0.3)ᵀ),
    nudge the weight w^2_10 by Δ, and separately the bias b^2_1 by the same Δ. To first
    order, the weight's ΔC is how many times the bias's ΔC?"""
    net, x, y = book_network()
    weight = bp.nudge(net, x, y, layer=2, j=1, k=0, dw=0.1)
    bias = bp.nudge(net, x, y, layer=2, j=1, k=None, dw=0.1)
    return weight.dC_linear / bias.dC_linear  # Δz^2_1 is a^1_0 Δ for the weight, Δ for the bias


@question(
    "a3_0_direction",
    notebook="10",
    kind=Choice(("up", "down")),
    slips=lambda right: [
        (
            "the first link raises a^2_1 (σ′ > 0, a^1_0 > 0); the next factor, "
            "σ′(z^3_0) w^3_01, has the sign of w^3_01: look at net.w(3)",
            {"up": "down", "down": "up"}[str(right)],
        )
    ],
)
def a3_0_direction() -> str:
    """In the notebook's 2-3-2 network (bpcore.examples.book_network()), the weight w^2_10
    grows by a small Δw > 0. Does the output a^3_0 go "up" or "down"?"""
    net, x, y = book_network()
    n = bp.nudge(net, x, y, layer=2, j=1, k=0, dw=1e-3)
    return "up" if n.da[1][0, 0] > 0 else "down"  # Δa^3 is n.da[1]: layers l = 2, 3


@question(
    "paths_from_layer_2",
    notebook="10",
    kind=Integer(low=1, what="a number of paths"),
    slips=lambda right: [
        ("paths multiply, they do not add: one choice of neuron in each later layer", 4 + 3 + 2),
        ("the weight w^2_jk fixes the path's neuron in layer 2 (it is j)", 3 * cast(int, right)),
        ("the weight fixes the neurons of layers 1 and 2 (k and j)", 2 * 3 * cast(int, right)),
    ],
)
def paths_from_layer_2() -> int:
    """The paths explorer's network has sizes [2, 3, 4, 3, 2]. How many paths run from one
    weight w^2_jk of layer 2 to the cost C?"""
    net = bp.Network([2, 3, 4, 3, 2], seed=2)
    x, y = np.array([[0.8], [0.3]]), np.array([[1.0], [0.0]])
    return bp.paths(net, x, y, layer=2, j=0, k=0).count  # one neuron in each of layers 3, 4, 5


# --- 11 · one neuron per layer ------------------------------------------------------------------


@question(
    "chain_x_doubled",
    notebook="11",
    kind=Choice(("grows", "shrinks")),
    slips=lambda right: [
        (
            "x is a factor of ∂C/∂w_1 and doubles; compare that with how much σ′(h_1), σ′(h_2), "
            "σ′(h_3) and ŷ − y change (the chain explorer shows each factor)",
            {"grows": "shrinks", "shrinks": "grows"}[str(right)],
        )
    ],
)
def chain_x_doubled() -> str:
    """The chain of the notebook: weights [0.8, −1.5, 2.0], y = 0.9. The input x goes from 1
    to 2: does |∂C/∂w_1| grow or shrink? Answer "grows" or "shrinks"."""
    before = abs(bp.chain(1.0, [0.8, -1.5, 2.0], 0.9).product)
    after = abs(bp.chain(2.0, [0.8, -1.5, 2.0], 0.9).product)
    return "grows" if after > before else "shrinks"


@question(
    "large_weight_band",
    notebook="11",
    kind=Number(),
    slips=lambda right: [
        (
            "that is the weighted input h = w a at the edge of the band; the question asks a",
            6 * cast(float, right),
        ),
    ],
)
def large_weight_band() -> float:
    """A link of the chain multiplies the gradient by w σ′(w a), a being the activation that
    comes in. For w = 6, up to which a > 0 is that factor above 1? (three significant digits)"""
    sigma = bp.get_activation("sigmoid")
    low, high = 0.0, 1.0  # 6 σ′(6a) falls from 1.5 at a = 0 to 0.015 at a = 1: bisect
    for _ in range(60):
        middle = (low + high) / 2
        above = 6 * float(sigma.prime(np.array(6 * middle))) > 1
        low, high = (middle, high) if above else (low, middle)
    return low


@question(
    "chain_depth",
    notebook="11",
    kind=Integer(low=1, what="a number of neurons"),
    slips=lambda right: [
        (
            "at that depth |∂C/∂w_1| is still 1e-10 or more; the question asks for the first below",
            cast(int, right) - 1,
        ),
        (
            "that is the estimate from σ' ≤ 1/4; the chain's σ'(h) are smaller than 1/4",
            math.ceil(10 / math.log10(4)),  # 4^-n < 10^-10
        ),
    ],
)
def chain_depth() -> int:
    """A chain of sigmoid neurons with every weight 1, x = 1 and y = 0: how many neurons must
    it have for |∂C/∂w_1| to fall below 10^-10?"""
    depth = 1
    while abs(bp.chain(1.0, [1.0] * depth, 0.0).product) >= 1e-10:
        depth += 1
    return depth
