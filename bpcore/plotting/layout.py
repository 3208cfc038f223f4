"""Where the neurons of a network are drawn, and the checks on what they are given to show.

A :class:`Layout` places layer l (the book's numbering, 1..L) in column l - 1: a column of
circles, or a small image when the layer is too wide for circles (64 inputs → 8×8,
784 → 28×28). :func:`check_layer_values` and :func:`check_highlight` check what a drawing is asked
to show before anything is drawn, so a bad value changes nothing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from bpcore import _checks

#: One layer's values: n_l numbers, shape (n_l,) or (n_l, 1), or a list of them.
Column = np.ndarray | Sequence[float]
#: One entry per layer 1..L: that layer's values, or None where it has none to show.
LayerValues = Sequence[Column | None]
#: A nudged parameter (l, j, k): w^l_jk, or b^l_j when k is None.
Parameter = tuple[int, int, int | None]


def grid_shape(n: int) -> tuple[int, int]:
    """Rows and columns of the image of a wide layer: 8×8 for 64, 28×28 for 784."""
    rows = math.isqrt(n)
    if rows * rows == n:
        return rows, rows
    rows = math.ceil(math.sqrt(n))
    return rows, math.ceil(n / rows)


class Layout:
    """Where every neuron of a network sits (data coordinates, equal aspect).

    Layer l (book numbering) is the column x = (l - 1)·gap. A layer of at most ``max_circles``
    neurons is a column of circles spread over the height ``span``; a wider one is an
    image of ``grid_shape(n)`` pixels, neuron k at row k // columns, column k % columns.
    ``positions[l - 1]`` holds the centres of layer l, shape (n_l, 2); ``extents[l - 1]``
    the (left, right, bottom, top) of its image, or None for circles.
    """

    def __init__(self, sizes: Sequence[int], max_circles: int) -> None:
        self.sizes = list(sizes)
        self.is_image = [n > max_circles for n in self.sizes]
        largest = max((n for n, image in zip(self.sizes, self.is_image) if not image), default=1)
        # The height of a column of circles: 2 layer gaps, taller for long columns.
        self.span = max(2.0, 0.1 * largest)
        self.gap = max(1.0, 0.6 * self.span)  # between columns
        self.radius = min(0.14, 0.36 * min(0.5, self.span / largest))
        self.positions: list[np.ndarray] = []
        self.extents: list[tuple[float, float, float, float] | None] = []
        for i, n in enumerate(self.sizes):
            if self.is_image[i]:
                rows, cols = grid_shape(n)
                side = min(0.8 * self.gap, 0.5 * self.span) / max(rows, cols)
                width, height = side * cols, side * rows
                left, top = i * self.gap - width / 2, height / 2
                k = np.arange(n)
                xs = left + (k % cols + 0.5) * side
                ys = top - (k // cols + 0.5) * side
                self.extents.append((left, left + width, top - height, top))
            else:
                xs = np.full(n, i * self.gap)
                spacing = min(0.5, self.span / n)  # narrow layers spread out more
                ys = (np.arange(n)[::-1] - (n - 1) / 2) * spacing
                self.extents.append(None)
            self.positions.append(np.column_stack([xs, ys]))

    def position(self, layer: int, j: int) -> tuple[float, float]:
        """The centre of neuron j of layer l (book numbering): a circle's or a pixel's."""
        x, y = self.positions[layer - 1][j]
        return float(x), float(y)

    def extent(self, layer: int) -> tuple[float, float, float, float]:
        """(left, right, bottom, top) of the image of layer l (book numbering)."""
        extent = self.extents[layer - 1]
        if extent is None:
            raise ValueError(f"layer {layer} is drawn as circles, not as an image")
        return extent

    def bottom(self) -> float:
        """The lowest point of any neuron (the layer labels go below it)."""
        lows = [p[:, 1].min() for p in self.positions]
        return float(min(lows)) - self.radius


def check_column(value: Column, n: int, argument: str) -> np.ndarray:
    """One layer's values as a flat array of n numbers (from (n,), (n, 1) or a list)."""
    array = np.asarray(value, dtype=float)
    if array.size != n or (array.ndim == 2 and array.shape[1] != 1) or array.ndim > 2:
        raise ValueError(
            f"{argument}: expected {n} values, shape ({n},) or ({n}, 1) (one example), "
            f"got shape {array.shape}"
        )
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{argument}: expected finite numbers, got {array.ravel()}")
    return array.ravel()


def check_layer_values(
    values: LayerValues | None, sizes: Sequence[int], argument: str
) -> list[np.ndarray | None]:
    """A list with one entry per layer 1..L: an array of n_l values, or None."""
    if values is None:
        return [None] * len(sizes)
    if isinstance(values, np.ndarray) or len(values) != len(sizes):
        raise ValueError(
            f"{argument}: expected a list with one entry per layer l = 1..{len(sizes)} "
            f"({len(sizes)} in all; None where a layer has no value), got "
            f"{type(values).__name__} of length {len(values)}"
        )
    return [
        None if v is None else check_column(v, n, f"{argument}[{i}] (layer {i + 1})")
        for i, (v, n) in enumerate(zip(values, sizes))
    ]


def check_highlight(chosen: Parameter | None, sizes: Sequence[int]) -> Parameter | None:
    """(l, j, k) checked against the layer sizes (k None for the bias b^l_j), or None."""
    if chosen is None:
        return None
    if not isinstance(chosen, (tuple, list)) or len(chosen) != 3:
        raise ValueError(
            f"highlight: expected (l, j, k) for w^l_jk or (l, j, None) for b^l_j, got {chosen!r}"
        )
    layer = _checks.layer(chosen[0], len(sizes), "highlight[0] (l)")
    j = _checks.index(chosen[1], sizes[layer - 1], "highlight[1] (j)", f"layer {layer} neuron")
    k = chosen[2]
    if k is not None:
        k = _checks.index(k, sizes[layer - 2], "highlight[2] (k)", f"layer {layer - 1} neuron")
    return layer, j, k
