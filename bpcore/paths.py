"""The sum over paths (eq. 51–53): ∂C/∂w^l_jk as a sum of products of rate factors.

A path runs from the weight w^l_jk through one neuron of each later layer to the cost:
w^l_jk → a^l_j → a^{l+1}_p → … → a^L_q → C. Along it every step multiplies by a rate
factor: ∂a^l_j/∂w^l_jk = σ'(z^l_j) a^{l-1}_k for the first, ∂a^q_i/∂a^{q-1}_p =
σ'(z^q_i) w^q_ip between neurons and ∂C/∂a^L_q at the end. The path's rate is the
product of its factors, and the rates of all paths add up to ∂C/∂w^l_jk (eq. 53).

In a coupled layer (softmax) each a^q_i depends on every z^q_r, so its factors are
the total derivatives ∂a^q_i/∂a^{q-1}_p = Σ_r J^q_ir w^q_rp, and a path may leave the
nudged weight through any neuron of layer l; the sum is still ∂C/∂w^l_jk.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import overload

import numpy as np

from bpcore import _checks
from bpcore.backprop import NetworkLike
from bpcore.nudge import Nudger

Array = np.ndarray

#: The most paths :func:`paths` lists or keeps per neuron while searching (``limit``,
#: ``top``): 10^5 paths are already far more than a reader can look at, and beyond
#: about 10^6 the Python objects alone would fill gigabytes.
MAX_LISTED = 100_000
#: The most candidate rates the search for the ``top`` largest paths may weigh: ``top``
#: prefixes per neuron, extended along every edge of every later layer. 10^7 take a few
#: seconds here; a wide, deep network with a large ``top`` would take minutes and gigabytes.
MAX_SEARCH = 10_000_000


@dataclass
class Path:
    """One path w^l_jk → a^l_{i_l} → a^{l+1}_{i_{l+1}} → … → a^L_{i_L} → C.

    ``neurons`` are the neuron indices (i_l, ..., i_L), with i_l = j for the chapter's
    elementwise neurons; ``factors`` the rate factors along it (∂a^l_{i_l}/∂w^l_jk,
    ∂a^q_i/∂a^{q-1}_p for each step, ∂C/∂a^L_{i_L}), and ``rate`` their product (eq. 53).
    """

    neurons: tuple[int, ...]
    factors: tuple[float, ...]
    rate: float


@dataclass
class Paths:
    """The paths from one weight to the cost: a sequence of :class:`Path`, largest |rate| first.

    Iterate over it, index it and take its ``len`` as a list. ``total`` is ∂C/∂w^l_jk by
    backpropagation. ``complete`` says whether it lists all ``count`` paths; if not, it
    holds the ``len(paths)`` largest. (It is not a ``collections.abc.Sequence``, whose
    ``count`` method would clash with the number of paths.)
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
        """The sum of the listed rates: equals ``total`` when ``complete`` (eq. 53)."""
        return float(sum(p.rate for p in self.paths))

    def __len__(self) -> int:
        return len(self.paths)

    def __iter__(self) -> Iterator[Path]:
        return iter(self.paths)

    @overload
    def __getitem__(self, index: int) -> Path: ...

    @overload
    def __getitem__(self, index: slice) -> list[Path]: ...

    def __getitem__(self, index: int | slice) -> Path | list[Path]:
        return self.paths[index]


@dataclass
class RateFactors:
    """The rate factors of every edge, for one example.

    ``first[i]`` = ∂a^l_i/∂w^l_jk (∂a^l_i/∂b^l_j for a bias); ``starts`` the neurons i of
    layer l a path can begin at (only j, unless layer l is coupled); ``steps[s][i, p]`` =
    ∂a^q_i/∂a^{q-1}_p for q = l+1+s; ``last[i]`` = ∂C/∂a^L_i.
    """

    first: Array
    starts: list[int]
    steps: list[Array]
    last: Array


def rate_factors(nudger: Nudger, layer: int, j: int, k: int | None) -> RateFactors:
    """The rate factors of eq. 51 at the nudger's example (its first column)."""
    net, g = nudger.net, nudger.gradients
    i0 = layer - 2
    zs, activations = [z[:, :1] for z in g.zs], [a[:, :1] for a in g.activations]
    # ∂z^l_j/∂w^l_jk = a^{l-1}_k (1 for a bias), then through layer l's activation.
    dz = np.zeros_like(zs[i0])
    dz[j] = 1.0 if k is None else activations[i0][k, 0]
    layer_activation = net.activation_functions[i0]
    first = layer_activation.jacobian_times(zs[i0], activations[i0 + 1], dz)[:, 0]
    starts = [j] if layer_activation.elementwise else list(range(first.size))
    steps = []
    for q in range(i0 + 1, len(net.weights)):
        activation, w = net.activation_functions[q], net.weights[q]
        if activation.elementwise:  # σ'(z^q_i) w^q_ip
            steps.append(nudger.sigma_primes[q][:, :1] * w)
        else:  # Σ_r J^q_ir w^q_rp
            steps.append(activation.jacobian_at(zs[q], activations[q + 1])[0] @ w)
    last = net.cost_function.gradient(g.output[:, :1], nudger.y[:, :1])[:, 0]
    return RateFactors(first, starts, steps, last)


def paths(
    net: NetworkLike,
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
    the others. At most :data:`MAX_LISTED` paths are ever listed.
    """
    nudger = Nudger(net, x, y)
    if nudger.x.shape[1] != 1:
        raise ValueError(
            f"x: paths are traced for one example, shape ({net.sizes[0]}, 1); "
            f"got {nudger.x.shape[1]} columns"
        )
    layer, j, k, _ = nudger.check(layer, j, k)
    limit = _checks.positive_integer(limit, "limit")
    top = _checks.integer_in_range(top, "top", 1, MAX_LISTED)
    g = nudger.gradients
    total = float(g.nabla_b[layer - 2][j, 0] if k is None else g.nabla_w[layer - 2][j, k])
    factors = rate_factors(nudger, layer, j, k)
    count = len(factors.starts) * math.prod(net.sizes[layer:])
    if MAX_LISTED < count <= limit:
        raise ValueError(
            f"limit: listing all {count:,} paths would not fit in memory; pass a limit "
            f"below {count:,} (at most {MAX_LISTED:,}) to get the ``top`` largest instead"
        )
    if count > limit:
        per_prefix = sum(step.size for step in factors.steps) + len(factors.last)
        if top * per_prefix > MAX_SEARCH:
            raise ValueError(
                f"top: finding the {top:,} largest of {count:,} paths would weigh "
                f"{top * per_prefix:,} candidate rates, more than the {MAX_SEARCH:,} bpcore "
                f"allows (a few seconds); ask for at most {max(1, MAX_SEARCH // per_prefix):,}"
            )
    listed = _top_paths(factors, top=None if count <= limit else top)
    return Paths(layer, j, k, count, listed, count <= limit, total)


def _top_paths(factors: RateFactors, top: int | None) -> list[Path]:
    """The ``top`` paths of largest |rate| (all of them if ``top`` is None), largest first.

    |rate| is a product of non-negative |factors|, so the best k paths through a
    neuron extend the best k prefixes ending at the neuron before it: keeping k
    prefixes per neuron, layer by layer, finds the exact k best.
    """
    first, steps, last = factors.first, factors.steps, factors.last
    # beams[i] = list of (|rate|, rate, neurons) of the best prefixes ending at neuron i
    beams: dict[int, list[tuple[float, float, tuple[int, ...]]]] = {
        i: [(abs(first[i]), float(first[i]), (i,))] for i in factors.starts
    }
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
        path_factors = [float(first[neurons[0]])]
        path_factors += [float(steps[s][neurons[s + 1], neurons[s]]) for s in range(len(steps))]
        path_factors.append(float(last[neurons[-1]]))
        listed.append(Path(neurons, tuple(path_factors), float(rate)))
    return listed
