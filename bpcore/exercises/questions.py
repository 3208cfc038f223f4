"""The notebooks' short questions, each answer computed from bpcore when it is checked.

Adding one takes a few lines: a function under the notebook's heading, its docstring
the prompt, its body the computation, registered with :func:`~.answers.question`
(see :mod:`bpcore.exercises.answers` for the kinds of answer and for ``slips``).
"""

import math

import numpy as np

import bpcore as bp
from bpcore import line
from bpcore.examples import book_network
from bpcore.exercises.answers import Choice, Integer, Number, question

# --- 02 · from a line to gradient descent -----------------------------------------------------


@question(
    "line_step_direction",
    notebook="02",
    kind=Choice(("up", "down")),
    slips=lambda right: [
        (
            "that is the direction of ∂C/∂m itself; descent steps against it: m ← m − η ∂C/∂m",
            {"up": "down", "down": "up"}[right],
        )
    ],
)
def line_step_direction() -> str:
    """On the line explorer's four points, starting from m = 1 and c = 0: does the first step
    of gradient descent move the slope m "up" or "down"?"""
    dC_dm, _ = line.gradient(1.0, 0.0, line.DATA_X, line.DATA_Y)
    return "down" if dC_dm > 0 else "up"  # m ← m − η ∂C/∂m moves against the gradient


# --- 05 · the four fundamental equations --------------------------------------------------------


@question(
    "smallest_error_layer",
    notebook="05",
    kind=Integer(low=2, high=6, what="a layer number l"),
    slips=lambda right: [
        ("that is Python's index into g.deltas; the book's layer is l = index + 2", right - 2),
    ],
)
def smallest_error_layer() -> int:
    """In bp.Network([2, 5, 5, 5, 5, 2], seed=0) at x = (0.8, 0.3)ᵀ and y = (1, 0)ᵀ, in which
    layer l is the error ‖δ^l‖ smallest?"""
    net = bp.Network([2, 5, 5, 5, 5, 2], seed=0)
    deltas = bp.backprop(net, np.array([[0.8], [0.3]]), np.array([[1.0], [0.0]])).deltas
    sizes = [float(np.linalg.norm(delta)) for delta in deltas]  # δ^2, ..., δ^L
    return int(np.argmin(sizes)) + 2


# --- 10 · the big picture ---------------------------------------------------------------------


@question(
    "bias_nudge_ratio",
    notebook="10",
    kind=Number(),
    slips=lambda right: [
        ("that is the bias's ΔC over the weight's; the question asks the other way", 1 / right),
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


# --- 11 · one neuron per layer ------------------------------------------------------------------


@question(
    "chain_depth",
    notebook="11",
    kind=Integer(low=1, what="a number of neurons"),
    slips=lambda right: [
        (
            "at that depth |∂C/∂w_1| is still 1e-10 or more; the question asks for the first below",
            right - 1,
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
