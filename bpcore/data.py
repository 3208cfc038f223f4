"""Data in the book's format: the embedded 8×8 digits (the default) and two toy sets.

The book's ``mnist_loader.load_data_wrapper`` returns three sequences:

- ``training_data``: ``(x, y)`` pairs, ``x`` a column of pixels of shape ``(n_1, 1)``
  and ``y`` the one-hot column of shape ``(10, 1)`` for the digit;
- ``validation_data`` and ``test_data``: ``(x, label)`` pairs, ``label`` an int.

Every loader here returns exactly that, as real ``list`` objects: in Python 3 the
book's ``zip(...)`` is a one-shot iterator, so ``len(test_data)`` fails and a second
epoch sees no data. The full MNIST is :mod:`bpcore.mnist`'s.

:func:`load_digits` needs no download and only numpy: the 1,797 8×8 handwritten digits
ship inside bpcore, in ``optdigits.csv.gz`` (one line per image: its 64 pixels 0..16,
row by row, then its label). They are the test set of the UCI "Optical Recognition of
Handwritten Digits" data by E. Alpaydin and C. Kaynak (1998),
https://archive.ics.uci.edu/dataset/80, licensed CC BY 4.0 — the same copy that
scikit-learn ships as ``load_digits``.
"""

from __future__ import annotations

import gzip
from importlib import resources
from typing import Any

import numpy as np

from bpcore import _checks

Array = np.ndarray
TrainingData = list[tuple[Array, Array]]
LabelledData = list[tuple[Array, int]]

#: The embedded digits file inside the bpcore package.
DIGITS_FILE = "optdigits.csv.gz"


# --- the book's format ------------------------------------------------------------------
def book_format(
    images: Array, labels: Array, *, one_hot: bool, num_classes: int = 10
) -> list[tuple[Array, Any]]:
    """Pairs ``(x, y)`` from images of shape ``(m, n_1)`` and integer labels ``(m,)``.

    Each ``x`` is a ``(n_1, 1)`` view of one row of a single float64 array (one copy of
    the data, not m small ones). ``y`` is a one-hot ``(num_classes, 1)`` column when
    ``one_hot``, else the label as a Python int.
    """
    rows = np.ascontiguousarray(images, dtype=np.float64)
    n = rows.shape[1]
    xs = [row.reshape(n, 1) for row in rows]
    if not one_hot:
        return list(zip(xs, labels.tolist(), strict=True))
    targets = np.eye(num_classes)[labels]  # (m, num_classes), one row per example
    return [(x, t.reshape(num_classes, 1)) for x, t in zip(xs, targets, strict=True)]


def check_split_sizes(total: int, validation_size: object, test_size: object) -> tuple[int, int]:
    """Validation and test sizes that leave at least one of ``total`` examples to train on."""
    validation = _checks.nonnegative_integer(validation_size, "validation_size")
    test = _checks.nonnegative_integer(test_size, "test_size")
    if validation + test >= total:
        raise ValueError(
            f"validation_size + test_size = {_checks._shown(validation + test)} leaves no training "
            f"examples out of {total}"
        )
    return validation, test


# --- the digits set (embedded) ------------------------------------------------------------
def _digits() -> tuple[Array, Array]:
    """The 1,797 embedded digits: pixels ``(1797, 64)`` as 0..16, labels ``(1797,)``."""
    with resources.files("bpcore").joinpath(DIGITS_FILE).open("rb") as raw:
        with gzip.open(raw, "rt", encoding="ascii") as text:
            table = np.loadtxt(text, delimiter=",", dtype=np.int64)
    return table[:, :-1], table[:, -1]


def load_digits(
    validation_size: int = 297, test_size: int = 300, seed: int = 0
) -> tuple[TrainingData, LabelledData, LabelledData]:
    """The 1,797 handwritten 8×8 digits embedded in bpcore, in the book's format.

    Returns ``(training_data, validation_data, test_data)``: ``training_data`` a list of
    ``(x, y)`` with ``x`` of shape ``(64, 1)`` in [0, 1] (pixels 0..16 divided by 16) and
    ``y`` one-hot ``(10, 1)``; the other two lists of ``(x, label)``. The split is a
    permutation seeded by ``seed``: the first ``test_size`` examples are the test set,
    the next ``validation_size`` the validation set, the rest (1,200 by default) train.
    Use it with ``Network([64, 30, 10])`` as the book uses ``Network([784, 30, 10])``.
    """
    pixels, labels = _digits()
    images = pixels.astype(np.float64) / 16.0
    validation_size, test_size = check_split_sizes(len(labels), validation_size, test_size)
    order = np.random.default_rng(_checks.nonnegative_integer(seed, "seed")).permutation(
        len(labels)
    )
    test, validation = order[:test_size], order[test_size : test_size + validation_size]
    train = order[test_size + validation_size :]
    return (
        book_format(images[train], labels[train], one_hot=True),
        book_format(images[validation], labels[validation], one_hot=False),
        book_format(images[test], labels[test], one_hot=False),
    )


# --- small toy sets for notebooks -------------------------------------------------------------
def xor_data() -> TrainingData:
    """The four XOR examples: ``x`` of shape ``(2, 1)``, target ``y`` of shape ``(1, 1)``.

    A network ``[2, 2, 1]`` (or wider) can learn it; no network without a hidden layer can.
    """
    inputs = [(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0)]
    return [(np.array([[a], [b]]), np.array([[float(a != b)]])) for a, b in inputs]


#: The most points a toy set in the plane holds: far more than a picture shows, and each is a
#: pair of arrays in the book's format (a few hundred bytes), so 10^5 take about 40 MB.
MAX_TOY_POINTS = 100_000


def two_blobs(n: int = 200, seed: int = 0, distance: float = 3.0) -> TrainingData:
    """Two Gaussian clouds in the plane, ``n`` points in all, classes alternating.

    Pairs ``(x, y)``: ``x`` of shape ``(2, 1)``, ``y`` one-hot ``(2, 1)``. Class 0 is
    centred at ``(-distance/2, 0)``, class 1 at ``(+distance/2, 0)``, unit spread. Use
    with ``Network([2, ..., 2])``; ``net.evaluate`` accepts the same list.
    """
    n = _checks.integer_in_range(n, "n", 1, MAX_TOY_POINTS)
    rng = np.random.default_rng(_checks.nonnegative_integer(seed, "seed"))
    labels = np.arange(n) % 2
    points = rng.standard_normal((n, 2))
    points[:, 0] += np.where(labels == 1, distance / 2, -distance / 2)
    return book_format(points, labels, one_hot=True, num_classes=2)


def xor_clouds(n: int = 80, seed: int = 0, spread: float = 0.5) -> TrainingData:
    """XOR as four Gaussian clouds: ``n`` points around the corners (±1, ±1), corners taken in
    turn; class 1 where the two coordinates have opposite signs, class 0 where they agree.

    Pairs ``(x, y)`` as :func:`two_blobs` (``x`` ``(2, 1)``, ``y`` one-hot ``(2, 1)``). No
    straight line separates the classes: a network needs a hidden layer, e.g. ``[2, 4, 2]``.
    """
    n = _checks.integer_in_range(n, "n", 1, MAX_TOY_POINTS)
    spread = _checks.positive_number(spread, "spread")
    rng = np.random.default_rng(_checks.nonnegative_integer(seed, "seed"))
    corners = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])
    which = np.arange(n) % 4
    points = corners[which] + spread * rng.standard_normal((n, 2))
    labels = np.array([0, 1, 1, 0])[which]
    return book_format(points, labels, one_hot=True, num_classes=2)
