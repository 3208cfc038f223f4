"""The short questions of notebooks 07–09: the algorithm, the code, why it is fast.

Registered when :mod:`.questions` is imported. Each answer is computed from bpcore
when it is checked; see :mod:`bpcore.exercises.answers`.
"""

import numpy as np

import bpcore as bp
from bpcore.examples import book_network
from bpcore.exercises.answers import Choice, Integer, Number, question

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
    # The loop costs m (o + v), the matrix version o + m u: both grow in proportion to m,
    # the loop with the larger slope o + v. Of what the matrix version saves, (m - 1) o is
    # fewer calls and m (v - u) the faster products.
    # Measured when this was written (2 cores): o = 75 µs, t_1 = 71 µs, so v ≈ 0 (one
    # example's 2,220 forward multiply-adds are lost in the cost of the calls around them):
    #      m   the loop   the matrix version   saved by fewer calls   by the products
    #      1   0.075 ms   0.082 ms             0                      −0.007 ms
    #     10   0.75 ms    0.12 ms              0.68 ms                −0.05 ms
    #    100   7.5 ms     0.19 ms              7.4 ms                 −0.11 ms
    #   1000   75 ms      1.8 ms               75 ms                  −1.7 ms
    # The loop's time grows in proportion to m; the matrix version's barely grows until m
    # is in the hundreds. At every m the speed-up is the calls saved; the products even cost
    # a little more per example (u of 1–7 µs against v ≈ 0).
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

    digits = bp.Network([64, 30, 10], seed=0)
    o = best(bp.Network([1, 1, 1], seed=0), 1)
    v = max(best(digits, 1) - o, 0.0)
    saved = {}  # m -> (saved by fewer calls, saved by the matrix product), in seconds
    for m in (1, 10, 100, 1000):
        u = max(best(digits, m) - o, 0.0) / m
        saved[m] = ((m - 1) * o, m * (v - u))
    fewer_calls, matrix_product = saved[1000]
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
