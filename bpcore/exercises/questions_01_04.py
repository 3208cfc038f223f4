"""The short questions of notebooks 01–04 (registered when :mod:`.questions` is imported).

Notation and predictions (01), the line and its learning rate (02), the forward pass as
matrices (03), the cost's two assumptions and the Hadamard product (04). Each answer is
computed from bpcore when it is checked; see :mod:`bpcore.exercises.questions`.
"""

import numpy as np

import bpcore as bp
from bpcore import line
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
            {"up": "down", "down": "up"}[str(right)],
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
    # Assumption 2: C_x reads the network only through a^L. Two cross-entropy networks of
    # different shapes, the other's output biases set so that both give the same a^L for x:
    # the cost each network computes (net.cost, which could read anything of the network)
    # must agree, and equal the formula written with a^L and y alone.
    x, y = np.array([[0.3], [-0.7]]), np.array([[1.0], [0.0]])
    first = bp.Network([2, 3, 2], cost="cross_entropy", seed=0)
    other = bp.Network([2, 5, 2], cost="cross_entropy", seed=1)
    record = other.forward(x)
    z_first = first.forward(x).zs[-1]
    other.biases[-1] = z_first - other.weights[-1] @ record.activations[-2]
    a = first.feedforward(x)
    same_output = np.allclose(a, other.feedforward(x))
    formula = float(-np.sum(y * np.log(a) + (1 - y) * np.log(1 - a)))
    same_cost = bool(np.isclose(first.cost(x, y), other.cost(x, y)))
    same_cost = same_cost and bool(np.isclose(first.cost(x, y), formula))
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
