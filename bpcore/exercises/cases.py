"""Random cases for the checkers: sizes, networks, examples and weights, all from a seeded rng.

Networks are sigmoid with the quadratic cost, as in the chapter; ``x`` and ``y`` are
columns (eq. 25). The order in which the rng is drawn from is part of each checker's
output (the case descriptions and numbers a notebook stores), so change it with care.
"""

from __future__ import annotations

import numpy as np

from bpcore.network import Network

Array = np.ndarray

#: Layer sizes the network checkers cycle through; [3, 3, 3] has square weight matrices,
#: so a transposed w^l gives wrong numbers instead of a shape error.
NETWORK_SIZES = ([2, 3, 2], [3, 4, 4, 2], [3, 3, 3], [4, 5, 3], [2, 2, 2, 2], [5, 3, 4])


def shapes(**arrays: object) -> str:
    """``"s (2, 1), t (2, 1)"``: the shapes of the named arrays, for a case's description."""
    return ", ".join(f"{k} {np.shape(v)}" for k, v in arrays.items())  # type: ignore[call-overload]


def column_size(rng: np.random.Generator, i: int, low: int = 1, high: int = 6) -> tuple[int, int]:
    """(n, m): n neurons, m examples; the first three cases are single columns."""
    n = int(rng.integers(low, high + 1))
    m = 1 if i < 3 else int(rng.integers(1, 6))
    return n, m


def batch_size(rng: np.random.Generator, i: int, instead_of_one: int) -> tuple[int, int]:
    """(n, m) as :func:`column_size`, but from the fourth case on never a single column.

    For the equations that average over the examples (BP3, BP4), where a sum and a mean
    differ only when m > 1.
    """
    n, m = column_size(rng, i)
    return n, instead_of_one if i >= 3 and m == 1 else m


def weighted_inputs(rng: np.random.Generator, shape: tuple[int, ...]) -> Array:
    """Weighted inputs z, some in σ's saturated tails."""
    return rng.uniform(-5.0, 5.0, shape)


def sigmoid_net(rng: np.random.Generator, i: int) -> Network:
    """Case ``i``'s network: the sizes cycle through :data:`NETWORK_SIZES`."""
    return Network(NETWORK_SIZES[i % len(NETWORK_SIZES)], seed=int(rng.integers(2**31)))


def example(rng: np.random.Generator, net: Network, m: int = 1) -> tuple[Array, Array]:
    """An input x in [-1, 1] and a target y in [0, 1], m columns each."""
    x = rng.uniform(-1.0, 1.0, (net.sizes[0], m))
    y = rng.uniform(0.0, 1.0, (net.sizes[-1], m))
    return x, y


def weight(rng: np.random.Generator, net: Network) -> tuple[int, int, int]:
    """A random weight w^l_jk: (l, j, k) in the book's layer numbering, j and k from 0."""
    layer = int(rng.integers(2, net.num_layers + 1))
    j = int(rng.integers(net.sizes[layer - 1]))
    k = int(rng.integers(net.sizes[layer - 2]))
    return layer, j, k
