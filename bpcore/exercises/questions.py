"""The notebooks' short questions, each answer computed from bpcore when it is checked.

Adding one takes a few lines: a function under the notebook's heading, its docstring
the prompt, its body the computation, registered with :func:`~.answers.question`
(see :mod:`bpcore.exercises.answers` for the kinds of answer and for ``slips``).
"""

import math
from typing import cast

import numpy as np

import bpcore as bp
from bpcore.activations import SATURATION
from bpcore.examples import book_network

# --- 01–04 · in their own module; imported first, so line_step_direction is the first id --
from bpcore.exercises import questions_01_04  # noqa: F401  registers the questions of 01–04
from bpcore.exercises.answers import Choice, Integer, Number, question

# --- 05–06 · the four fundamental equations and their proofs -------------------------------------


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
    """δ^3_0 of this notebook's network is a sum over k of w^4_k0 σ′(z^3_0) δ^4_k
    (eq. 45). For which k is the term largest in size?"""
    net, x, y = _nb05_network()
    g = bp.backprop(net, x, y)
    terms = net.w(4)[:, 0] * g.deltas[4 - 2][:, 0]  # the common factor σ′(z^3_0) > 0 left out
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


# --- 07–09 · the algorithm, the code, why it is fast ----------------------------------------------


def _int(right: object) -> int:
    """A right answer of an Integer question, as an int (for the slips' arithmetic)."""
    assert isinstance(right, int)
    return right


@question(
    "output_error_sign",
    notebook="07",
    kind=Choice(("positive", "negative")),
    slips=lambda right: [
        (
            "δ^L_j = (a^L_j − y_j) σ'(z^L_j) and σ' > 0: the sign is that of a^L_j − y_j",
            {"positive": "negative", "negative": "positive"}[str(right)],
        )
    ],
)
def output_error_sign() -> str:
    """In the notebook's network (bpcore.examples.book_network(): x = (0.8, 0.3)ᵀ,
    y = (1, 0)ᵀ), the output a^3_0 falls short of its target y_0 = 1. Is δ^3_0 "positive"
    or "negative"?"""
    net, x, y = book_network()
    delta_L = bp.backprop(net, x, y).deltas[-1]
    return "positive" if delta_L[0, 0] > 0 else "negative"


@question(
    "largest_hidden_error",
    notebook="07",
    kind=Integer(low=0, high=2, what="a neuron number j"),
)
def largest_hidden_error() -> int:
    """In the same network, BP2 gives hidden neuron j the error
    δ^2_j = (w^3_0j δ^3_0 + w^3_1j δ^3_1) σ'(z^2_j). Which neuron j (0, 1 or 2) gets the
    largest |δ^2_j|?"""
    net, x, y = book_network()
    delta_2 = bp.backprop(net, x, y).deltas[0]
    return int(np.argmax(np.abs(delta_2[:, 0])))


@question(
    "numbers_kept",
    notebook="07",
    kind=Integer(low=1, what="a number of numbers"),
    slips=lambda right: [
        ("that counts the activations a^1..a^L only; the z^l are kept too", _int(right) - 40),
        ("that counts the weighted inputs z^2..z^L only; the a^l are kept too", 40),
        ("the input a^1 = x is kept too (BP4 for layer 2 needs it)", _int(right) - 784),
    ],
)
def numbers_kept() -> int:
    """bpcore's backprop keeps every weighted input z^l (l = 2..L) and every activation a^l
    (l = 1..L, with a^1 = x) for the backward pass. For the book's 784-30-10 network and
    one example, how many numbers is that?"""
    net = bp.Network([784, 30, 10], seed=0)
    g = bp.backprop(net, np.zeros((784, 1)), np.zeros((10, 1)))
    return sum(z.size for z in g.zs) + sum(a.size for a in g.activations)


@question("speedup_source", notebook="08", kind=Choice(("fewer calls", "matrix product")))
def speedup_source() -> str:
    """For the digits network [64, 30, 10] and a mini-batch of m = 1000, does most of the
    matrix version's speed-up over the loop come from "fewer calls" (one pass through the
    Python code instead of m) or from the "matrix product" (arithmetic done faster per
    example by one matrix-matrix product than by m matrix-vector products)?"""
    # The model, with times measured now (best of 9 runs):
    #   o = one call's fixed cost: the same code on [1, 1, 1], where there is no arithmetic;
    #   v = the arithmetic of one example as matrix-vector products: t_1 - o;
    #   u = the arithmetic of one example inside the matrix product: (t_m - o) / m.
    # The loop costs m (o + v), the matrix version o + m u; of what it saves,
    # (m - 1) o is fewer calls and m (v - u) the faster products.
    # Measured when this was written (2 busy cores): o ≈ 90 µs, v within ±3 µs of 0,
    # u ≈ 3 µs. So at m = 1000 fewer calls save ≈ 90 ms of the loop's ≈ 90 ms and the
    # matrix product saves nothing measurable: at this size one example's arithmetic
    # (2,220 multiply-adds forward) is lost in the cost of the Python calls around it.
    import time

    from bpcore.backprop import backward_pass, feedforward_pass

    def best(net: bp.Network, m: int) -> float:
        X, Y = np.full((net.sizes[0], m), 0.5), np.full((net.sizes[-1], m), 0.5)
        times = []
        for _ in range(9):
            start = time.perf_counter()
            backward_pass(net, feedforward_pass(net, X), Y)
            times.append(time.perf_counter() - start)
        return min(times)

    m, digits = 1000, bp.Network([64, 30, 10], seed=0)
    o = best(bp.Network([1, 1, 1], seed=0), 1)
    v = max(best(digits, 1) - o, 0.0)
    u = max(best(digits, m) - o, 0.0) / m
    fewer_calls, matrix_product = (m - 1) * o, m * (v - u)
    return "fewer calls" if fewer_calls > matrix_product else "matrix product"


@question(
    "passes_784_30_10",
    notebook="09",
    kind=Integer(low=1, what="a number of forward passes"),
    slips=lambda right: [
        ("eq. 46 also needs C(w) itself, once, besides one pass per parameter", _int(right) - 1),
        ("that counts the weights only; every bias needs a pass too", _int(right) - 40),
        (
            "that is central differences, 2P; eq. 46 is the forward difference",
            2 * (_int(right) - 1),
        ),
    ],
)
def passes_784_30_10() -> int:
    """How many forward passes does eq. 46 (forward differences) need for one gradient of
    the book's network [784, 30, 10], one example?"""
    net = bp.Network([784, 30, 10], seed=0)
    P = sum(w.size for w in net.weights) + sum(b.size for b in net.biases)
    return P + 1  # C(w) once, then C(w + ε e_j) for each of the P parameters


@question(
    "backprop_in_forward_passes",
    notebook="09",
    kind=Number(rtol=2e-3),
    slips=lambda right: [
        ("BP2 does not run for layer 2's weights: there is no δ^1 to compute", 3.0),
        ("that leaves out BP2's (w^{l+1})^T δ^{l+1}, which the hidden layers need", 2.0),
    ],
)
def backprop_in_forward_passes() -> float:
    """Count multiply-adds for one example of [784, 30, 10]: a forward pass makes one per
    weight (w^l a^{l-1}); the backward pass makes those of BP2, (w^{l+1})^T δ^{l+1} for
    l = L-1..2, and of BP4, δ^l (a^{l-1})^T for l = 2..L. One backpropagation (forward
    and backward) costs how many forward passes? (Three significant digits.)"""
    sizes = [784, 30, 10]
    per_layer = [n * n_prev for n_prev, n in zip(sizes[:-1], sizes[1:])]  # w^2, w^3
    forward = sum(per_layer)
    bp2 = sum(per_layer[1:])  # w^3 ... w^L: there is no δ^1, so w^2 is never transposed
    bp4 = sum(per_layer)
    return (forward + bp2 + bp4) / forward


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
