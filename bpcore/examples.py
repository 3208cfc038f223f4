"""Small ready-made networks with an input and a target, for pictures, widgets and notebooks.

Each function returns an :class:`Example` ``(net, x, y)``: a network, one input column
``x`` of shape ``(n_1, 1)`` and its target ``y`` of shape ``(n_L, 1)``. Everything is
seeded, so the same call gives the same numbers every time.

* :func:`book_network` — 2-3-2, the network of "A simple backprop explanation" (2016).
* :func:`trained_digits_network` — 64-30-10 trained for a few epochs on the 8×8 digits.
* :func:`wide_network` — 784-30-10, the book's MNIST shape (untrained), with a digit
  enlarged to 28×28 as input: the size the explorers must stay fast on.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import numpy as np

from bpcore import _checks
from bpcore.data import load_digits
from bpcore.network import Network

Array = np.ndarray


class Example(NamedTuple):
    """A network with one input ``x`` (n_1, 1) and its target ``y`` (n_L, 1).

    Unpacks as ``net, x, y = book_network()``.
    """

    net: Network
    x: Array
    y: Array

    @property
    def label(self) -> int:
        """The index of the largest entry of ``y``: the digit, for the digits examples."""
        return int(np.argmax(self.y[:, 0]))


def book_network(seed: int = 0, cost: str = "quadratic") -> Example:
    """A 2-3-2 sigmoid network (Gaussian weights, seeded) with x = (0.8, 0.3)ᵀ and y = (1, 0)ᵀ."""
    net = Network([2, 3, 2], activation="sigmoid", cost=cost, seed=seed)
    return Example(net, np.array([[0.8], [0.3]]), np.array([[1.0], [0.0]]))


@lru_cache(maxsize=4)
def _trained_digits(seed: int, epochs: int, hidden: int) -> tuple[Network, Array, int]:
    from bpcore.train import SGD

    training, _, test = load_digits(seed=seed)
    net = Network([64, hidden, 10], seed=seed)
    SGD(net, training, epochs, 10, 3.0, seed=seed, progress=False, monitor_cost=False)
    x, label = test[0]
    return net, x.copy(), int(label)


def trained_digits_network(seed: int = 0, epochs: int = 5, hidden: int = 30) -> Example:
    """A 64-``hidden``-10 network trained by SGD on the 8×8 digits (η = 3, batches of 10).

    ``x`` is the first test digit and ``y`` its one-hot label. Training takes well
    under a second; the result is cached,
    and each call returns its own copy of the network.
    """
    seed = int(seed)
    epochs = _checks.positive_integer(epochs, "epochs")
    hidden = _checks.positive_integer(hidden, "hidden")
    net, x, label = _trained_digits(seed, epochs, hidden)
    y = np.zeros((10, 1))
    y[label] = 1.0
    return Example(net.copy(), x.copy(), y)


def digit_as_mnist(image: Array) -> Array:
    """An 8×8 digit (64 values in [0, 1]) as a 28×28 MNIST-like column (784, 1).

    Each pixel becomes a 3×3 block (24×24) and a 2-pixel border is added, as MNIST
    centres its digits inside a blank frame.
    """
    image = np.asarray(image, dtype=float)
    if image.size != 64:
        raise ValueError(f"image: expected 64 pixels (8×8), got {image.size}")
    big = np.kron(image.reshape(8, 8), np.ones((3, 3)))
    return np.pad(big, 2).reshape(784, 1)


def wide_network(seed: int = 0) -> Example:
    """A 784-30-10 sigmoid network as the book's MNIST network (untrained, seeded).

    The input is the first test digit of the 8×8 set enlarged to 28×28
    (:func:`digit_as_mnist`); ``y`` is its one-hot label.
    """
    net = Network([784, 30, 10], seed=seed)
    _, _, test = load_digits(seed=seed)
    image, label = test[0]
    y = np.zeros((10, 1))
    y[label] = 1.0
    return Example(net, digit_as_mnist(image), y)
