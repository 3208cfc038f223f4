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

#: Notebook 02's two points A = (1, 2) and B = (2, 3), and a third point for its last question.
A_B_X, A_B_Y = np.array([1.0, 2.0]), np.array([2.0, 3.0])


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
    """On the points A = (1, 2) and B = (2, 3), starting from m = 1 and c = 0 (the line lies
    below both points): does the first step of gradient descent move the slope m "up" or
    "down"?"""
    dC_dm, _ = line.gradient(1.0, 0.0, A_B_X, A_B_Y)
    return "down" if dC_dm > 0 else "up"  # m ← m − η ∂C/∂m moves against the gradient


@question(
    "absolute_slope_right",
    notebook="02",
    kind=Number(),
    slips=lambda right: [
        ("that is the slope between the two kinks (1.5 < m < 2)", 1.0),
        ("that is the slope left of both kinks (m < 1.5)", -3.0),
    ],
)
def absolute_slope_right() -> float:
    """On A = (1, 2) and B = (2, 3) with c = 0, the absolute cost is
    C_abs(m) = |m − 2| + |2m − 3|. What is its slope dC_abs/dm for m > 2?"""
    dC_dm, _ = line.gradient(2.5, 0.0, A_B_X, A_B_Y, kind="absolute")  # any m > 2
    return dC_dm


@question(
    "eta_limit_third_point",
    notebook="02",
    kind=Number(),
    slips=lambda right: [
        (
            "that η lands on the minimum in one step; the steps still settle up to twice it",
            1 / 14,
        ),
        ("that is the limit for A and B alone; the third point adds x_3² = 9 to Σ x_i²", 2 / 5),
    ],
)
def eta_limit_third_point() -> float:
    """Add a third point D = (3, 3.5) to A and B and keep c fixed at 0. Up to which learning
    rate η does gradient descent on m still settle at the minimum (the largest η, to three
    significant digits)?"""
    xs, ys = np.append(A_B_X, 3.0), np.append(A_B_Y, 3.5)
    m_best = float(xs @ ys / (xs @ xs))  # dC/dm = Σ (m x_i − y_i) x_i = 0
    # One step maps m − m* to (1 − η Σ x_i²)(m − m*): measure that factor at η = 0.01 ...
    step = line.descend(m_best + 1.0, 0.0, 0.01, 1, xs, ys, fit_intercept=False)
    factor = float(step.m[1] - m_best)  # = 1 − 0.01 Σ x_i²
    curvature = (1.0 - factor) / 0.01
    # ... the steps shrink while |1 − η Σ x_i²| < 1, that is up to η = 2 / Σ x_i².
    return 2.0 / curvature


# --- 01 · start here (after 02's first question, whose id the error messages list first) ----

#: The notebook's network and input.
NB01_X = np.array([[0.5], [-1.0]])


def _nb01_network() -> bp.Network:
    return bp.Network([2, 3, 2], seed=0)


@question(
    "w2_21_sender",
    notebook="01",
    kind=Integer(low=0, high=1, what="a neuron k of layer 1"),
    slips=lambda right: [("2 is j, the receiving neuron; the sender is k, the second index", 2)],
)
def w2_21_sender() -> int:
    """The weight w^2_21 carries a signal into neuron 2 of layer 2. From which neuron k of
    layer 1 (the input) does the signal come?"""
    net = _nb01_network()
    z = net.forward(NB01_X).zs[0][2, 0]
    for k in range(2):  # a unit change of input k moves z^2_2 by w^2_2k
        moved = NB01_X.copy()
        moved[k, 0] += 1.0
        if np.isclose(net.forward(moved).zs[0][2, 0] - z, net.w(2)[2, 1]):
            return k
    raise AssertionError("no input carries w^2_21")  # pragma: no cover


@question(
    "w3_rows",
    notebook="01",
    kind=Integer(low=1, what="a number of rows"),
    slips=lambda right: [
        ("that is the number of columns: w^l has one row per neuron of layer l", 3),
    ],
)
def w3_rows() -> int:
    """How many rows has the matrix w^3 of bp.Network([2, 3, 2])?"""
    return _nb01_network().w(3).shape[0]


@question(
    "weight_out_of_hidden_0",
    notebook="01",
    kind=Choice(("w3_01", "w3_10")),
    slips=lambda right: [
        ("w^3_01 enters neuron 0 of layer 3; it leaves hidden neuron 1 (k = 1)", "w3_01"),
    ],
)
def weight_out_of_hidden_0() -> str:
    """Which of the weights w^3_01 and w^3_10 leaves hidden neuron 0 (neuron 0 of layer 2)?
    Answer "w3_01" or "w3_10"."""
    net = _nb01_network()
    before = net.forward(NB01_X)
    for name, (j, k) in (("w3_01", (0, 1)), ("w3_10", (1, 0))):
        changed = net.copy()
        changed.w(3)[j, k] += 1.0
        dz = changed.forward(NB01_X).zs[1][j, 0] - before.zs[1][j, 0]
        if np.isclose(dz, before.activations[1][0, 0]):  # it carries a^2_0
            return name
    raise AssertionError("neither weight carries a^2_0")  # pragma: no cover


@question(
    "mnist_parameters",
    notebook="01",
    kind=Integer(low=1, what="a number of weights and biases"),
    slips=lambda right: [
        ("that counts the weights only; add the biases, one per neuron of layers 2..L", 23820),
        ("784·30·10 multiplies all three sizes; w^l is n_l × n_{l-1}, layer by layer", 235200),
    ],
)
def mnist_parameters() -> int:
    """How many weights and biases, together, has the book's MNIST network
    bp.Network([784, 30, 10])?"""
    net = bp.Network([784, 30, 10], seed=0)
    return sum(w.size for w in net.weights) + sum(b.size for b in net.biases)


def _outputs_moved(layer: int) -> str:
    """Which outputs a^3_j move when the bias b^layer_0 grows by 0.5."""
    net = _nb01_network()
    changed = net.copy()
    changed.b(layer)[0, 0] += 0.5
    moved = ~np.isclose(changed.feedforward(NB01_X), net.feedforward(NB01_X))[:, 0]
    return "both" if moved.all() else f"a3_{int(np.flatnonzero(moved)[0])}"


@question(
    "output_bias_reach",
    notebook="01",
    kind=Choice(("a3_0", "a3_1", "both")),
    slips=lambda right: [("b^3_0 is the bias of output neuron 0 alone", "both")],
)
def output_bias_reach() -> str:
    """Predict: in the notebook's 2-3-2 network, you add 0.5 to the bias b^3_0. Which of the
    outputs change: "a3_0", "a3_1" or "both"?"""
    return _outputs_moved(3)


@question(
    "hidden_bias_reach",
    notebook="01",
    kind=Choice(("a3_0", "a3_1", "both")),
    slips=lambda right: [
        ("hidden neuron 0 feeds both outputs, through w^3_00 and w^3_10", "a3_0"),
    ],
)
def hidden_bias_reach() -> str:
    """Predict: you add 0.5 to the bias b^2_0 of hidden neuron 0 instead. Which of the
    outputs change now: "a3_0", "a3_1" or "both"?"""
    return _outputs_moved(2)


# --- 03 · the matrix form of the forward pass -------------------------------------------------


@question(
    "batch_column_change",
    notebook="03",
    kind=Integer(low=0, high=15, what="a number of entries"),
    slips=lambda right: [
        ("the other examples' columns do not see example 3 at all", 15),
        ("every neuron j of layer 2 sees example 3: its whole column changes", 1),
    ],
)
def batch_column_change() -> int:
    """The batch X holds 5 examples as columns and Z^2 = w^2 X + b^2 has shape (3, 5) for the
    2-3-2 network. Change example 3 only (column 3 of X). How many entries of Z^2 change?"""
    net = bp.Network([2, 3, 2], seed=0)
    X = np.random.default_rng(0).uniform(-1.0, 1.0, size=(2, 5))
    changed = X.copy()
    changed[:, 3] += 0.5
    before, after = net.forward(X).zs[0], net.forward(changed).zs[0]
    return int((~np.isclose(before, after)).sum())


@question(
    "multiply_adds",
    notebook="03",
    kind=Integer(low=1, what="a number of multiply–adds"),
    slips=lambda right: [("that counts the biases too; count the products w^l_jk a^{l-1}_k", 2260)],
)
def multiply_adds() -> int:
    """How many products w^l_jk a^{l-1}_k does one example take through bp.Network([64, 30, 10])
    (all layers)?"""
    return sum(w.size for w in bp.Network([64, 30, 10], seed=1).weights)  # one per weight


@question(
    "mnist_z2_entries",
    notebook="03",
    kind=Integer(low=1, what="a number of entries"),
    slips=lambda right: [
        ("that is X, 784 × 10: Z^2 has one row per neuron of layer 2", 7840),
        ("that is w^2, 30 × 784; Z^2 = w^2 X + b^2 has one column per example", 23520),
    ],
)
def mnist_z2_entries() -> int:
    """The book's MNIST network bp.Network([784, 30, 10]) on a batch of m = 10 images as
    columns: how many numbers does the matrix Z^2 of weighted inputs hold?"""
    net = bp.Network([784, 30, 10], seed=0)
    return net.forward(np.zeros((784, 10))).zs[0].size


# --- 04 · the cost and the Hadamard product ----------------------------------------------------


@question(
    "broadcast_entries",
    notebook="04",
    kind=Integer(low=1, what="a number of entries"),
    slips=lambda right: [("that would be s ⊙ t; a column times a row broadcasts to every pair", 2)],
)
def broadcast_entries() -> int:
    """s = [[1], [2]] has shape (2, 1) and r = [[3, 4]] shape (1, 2). How many entries has the
    numpy product s * r?"""
    s, r = np.array([[1.0], [2.0]]), np.array([[3.0, 4.0]])
    return int((s * r).size)  # numpy stretches both to (2, 2): every s_j times every r_k


@question(
    "cross_entropy_both_assumptions",
    notebook="04",
    kind=Choice(("yes", "no")),
    slips=lambda right: [
        (
            "its C_x for one example is a sum over the output neurons j of terms in y_j and "
            "a^L_j alone, and the batch cost is the mean of the C_x",
            "no",
        )
    ],
)
def cross_entropy_both_assumptions() -> str:
    """Does the cross-entropy cost C_x = −Σ_j [y_j ln a^L_j + (1 − y_j) ln(1 − a^L_j)], with
    C the mean of the C_x over the examples, satisfy both assumptions: "yes" or "no"?"""
    cost = bp.get_cost("cross_entropy")
    rng = np.random.default_rng(0)
    A, Y = rng.uniform(0.05, 0.95, (3, 6)), rng.uniform(0.0, 1.0, (3, 6))
    # Assumption 1: the cost of the batch is the mean of the cost of each example alone.
    alone = [cost.mean(A[:, [i]], Y[:, [i]]) for i in range(6)]
    average = bool(np.isclose(cost.mean(A, Y), sum(alone) / 6))
    # Assumption 2: C_x reads the network only through a^L: two networks of different shape
    # whose outputs are made equal (the other's output biases set so) get the same C_x.
    x, y = np.array([[0.3], [-0.7]]), np.array([[1.0], [0.0]])
    first, other = bp.Network([2, 3, 2], seed=0), bp.Network([2, 5, 2], seed=1)
    record = other.forward(x)
    z_first = first.forward(x).zs[-1]
    other.biases[-1] = z_first - other.weights[-1] @ record.activations[-2]
    same_output = np.allclose(first.feedforward(x), other.feedforward(x))
    same_cost = bool(
        np.isclose(cost.mean(first.feedforward(x), y), cost.mean(other.feedforward(x), y))
    )
    return "yes" if average and same_output and same_cost else "no"


@question(
    "weight_decay_same_cost",
    notebook="04",
    kind=Choice(("equal", "different")),
    slips=lambda right: [
        ("the decay term Σ w² reads the weights themselves, not a^L", "equal"),
    ],
)
def weight_decay_same_cost() -> str:
    """The notebook's two networks give the same output a^L for x. Add weight decay,
    C = C_x + (λ/2) Σ_w w² with λ = 0.1. Are their costs now "equal" or "different"?"""
    x, y = np.array([[0.3], [-0.7]]), np.array([[1.0], [0.0]])
    first, other = bp.Network([2, 3, 2], seed=0), bp.Network([2, 5, 4, 2], seed=7)
    record = other.forward(x)
    other.biases[-1] = first.forward(x).zs[-1] - other.weights[-1] @ record.activations[-2]

    def decayed(net: bp.Network) -> float:
        return net.cost(x, y) + 0.1 / 2 * sum(float(np.sum(w**2)) for w in net.weights)

    return "equal" if np.isclose(decayed(first), decayed(other)) else "different"


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
