"""The big picture (eq. 47–53): a nudge Δw travels through the network to ΔC.

Change one weight w^l_jk by Δw. Only z^l_j moves at first, by Δz^l_j = a^{l-1}_k Δw;
then a^l_j, then every neuron of layer l+1, and so on to the output and the cost.
:func:`nudge` computes that cascade twice:

* exactly, by running the layers l..L again with the changed weight, and
* to first order, by the chain rule (eq. 48–50): Δa^l_j ≈ σ'(z^l_j) a^{l-1}_k Δw and
  Δa^{q} ≈ σ'(z^q) ⊙ (w^q Δa^{q-1}), ending in ΔC ≈ (∂C/∂w^l_jk) Δw (eq. 47).

The gap between the two is second order in Δw. :func:`paths` splits ∂C/∂w^l_jk into
one product of rate factors per path through one neuron of each later layer
(eq. 51–53), and :func:`chain` does the same for a chain of single neurons (the
"General Back Propagation" derivation, eq. 75–87).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from bpcore import _checks
from bpcore.backprop import Gradients, backprop, backward_pass, check_inputs, feedforward_pass

Array = np.ndarray


@dataclass
class Nudge:
    """The change Δw to w^l_jk (or Δb to b^l_j when ``k is None``) traced to ΔC.

    ``dz[i]``, ``da[i]`` and their first-order predictions ``dz_linear[i]``,
    ``da_linear[i]`` belong to layer ``layers[i]`` (l, l+1, ..., L), shape ``(n_q, m)``.
    ``dC`` is the exact change of the cost, ``dC_linear = gradient · dw`` (eq. 47).
    """

    layer: int
    j: int
    k: int | None
    dw: float
    layers: list[int]
    dz: list[Array]
    da: list[Array]
    dz_linear: list[Array]
    da_linear: list[Array]
    cost: float
    dC: float
    gradient: float

    @property
    def dC_linear(self) -> float:  # noqa: N802 - the book's symbol
        """(∂C/∂w^l_jk) Δw: the chain rule's prediction of ΔC (eq. 47)."""
        return self.gradient * self.dw

    @property
    def gap(self) -> float:
        """ΔC − (∂C/∂w) Δw: the second-order remainder, O(Δw²)."""
        return self.dC - self.dC_linear

    @property
    def parameter(self) -> str:
        """The nudged parameter in the book's notation, e.g. ``w^3_12``, ``w^2_3,100``, ``b^2_0``.

        The two indices get a comma between them once either has two digits.
        """
        if self.k is None:
            return f"b^{self.layer}_{self.j}"
        separator = "," if max(self.j, self.k) > 9 else ""
        return f"w^{self.layer}_{self.j}{separator}{self.k}"


class NudgeExplorer:
    """Nudges of one network at one input, computed fast enough for a slider.

    The forward pass and backpropagation run once, here; each :meth:`nudge` then
    recomputes only the layers from l to L. The network must not change while
    this object is in use (make a new one, or call :meth:`refresh`, if it does).
    """

    def __init__(self, net, x: Array, y: Array) -> None:
        self.net = net
        self.x, self.y = check_inputs(net, x, y)
        self.refresh()

    def refresh(self) -> None:
        """Recompute the forward pass and the gradients (after the network changed)."""
        self.gradients: Gradients = backward_pass(
            self.net, feedforward_pass(self.net, self.x), self.y
        )
        self.cost = self.net.cost_function.mean(self.gradients.output, self.y)
        # σ'(z^q) for every layer, used by the first-order predictions.
        self.sigma_primes = [
            f.prime(z, a)
            for f, z, a in zip(
                self.net.activation_functions, self.gradients.zs, self.gradients.activations[1:]
            )
        ]

    def check(self, layer, j, k, dw=0.0) -> tuple[int, int, int | None, float]:
        """Validate a choice of parameter; returns it normalised."""
        net = self.net
        layer = _checks.layer(layer, net.num_layers)
        j = _checks.index(j, net.sizes[layer - 1], "j", f"neuron (layer {layer})")
        if k is not None:
            k = _checks.index(k, net.sizes[layer - 2], "k", f"neuron (layer {layer - 1})")
        return layer, j, k, _checks.finite_number(dw, "dw")

    def nudge(self, layer: int, j: int, k: int | None = None, dw: float = 0.1) -> Nudge:
        """Change w^l_jk (b^l_j if ``k is None``) by ``dw`` and follow it to the cost."""
        layer, j, k, dw = self.check(layer, j, k, dw)
        net, g = self.net, self.gradients
        i = layer - 2  # Python index of layer l in zs, weights, biases
        m = self.x.shape[1]
        # The first change: only row j of z^l moves, by a^{l-1}_k Δw (or Δb).
        dz_first = np.zeros((net.sizes[layer - 1], m))
        dz_first[j] = dw if k is None else dw * g.activations[i][k]
        dz, da, dz_lin, da_lin = [dz_first], [], [dz_first], []
        z_new = g.zs[i] + dz_first
        a_new = g.activations[i]  # a^{l-1}: the nudge does not reach it
        for q in range(i, len(net.weights)):
            if q > i:
                z_new = net.weights[q] @ a_new + net.biases[q]
                dz.append(z_new - g.zs[q])
                dz_lin.append(net.weights[q] @ da_lin[-1])
            a_new = net.activation_functions[q].function(z_new)
            da.append(a_new - g.activations[q + 1])
            da_lin.append(self.sigma_primes[q] * dz_lin[-1])
        dC = net.cost_function.mean(a_new, self.y) - self.cost
        gradient = g.nabla_b[i][j, 0] if k is None else g.nabla_w[i][j, k]
        return Nudge(
            layer,
            j,
            k,
            dw,
            list(range(layer, net.num_layers + 1)),
            dz,
            da,
            dz_lin,
            da_lin,
            self.cost,
            float(dC),
            float(gradient),
        )


def nudge(
    net, x: Array, y: Array, layer: int, j: int, k: int | None = None, dw: float = 0.1
) -> Nudge:
    """Change w^l_jk by ``dw`` (or b^l_j when ``k is None``) and trace it to ΔC (eq. 47–50).

    ``layer`` is the book's l in 2..L; ``j`` indexes neurons of layer l and ``k``
    neurons of layer l-1 (0-based). ``x`` is ``(n_1, m)``, ``y`` is ``(n_L, m)``.
    The network is not modified. See :class:`Nudge` for what comes back.
    """
    return NudgeExplorer(net, x, y).nudge(layer, j, k, dw)


# --- eq. 51–53: the sum over paths -------------------------------------------------------


@dataclass
class Path:
    """One path w^l_jk → a^l_j → a^{l+1}_{i} → … → a^L_{i_L} → C.

    ``neurons`` are the neuron indices (j, i_{l+1}, ..., i_L); ``factors`` the rate
    factors along it (∂a^l_j/∂w^l_jk, ∂a^{q}_i/∂a^{q-1}_p for each step, ∂C/∂a^L_{i_L}),
    and ``rate`` their product (eq. 53).
    """

    neurons: tuple[int, ...]
    factors: tuple[float, ...]
    rate: float


@dataclass
class Paths:
    """The paths from one weight to the cost. ``total`` is ∂C/∂w^l_jk (by backprop).

    ``complete`` says whether ``paths`` lists all ``count`` of them (largest |rate|
    first); if not, it holds the ``len(paths)`` largest.
    """

    layer: int
    j: int
    k: int | None
    count: int
    paths: list[Path]
    complete: bool
    total: float

    @property
    def listed_sum(self) -> float:
        """The sum of the listed rates: equals ``total`` when ``complete`` (eq. 55)."""
        return float(sum(p.rate for p in self.paths))


def _path_factors(explorer: NudgeExplorer, layer: int, j: int, k: int | None):
    """The rate factors of every path, for one example.

    Returns ``first`` = ∂a^l_j/∂w^l_jk = σ'(z^l_j) a^{l-1}_k (σ'(z^l_j) for a bias),
    ``steps[s][i, p]`` = ∂a^q_i/∂a^{q-1}_p = σ'(z^q_i) w^q_ip for q = l+1+s, and
    ``last[i]`` = ∂C/∂a^L_i.
    """
    net, g = explorer.net, explorer.gradients
    i0 = layer - 2
    first = float(explorer.sigma_primes[i0][j, 0])
    if k is not None:
        first *= float(g.activations[i0][k, 0])
    steps = [explorer.sigma_primes[q] * net.weights[q] for q in range(i0 + 1, len(net.weights))]
    last = net.cost_function.gradient(g.output, explorer.y)[:, 0]
    return first, steps, last


def paths(
    net,
    x: Array,
    y: Array,
    layer: int,
    j: int,
    k: int | None = None,
    limit: int = 10_000,
    top: int = 20,
) -> Paths:
    """Every path from w^l_jk (b^l_j if ``k is None``) to C with its product of rates.

    For one example ``x`` (n_1, 1) and ``y`` (n_L, 1). The rates of all paths sum to
    ∂C/∂w^l_jk (eq. 51–53). When there are more than ``limit`` paths, only the ``top``
    largest in size are found, by a best-k search layer by layer that never builds
    the others.
    """
    explorer = NudgeExplorer(net, x, y)
    if explorer.x.shape[1] != 1:
        raise ValueError(
            f"x: paths are traced for one example, shape ({net.sizes[0]}, 1); "
            f"got {explorer.x.shape[1]} columns"
        )
    layer, j, k, _ = explorer.check(layer, j, k)
    limit = _checks.positive_integer(limit, "limit")
    top = _checks.positive_integer(top, "top")
    g = explorer.gradients
    total = float(g.nabla_b[layer - 2][j, 0] if k is None else g.nabla_w[layer - 2][j, k])
    count = math.prod(net.sizes[layer:])
    first, steps, last = _path_factors(explorer, layer, j, k)
    listed = _top_paths(j, first, steps, last, top=None if count <= limit else top)
    return Paths(layer, j, k, count, listed, count <= limit, total)


def _top_paths(
    j: int, first: float, steps: list[Array], last: Array, top: int | None
) -> list[Path]:
    """The ``top`` paths of largest |rate| (all of them if ``top`` is None), largest first.

    |rate| is a product of non-negative |factors|, so the best k paths through a
    neuron extend the best k prefixes ending at the neuron before it: keeping k
    prefixes per neuron, layer by layer, finds the exact k best.
    """
    # beams[i] = list of (|rate|, rate, neurons) of the best prefixes ending at neuron i
    beams = {j: [(abs(first), first, (j,))]}
    for step in steps:  # step[i, p]: rate from neuron p of the previous layer to neuron i
        new_beams = {}
        for i in range(step.shape[0]):
            candidates = [
                (size * abs(step[i, p]), rate * step[i, p], (*neurons, i))
                for p, beam in beams.items()
                for size, rate, neurons in beam
            ]
            candidates.sort(key=lambda c: -c[0])
            new_beams[i] = candidates[:top]
        beams = new_beams
    finals = [
        (size * abs(last[i]), rate * last[i], neurons)
        for i, beam in beams.items()
        for size, rate, neurons in beam
    ]
    finals.sort(key=lambda c: -c[0])
    listed = []
    for _, rate, neurons in finals[:top]:
        factors = [first]
        factors += [float(steps[s][neurons[s + 1], neurons[s]]) for s in range(len(steps))]
        factors.append(float(last[neurons[-1]]))
        listed.append(Path(neurons, tuple(float(f) for f in factors), float(rate)))
    return listed


# --- eq. 75–87: a chain of single neurons --------------------------------------------------


@dataclass
class Chain:
    """A chain x → neuron 1 → … → neuron n → ŷ with one neuron per layer and no biases.

    h_i = w_i a_{i-1} (a_0 = x), a_i = σ(h_i), ŷ = a_n. ``factors`` lists the chain
    rule's factors of ∂C/∂w_1 = x · σ'(h_1) · w_2 · σ'(h_2) ··· w_n · σ'(h_n) · ∂C/∂ŷ
    as (name, value) pairs; ``product`` is their product.
    """

    x: float
    weights: list[float]
    y: float
    h: list[float]
    a: list[float]
    cost: float
    factors: list[tuple[str, float]]
    activation: object = "sigmoid"  # σ of every neuron (an Activation or its name)
    cost_function: object = "quadratic"  # C (a Cost or its name)

    @property
    def product(self) -> float:
        return float(math.prod(v for _, v in self.factors))

    def network(self, activation=None, cost=None):
        """The same chain as a :class:`~bpcore.network.Network` of sizes [1, 1, ..., 1], b = 0.

        ``activation`` and ``cost`` default to the chain's own.
        """
        from bpcore.network import Network

        activation = self.activation if activation is None else activation
        cost = self.cost_function if cost is None else cost
        return Network.from_parameters(
            [[[w]] for w in self.weights], [[[0.0]] for _ in self.weights], activation, cost
        )


def chain(x: float, weights, y: float, activation="sigmoid", cost="quadratic") -> Chain:
    """The single-neuron chain and the factors of ∂C/∂w_1 (the source's eq. 78–87).

    Each σ'(h_i) of a sigmoid is at most 1/4, so with |w_i| ≲ 1 a chain of n neurons
    multiplies the gradient by about 4^{-n}: long sigmoid chains learn slowly.
    """
    from bpcore.activations import get_activation
    from bpcore.costs import get_cost

    x = _checks.finite_number(x, "x")
    y = _checks.finite_number(y, "y")
    weights = [_checks.finite_number(w, f"weights[{i}]") for i, w in enumerate(weights)]
    if not weights:
        raise ValueError("weights: expected at least one weight, got none")
    sigma = get_activation(activation)
    cost_function = get_cost(cost)
    h, a = [], []
    previous = x
    for w in weights:
        h.append(w * previous)
        previous = float(sigma.function(np.array([[h[-1]]]))[0, 0])
        a.append(previous)
    y_hat = np.array([[a[-1]]])
    factors = [("x", x)]
    for i, w in enumerate(weights, start=1):
        if i > 1:
            factors.append((f"w_{i}", w))
        factors.append((f"σ'(h_{i})", float(sigma.derivative(np.array([[h[i - 1]]]))[0, 0])))
    factors.append(("∂C/∂ŷ", float(cost_function.gradient(y_hat, np.array([[y]]))[0, 0])))
    C = cost_function.mean(y_hat, np.array([[y]]))
    return Chain(x, weights, y, h, a, C, factors, sigma, cost_function)


def chain_gradient(c: Chain, activation=None, cost=None) -> float:
    """∂C/∂w_1 of the chain by backpropagation, to check the product of factors against.

    ``activation`` and ``cost`` default to those the chain was built with.
    """
    net = c.network(activation, cost)
    return float(backprop(net, np.array([[c.x]]), np.array([[c.y]])).nabla_w[0][0, 0])
